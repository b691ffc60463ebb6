"""Maps of a result: wijken coloured by draagkracht use with new places on top, GeoJSON for GIS users,
and the vlekkenplan (search areas per facility type).

They draw the result they are given; the command line and the web service give them a redacted copy
(``optimiser.report.confidential``) unless confidential detail was asked for, and the map then lists the
confidential types' new places per municipality, with no marker in any wijk."""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from data.boundaries import EXPORT_CRS  # noqa: E402
from models import CBS_CREDIT, Region, Result, Status  # noqa: E402
from models.i18n import Words, t_  # noqa: E402
from models.region import wijk_municipality_code  # noqa: E402
from optimiser import geography as geo  # noqa: E402
from optimiser.report.charts import OKABE_ITO  # noqa: E402
from optimiser.report.confidential import NOTE_NL, shown_per_wijk  # noqa: E402

log = logging.getLogger(__name__)

def _credit(w: Words) -> str:
    return f"{CBS_CREDIT} — " + w._("wijk boundaries and key figures")
COLOURS = OKABE_ITO  # the types' markers: apart for colour-blind readers
SHAPES = ("o", "s", "D")  # beyond eight types, the colours again in another shape
#: where a label may go when its own place is taken: offsets in points, nearest first
CANDIDATES = [(dx * r, dy * r) for r in (0, 8, 14, 20, 28, 36, 46, 58, 72)
              for dx, dy in ((0, 0), (0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1))
              if r or (dx, dy) == (0, 0)]


def drawable(result: Result) -> None:
    """Raise ValueError, in one line, when a result holds no allocation to draw (an infeasible or failed
    solve): its maps, GeoJSON and vlekkenplan would show nothing but empty wijken."""
    if not result.status.solved or not result.allocation:
        why = {Status.infeasible: t_("the scenario is infeasible"),
               Status.error: t_("the solve ended in an error")}.get(result.status, t_("the result holds no allocation"))
        raise ValueError(t_(
            "{why}: there is no allocation to draw (see the diagnosis in `regio solve` and summary.json)", why=why))


def new_places_by_wijk(result: Result) -> dict[str, dict[str, int]]:
    """Cumulative new places per wijk and type in the result's last year."""
    last = result.last_year
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for a in result.allocation:
        if a.year == last and a.wijk and a.new_places:
            out[a.wijk][a.type] = out[a.wijk].get(a.type, 0) + a.new_places
    return out


def new_places_by_municipality(result: Result, types: list[str]) -> dict[str, dict[str, int]]:
    """Cumulative new places per type and municipality in the result's last year, for the given types."""
    out: dict[str, dict[str, int]] = {t: {} for t in types}
    for a in result.allocation:
        if a.year == result.last_year and a.type in out and a.new_places:
            out[a.type][a.municipality] = out[a.type].get(a.municipality, 0) + a.new_places
    return {t: per for t, per in out.items() if per}


def _frame(region: Region, result: Result) -> gpd.GeoDataFrame:
    """The result's wijken in EPSG:28992 with names, municipality and draagkracht figures of the last year."""
    drawable(result)
    frame = geo.wijk_frame(region)
    if frame is None or frame.empty:
        raise ValueError(t_("region {code} has no wijk boundaries to draw", code=region.code))
    last = result.last_year
    use = {r.wijk: r for r in result.draagkracht if r.year == last}
    names = region.names()
    frame = frame[["code", "geometry"]].copy()
    frame["name"] = frame["code"].map(names)
    frame["municipality"] = frame["code"].map(wijk_municipality_code)
    frame["municipality_name"] = frame["municipality"].map(names)
    frame["capacity"] = frame["code"].map(lambda c: use[c].capacity if c in use else None)
    frame["load"] = frame["code"].map(lambda c: use[c].load if c in use else None)
    frame["use_pct"] = frame["code"].map(lambda c: round(100 * min(use[c].use, 9.99), 1) if c in use else None)
    return frame


