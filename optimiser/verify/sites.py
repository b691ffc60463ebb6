"""Sites: new places of a clustered type come in whole sites of ``site_min``..``site_max`` places.

Types with the same site group share sites. Per group, area (a wijk, or a municipality without wijk
data) and year, the group's new places fit the reported number of sites, there are at most
``max_sites_per_wijk`` of them, and sites never close. Only clustered types report sites. A group that a
redacted copy shows per municipality only is checked per municipality: its places fit its sites, and sites
never close; the limit per wijk and the wijk's room are not checked.
"""

from __future__ import annotations

from collections import defaultdict

from optimiser.verify.reading import Reading
from optimiser.wijk_capacity import capacities

EPS = 1e-9


def check(r: Reading) -> list[str]:
    if not r.scenario.sites.enabled:
        return []
    most = r.scenario.sites.max_sites_per_wijk
    bad: list[str] = []
    groups: dict[str, list[str]] = defaultdict(list)
    for p in r.types:
        ptype = r.region.provision_type(p)
        if ptype.clustered:
            groups[ptype.sites_of].append(p)
        elif any(n for (_a, q, _t), n in r.sites_in.items() if q == p):
            bad.append(f"{p}: sites reported for a type that does not come in sites")
    areas = [a for m in r.munis for a in r.areas(m)]
    room: dict[str, float] = {}
    if r.scenario.draagkracht.enabled and r.region.wijken:
        existing = r.region.existing_load(r.types)
        caps = capacities(r.region, r.scenario.draagkracht)
        room = {w: cap.capacity - existing.get(w, 0.0) for w, cap in caps.items()}
    for group, types in groups.items():
        first = r.region.provision_type(types[0])
        lo, hi = first.site_min or 1, first.site_max or 1
        need = min(r.region.provision_type(p).draagkracht_weight for p in types) * lo
        per_wijk = not any(p in r.redacted for p in types)
        for a in areas if per_wijk else r.munis:
            for t in r.years:
                placed = sum(r.new_in[a, p, t] for p in types)
                n = sum(r.sites_in[a, p, t] for p in types)
                if not lo * n <= placed <= hi * n:
                    bad.append(f"{group} in {r.name(a)}, {t}: {placed} new places do not fit {n} site(s) "
                               f"of {lo}-{hi}")
                if placed and a in room and room[a] < need - EPS:
                    bad.append(f"{group} in {r.name(a)}, {t}: a site where the wijk has room for {room[a]:g} "
                               f"weighted places, the smallest site needs {need:g}")
                if per_wijk and n > most:
                    bad.append(f"{group} in {r.name(a)}, {t}: {n} sites, at most {most} allowed")
                prev = r.prev(t)
                if prev is not None:
                    before = sum(r.sites_in[a, p, prev] for p in types)
                    if n < before:
                        bad.append(f"{group} in {r.name(a)}, {t}: sites fall from {before} to {n}")
    return bad
