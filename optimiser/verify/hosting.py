"""Hosting: new places of a type only in the municipalities allowed to host it (the scenario's
``hosting``, else the type's ``allowed_municipalities``, else all), and a municipality's places of a
type within the scenario's cap for it in every year."""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    for p in r.types:
        for m in r.munis:
            if m in r.hosts[p]:
                continue
            for t in r.years:
                if r.new[m, p, t]:
                    bad.append(f"{p} {t}: {r.new[m, p, t]} new places in {r.name(m)}, which may not host it")
    for m, per_type in r.scenario.caps.items():
        for p, cap in per_type.items():
            if p not in r.types:
                continue
            for t in r.years:
                if r.places[m, p, t] > cap:
                    bad.append(f"{p} in {r.name(m)}, {t}: {r.places[m, p, t]} places above the cap of {cap}")
    return bad
