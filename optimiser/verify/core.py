"""Core: the allocation rows themselves.

Every row names a municipality, type and year of the scenario, and a wijk (if any) of that municipality;
its figures are whole and non-negative, its new places at most its places (the rest are today's places
kept). Per municipality and type, the places kept never exceed today's and never grow back (closed places
stay closed), and new places never decrease, per municipality and per wijk. New places of a municipality
with wijk data lie in one of its wijken.
"""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    types, years, munis = set(r.types), set(r.years), set(r.munis)
    for a in r.result.allocation:
        where = f"row {a.municipality} {a.wijk or '-'} {a.type} {a.year}"
        if a.places < 0 or a.new_places < 0 or a.sites < 0:
            bad.append(f"{where}: negative figure (places {a.places}, new {a.new_places}, sites {a.sites})")
        if a.new_places > a.places:
            bad.append(f"{where}: {a.new_places} new places but only {a.places} places")
        if a.municipality not in munis:
            bad.append(f"{where}: {a.municipality} is not a municipality of the region")
        if a.type not in types:
            bad.append(f"{where}: {a.type} is not a type of the scenario")
        if a.year not in years:
            bad.append(f"{where}: {a.year} is not a year of the scenario")
        if a.wijk is not None and a.type in r.municipal_types:
            bad.append(f"{where}: {a.type} is placed at municipality level, not in a wijk")
        if a.wijk is not None and r.wijk_muni.get(a.wijk) != a.municipality:
            bad.append(f"{where}: wijk {a.wijk} is not in {a.municipality}")
        if a.wijk is None and a.new_places and r.areas(a.municipality, a.type) != [a.municipality]:
            bad.append(f"{where}: {a.new_places} new places without a wijk, though "
                       f"{r.name(a.municipality)} has wijken")

    for p in r.types:
        for m in r.munis:
            for t in r.years:
                kept, today = r.kept[m, p, t], r.today[m, p]
                if kept > today:
                    bad.append(f"{p} in {r.name(m)}, {t}: {kept} of today's places kept, but only {today} exist")
                prev = r.prev(t)
                if prev is None:
                    continue
                if r.new[m, p, t] < r.new[m, p, prev]:
                    bad.append(f"{p} in {r.name(m)}, {t}: new places fall from {r.new[m, p, prev]} "
                               f"to {r.new[m, p, t]}")
                if kept > r.kept[m, p, prev]:
                    bad.append(f"{p} in {r.name(m)}, {t}: closed places reopen (kept {r.kept[m, p, prev]} "
                               f"in {prev}, {kept} in {t})")
                for area in r.areas(m, p):
                    if area != m and r.new_in[area, p, t] < r.new_in[area, p, prev]:
                        bad.append(f"{p} in {r.name(area)}, {t}: new places fall from "
                                   f"{r.new_in[area, p, prev]} to {r.new_in[area, p, t]}")
    return bad
