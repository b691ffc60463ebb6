"""Hosting: new places of a type open only in the years a municipality may host it (the scenario's
``hosting`` in force that year, else the type's ``allowed_municipalities``, else all), and a municipality's
places of a type within the scenario's cap for it in every year in which a cap holds."""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    for p in r.types:
        for t in r.years:
            hosts = r.scenario.hosts(r.region, p, t)
            prev = r.prev(t)
            for m in r.munis:
                if m in hosts:
                    continue
                if m not in r.hosts[p]:  # never a host in the scenario's years
                    if r.new[m, p, t]:
                        bad.append(f"{p} {t}: {r.new[m, p, t]} new places in {r.name(m)}, which may not host it")
                    continue
                opened = r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0)
                if opened > 0:
                    bad.append(f"{p} {t}: {opened} new places opened in {r.name(m)}, which may not host it "
                               f"that year")
    for m, per_type in r.scenario.caps.items():
        for p in per_type:
            if p not in r.types:
                continue
            for t in r.years:
                cap = r.scenario.cap(m, p, t)
                if cap is not None and r.places[m, p, t] > cap:
                    bad.append(f"{p} in {r.name(m)}, {t}: {r.places[m, p, t]} places above the cap of {cap}")
    return bad
