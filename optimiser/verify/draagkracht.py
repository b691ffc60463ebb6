"""Draagkracht: in every year, a wijk that receives new places carries at most its capacity, counting
today's located places of the scenario's types and the new places, each weighted by its type's
``draagkracht_weight``; a building adds its weighted places above today's (``Reading.added_load``).
Capacities are worked out again from the region's indicators and the policy, and the reported
draagkracht rows must hold these capacities and loads. A redacted copy's rows leave the confidential
types out (``optimiser.report.confidential``), and so does the count here."""

from __future__ import annotations

from optimiser.verify.reading import Reading
from optimiser.wijk_capacity import capacities

EPS = 1e-6


def check(r: Reading) -> list[str]:
    policy = r.scenario.draagkracht
    if not policy.enabled or not r.region.wijken:
        return []
    bad: list[str] = []
    existing = r.region.existing_load([p for p in r.types if p not in r.redacted])
    caps = capacities(r.region, policy)
    loads: dict[tuple[str, int], float] = {}
    for w, cap in caps.items():
        for t in r.years:
            added = r.added_load(w, t)
            load = loads[w, t] = existing.get(w, 0.0) + added
            # the rule bounds what new places add; today's places alone are not the result's doing
            if added > 0 and load > cap.capacity + EPS:
                bad.append(f"draagkracht {r.name(w)}, {t}: load {load:g} above capacity {cap.capacity:g}")
    for row in r.result.draagkracht:
        if (row.wijk, row.year) not in loads:
            bad.append(f"draagkracht row {row.wijk} {row.year}: not a wijk and year of the scenario")
        elif abs(row.load - loads[row.wijk, row.year]) > EPS or abs(row.capacity - caps[row.wijk].capacity) > EPS:
            bad.append(f"draagkracht row {row.wijk} {row.year} reports load {row.load:g} of {row.capacity:g}, "
                       f"the allocation gives {loads[row.wijk, row.year]:g} of {caps[row.wijk].capacity:g}")
    return bad