def _municipality_borders(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Municipality outlines; a small grow-and-shrink closes the slivers between simplified wijk polygons."""
    grown = frame[["municipality", "municipality_name", "geometry"]].copy()
    grown["geometry"] = grown.geometry.buffer(geo.TOUCH_M * 2)
    borders = grown.dissolve(by="municipality", aggfunc="first")
    borders["geometry"] = borders.geometry.buffer(-geo.TOUCH_M * 2)
    return borders


HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


def allocation_geojson(region: Region, result: Result) -> dict[str, Any]:
    """One feature per wijk (EPSG:4326): draagkracht capacity, load and use, and new places per type."""
    frame = _frame(region, result)
    placed = new_places_by_wijk(result)
    types = sorted({t for per in placed.values() for t in per})
    for t in types:
        frame[f"new_{t}"] = frame["code"].map(lambda c, t=t: placed.get(c, {}).get(t, 0))
    frame["new_total"] = frame["code"].map(lambda c: sum(placed.get(c, {}).values()))
    frame["region"] = result.region
    frame["scenario"] = result.scenario
    frame["bron"] = _credit(Words("nl"))
    out = frame.to_crs(EXPORT_CRS)
    import json

    collection: dict[str, Any] = json.loads(out.to_json(na="null", drop_id=True))
    if result.redacted:  # a foreign member of the collection: no wijk feature holds these types
        collection["confidential"] = {
            "note": NOTE_NL, "types": result.redacted,
            "new_places_per_municipality": new_places_by_municipality(result, result.redacted)}
    return collection


def _confidential_line(region: Region, result: Result, w: Words) -> str:
    """A title's last line on confidential addresses: left out, or (asked for) shown; empty without them."""
    if result.redacted:
        return "\n" + w._("Confidential addresses: per municipality only")
    return "\n" + w._("CONFIDENTIAL: shows the wijken of confidential addresses, do not pass on") if shown_per_wijk(
        result, region) else ""


def render_map(region: Region, result: Result, path: Path, words: Words | None = None) -> Path:
    """A PNG a council member can read (``map_figure``)."""
    fig = map_figure(region, result, words)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def marker_boxes(ax: Axes) -> list[Bbox]:
    """The drawn boxes (pixels) of the markers of the axes' scatter layers."""
    scale = ax.figure.dpi / 72
    boxes = []
    for layer in ax.collections:
        if not isinstance(layer, PathCollection) or not str(layer.get_gid() or "").startswith("new-"):
            continue
        centres = ax.transData.transform(layer.get_offsets())
        sizes = layer.get_sizes()
        for (x, y), s in zip(centres, sizes if len(sizes) == len(centres) else [sizes[0]] * len(centres),
                             strict=True):
            r = (s ** 0.5) / 2 * scale + 1
            boxes.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    return boxes


def _place_labels(ax: Axes, labels: list[tuple[str, tuple[float, float], dict[str, Any]]]) -> list[Annotation]:
    """Each label at its anchor, or at the nearest place around it where it covers no marker and no label
    placed before it, with a thin line back to the anchor when moved; in the order given (most important
    first)."""
    fig = ax.figure
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = marker_boxes(ax)
    frame = ax.get_window_extent(renderer)
    placed = []
    for text, anchor, style in labels:
        label = ax.annotate(text, anchor, xytext=(0, 0), textcoords="offset points", ha="center", va="center",
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.75}, **style)
        for dx, dy in CANDIDATES:
            label.xyann = (dx, dy)
            box = label.get_window_extent(renderer).expanded(1.08, 1.3)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in taken):
                break
        if label.xyann != (0, 0):
            ax.annotate("", anchor, xytext=label.xyann, textcoords="offset points", zorder=3,
                        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6, "shrinkA": 0,
                                    "shrinkB": 0})
        taken.append(label.get_window_extent(renderer).expanded(1.08, 1.3))
        placed.append(label)
    return placed


