"""Draagkracht: in every year, a wijk that receives new places carries at most its capacity, counting
today's located places of the scenario's types and the new places, each weighted by its type's
``draagkracht_weight``. Capacities are worked out again from the region's indicators and the policy."""

from __future__ import annotations

from optimiser.verify.reading import Reading
from optimiser.wijk_capacity import capacities

EPS = 1e-6


def check(r: Reading) -> list[str]:
    policy = r.scenario.draagkracht
    if not policy.enabled or not r.region.wijken:
        return []
    bad: list[str] = []
    existing = r.region.existing_load(r.types)
    for w, cap in capacities(r.region, policy).items():
        for t in r.years:
            added = r.region.weighted_load({p: r.new_in[w, p, t] for p in r.types})
            if added <= 0:
                continue  # the rule bounds what new places add; today's places alone are not the result's doing
            load = existing.get(w, 0.0) + added
            if load > cap.capacity + EPS:
                bad.append(f"draagkracht {r.name(w)}, {t}: load {load:g} above capacity {cap.capacity:g}")
    return bad
