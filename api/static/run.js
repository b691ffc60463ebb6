// The run page: while the run waits or solves, its status is asked every 2 seconds and told in the page's
// live region (no reload); when it ends, the result is put in place. Then the map to explore: wijken coloured
// by draagkracht use, new places per type, names and figures on hover or keyboard focus (Leaflet, served by
// the service itself).
(function () {
  "use strict";

  const ENDED = ["done", "failed", "cancelled"];
  const NL = new Intl.NumberFormat("nl-NL");
  // draagkracht use: steps of a sequential scale that reads in grey as well
  const STEPS = [[25, "#ffffcc"], [50, "#fed976"], [75, "#fd8d3c"], [100, "#e31a1c"], [Infinity, "#800026"]];
  // new places per type: the Okabe-Ito colours, apart for colour-blind readers
  const TYPE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"];

  function fill(use) {
    if (use === null || use === undefined) return "#eeeeee";
    for (const [upto, colour] of STEPS) if (use <= upto) return colour;
    return STEPS[STEPS.length - 1][1];
  }

  function escape(text) {
    const span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML;
  }

  function poll() {
    const status = document.getElementById("status");
    if (!status || ENDED.includes(status.dataset.status)) return;
    window.setTimeout(async function () {
      try {
        const answer = await fetch(window.location.href, {credentials: "same-origin"});
        const page = new DOMParser().parseFromString(await answer.text(), "text/html");
        const told = page.getElementById("voortgang");
        const now = page.getElementById("status");
        if (told && now) {
          document.getElementById("voortgang").innerHTML = told.innerHTML;
          if (ENDED.includes(now.dataset.status)) {
            document.getElementById("run-result").innerHTML = page.getElementById("run-result").innerHTML;
            drawMap();
          }
        }
      } catch (error) {
        // the service is briefly unreachable: ask again
      }
      poll();
    }, 2000);
  }

  function drawMap() {
    const box = document.getElementById("kaart");
    if (!box || box.dataset.drawn || typeof L === "undefined") return;
    box.dataset.drawn = "1";
    const labels = JSON.parse(box.dataset.labels || "{}");
    fetch(box.dataset.geojson, {credentials: "same-origin"}).then(function (answer) {
      if (!answer.ok) throw new Error(String(answer.status));
      return answer.json();
    }).then(function (data) {
      const types = [];
      for (const f of data.features) {
        for (const key of Object.keys(f.properties)) {
          const code = key.startsWith("new_") && key !== "new_total" ? key.slice(4) : null;
          if (code && !types.includes(code) && f.properties[key] > 0) types.push(code);
        }
      }
      types.sort();
      const map = L.map(box, {zoomSnap: 0.25});
      map.attributionControl.setPrefix(false);
      if (data.features.length) map.attributionControl.addAttribution(escape(data.features[0].properties.bron));
      const wijken = L.geoJSON(data, {
        style: function (f) {
          return {color: "#555555", weight: 1, fillColor: fill(f.properties.use_pct), fillOpacity: 0.8};
        },
        onEachFeature: function (f, layer) {
          const p = f.properties;
          const lines = ["<strong>" + escape(p.name) + "</strong> (" + escape(p.municipality_name) + ")"];
          lines.push(p.use_pct === null ? "draagkracht: geen cijfers"
            : "draagkracht: " + NL.format(p.use_pct) + " % gebruikt (" + NL.format(p.load) + " van "
              + NL.format(p.capacity) + ")");
          const placed = types.filter(function (t) { return p["new_" + t] > 0; });
          for (const t of placed) lines.push(escape(labels[t] || t) + ": " + NL.format(p["new_" + t]) + " nieuw");
          if (!placed.length) lines.push("geen nieuwe plekken");
          layer.bindTooltip(lines.join("<br>"), {sticky: true});
        },
      }).addTo(map);
      map.fitBounds(wijken.getBounds());
      // new places: one circle per wijk and type, side by side around the wijk's centre
      wijken.eachLayer(function (layer) {
        const p = layer.feature.properties;
        const placed = types.filter(function (t) { return p["new_" + t] > 0; });
        const centre = layer.getBounds().getCenter();
        placed.forEach(function (t, i) {
          const n = p["new_" + t];
          const shift = (i - (placed.length - 1) / 2) * 0.004;
          L.circleMarker([centre.lat, centre.lng + shift], {
            radius: 4 + Math.sqrt(n) * 2, color: "#ffffff", weight: 1,
            fillColor: TYPE_COLOURS[types.indexOf(t) % TYPE_COLOURS.length], fillOpacity: 1,
          }).bindTooltip(escape(p.name) + ": " + NL.format(n) + " nieuwe plekken " + escape(labels[t] || t))
            .addTo(map);
        });
      });
      const legend = L.control({position: "bottomright"});
      legend.onAdd = function () {
        const div = L.DomUtil.create("div", "legend");
        let html = "<strong>Draagkrachtgebruik</strong><br>";
        let from = 0;
        for (const [upto, colour] of STEPS) {
          html += '<i style="background:' + colour + '"></i>'
            + (upto === Infinity ? "boven " + from + " %" : from + "–" + upto + " %") + "<br>";
          from = upto;
        }
        if (types.length) html += "<strong>Nieuwe plekken</strong><br>";
        types.forEach(function (t, i) {
          html += '<i class="dot" style="background:' + TYPE_COLOURS[i % TYPE_COLOURS.length] + '"></i>'
            + escape(labels[t] || t) + "<br>";
        });
        div.innerHTML = html;
        return div;
      };
      legend.addTo(map);
    }).catch(function () {
      box.textContent = "De kaart kon niet worden geladen; de afbeelding hieronder toont dezelfde kaart.";
    });
  }

  poll();
  drawMap();
})();