def map_figure(region: Region, result: Result, words: Words | None = None) -> Figure:
    """The map as a figure: wijken by draagkracht use, new places per type on top in colour-blind-safe colours,
    municipality names and the names of wijken that get new places, no label over a marker; its texts in the
    language of ``words`` (Dutch by default)."""
    w = words or Words()
    frame = _frame(region, result)
    placed = new_places_by_wijk(result)
    labels = result.labels
    types = [t.code for t in region.provision_types if any(t.code in p for p in placed.values())]
    fig, ax = plt.subplots(figsize=(11, 9), dpi=110)
    coloured = bool(frame["use_pct"].notna().any())  # no figures at all when draagkracht is switched off
    if coloured:
        frame["use_pct"] = frame["use_pct"].astype(float)
        frame.plot(column="use_pct", ax=ax, cmap="YlOrRd", vmin=0, vmax=100, edgecolor="#999999", linewidth=0.4,
                   legend=True, missing_kwds={"color": "#eeeeee", "label": w._("no data")},
                   legend_kwds={"label": w._("draagkracht use (%)"), "shrink": 0.6})
    else:
        frame.plot(ax=ax, color="#eeeeee", edgecolor="#999999", linewidth=0.4)
    borders = _municipality_borders(frame)
    borders.boundary.plot(ax=ax, color="#222222", linewidth=1.6)
    cents = {c: (g.representative_point().x, g.representative_point().y)
             for c, g in zip(frame["code"], frame.geometry, strict=True)}
    minx, miny, maxx, maxy = frame.total_bounds
    offset = 0.02 * max(maxx - minx, maxy - miny)  # markers of different types side by side, not on top
    handles = []
    for i, t in enumerate(types):
        colour, shape = COLOURS[i % len(COLOURS)], SHAPES[i // len(COLOURS) % len(SHAPES)]
        xs, ys, sizes, counts = [], [], [], []
        for wijk, per in placed.items():
            if t in per and wijk in cents:
                x, y = cents[wijk]
                # the wijk's types in rows of three, centred on a point inside the wijk
                here = [q for q in types if q in per]
                j = here.index(t)
                row_len = min(3, len(here) - 3 * (j // 3))
                xs.append(x + offset * ((j % 3) - (row_len - 1) / 2))
                ys.append(y - offset * (j // 3 - (len(here) - 1) // 3 / 2))
                sizes.append(min(90 + 6 * per[t], 320))
                counts.append(per[t])
        ax.scatter(xs, ys, s=sizes, color=colour, marker=shape, edgecolor="white", linewidth=0.8, zorder=5,
                   gid=f"new-{t}")
        light = colour in ("#E69F00", "#56B4E9", "#F0E442")  # white figures would not read on these
        for x, y, n in zip(xs, ys, counts, strict=True):
            ax.annotate(str(n), (x, y), fontsize=7, ha="center", va="center", weight="bold", zorder=6,
                        color="#111111" if light else "white", gid="count",
                        path_effects=[] if light else [patheffects.withStroke(linewidth=1.5, foreground="#333333")])
        handles.append(Line2D([], [], marker=shape, linestyle="", color=colour, markersize=9,
                              label=w._("{type} ({n} new)", type=labels.get(t, t),
                                        n=sum(p.get(t, 0) for p in placed.values()))))
    names = result.names
    for t, per in new_places_by_municipality(result, result.redacted).items():
        where = ", ".join(f"{names.get(m, m)} {n}" for m, n in per.items())
        handles.append(Line2D([], [], marker="s", linestyle="", markerfacecolor="none", markeredgecolor="#555555",
                              markersize=9, label=w._("{type} ({n} new: {where}; no wijk)", type=labels.get(t, t),
                                                      n=sum(per.values()), where=where)))
    if handles:
        ax.legend(handles=handles, title=w._("New places per type (number = places in the wijk)"), loc="upper center",
                  bbox_to_anchor=(0.5, -0.01), ncol=2, fontsize=8, title_fontsize=9, framealpha=0.9)
    last = result.last_year
    shading = (w._("wijken coloured by draagkracht use") if coloured
               else w._("draagkracht is off: wijken not coloured"))
    ax.set_title(f"{region.name} — scenario {result.scenario}, {last}\n"
                 + w._("{shading}; dots = new places", shading=shading)
                 + _confidential_line(region, result, w), fontsize=12)
    ax.set_axis_off()
    ax.text(0.99, 0.01, _credit(w), transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="#555555")
    # names last, where they cover no marker: the municipalities', then the wijken that get new places
    texts: list[tuple[str, tuple[float, float], dict[str, Any]]] = []
    for _, row in borders.iterrows():
        point = row.geometry.representative_point()
        texts.append((row["municipality_name"], (point.x, point.y),
                      {"fontsize": 10, "weight": "bold", "color": "#222222", "zorder": 7, "gid": "municipality"}))
    for wijk in sorted(placed, key=lambda c: -sum(placed[c].values())):
        if wijk in cents and placed[wijk]:
            x, y = cents[wijk]
            texts.append((names.get(wijk, wijk), (x, y - 1.6 * offset),
                          {"fontsize": 7, "color": "#111111", "zorder": 7, "gid": "wijk"}))
    _place_labels(ax, texts)
    return fig


def vlekkenplan(region: Region, result: Result) -> dict[str, list[str]]:
    """Search areas: per facility type, the wijken (by name) where its new places go."""
    drawable(result)
    names = region.names()
    out: dict[str, list[str]] = {}
    for wijk, per in sorted(new_places_by_wijk(result).items()):
        for t, n in per.items():
            muni = names.get(wijk_municipality_code(wijk), "")
            out.setdefault(t, []).append(f"{names.get(wijk, wijk)} ({muni}): {n}")
    return out


def render_vlekkenplan(region: Region, result: Result, path: Path, words: Words | None = None) -> Path:
    """Small multiples: one panel per facility type with its search areas highlighted."""
    w = words or Words()
    frame = _frame(region, result)
    placed = new_places_by_wijk(result)
    labels = result.labels
    types = [t.code for t in region.provision_types if any(t.code in p for p in placed.values())]
    if not types:
        raise ValueError(t_("the result places no new places in wijken: there is no vlekkenplan to draw"))
    cols = 3
    rows = (len(types) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 4.0 * rows), dpi=100)
    flat = list(axes.flat) if hasattr(axes, "flat") else [axes]
    borders = _municipality_borders(frame)
    for ax, t in zip(flat, types, strict=False):
        frame["n"] = frame["code"].map(lambda c, t=t: placed.get(c, {}).get(t, 0))
        frame.plot(ax=ax, color="#f2f2f2", edgecolor="#bbbbbb", linewidth=0.3)
        hit = frame[frame["n"] > 0]
        if not hit.empty:
            top = max(hit["n"])
            hit.plot(ax=ax, column="n", cmap="Blues", vmin=-0.6 * top, vmax=1.2 * top, edgecolor="#333333",
                     linewidth=0.5)
            for _, row in hit.iterrows():
                point = row.geometry.representative_point()
                ax.annotate(str(int(row["n"])), (point.x, point.y), fontsize=8, weight="bold", ha="center",
                            va="center", color="#111111", path_effects=HALO, zorder=6)
        borders.boundary.plot(ax=ax, color="#444444", linewidth=0.8)
        ax.set_title(f"{labels.get(t, t)}\n" + w._("{n} places in {wijken} wijken", n=int(frame["n"].sum()),
                                                      wijken=len(hit)), fontsize=10)
        ax.set_axis_off()
    for ax in flat[len(types):]:
        ax.set_axis_off()
    fig.suptitle(w._("Vlekkenplan {region} — search areas per provision type ({scenario})", region=region.name,
                     scenario=result.scenario) + "\n"
                 + w._("blue = wijk with new places of this type (number = places); thick line = municipal border")
                 + _confidential_line(region, result, w), fontsize=12)
    fig.tight_layout()
    fig.text(0.99, 0.005, _credit(w), ha="right", fontsize=7, color="#555555")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path
