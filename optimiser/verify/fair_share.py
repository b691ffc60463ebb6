"""Fair share: each host municipality's places per type against its share of the regional demand.

The shares come from the scenario's key for the type (or its what-if shares), renormalised over the
municipalities allowed to host the type. With ``tolerance`` set, places stay within the band
|places - share x demand| <= tolerance (in whole places). The reported ``max_deviation`` and
``total_deviation`` objectives are the largest and the summed distance of places from the integer
targets, the largest-remainder apportionment of the demand; the reported fair-share rows hold the
allocation's places.
"""

from __future__ import annotations

import math

from optimiser.apportion import hamilton
from optimiser.verify.reading import Reading


def shares(r: Reading, p: str) -> dict[str, float]:
    """Key shares of the type's hosts, summing to 1 over them (empty when the key gives them nothing)."""
    scenario = r.scenario
    name = scenario.key_for(p)
    key = scenario.key_shares if scenario.key_shares and name == scenario.key else r.region.keys[name].shares
    total = sum(key[m] for m in r.hosts[p])
    return {m: key[m] / total for m in r.hosts[p]} if total > 0 else {}


def check(r: Reading) -> list[str]:
    policy = r.scenario.fair_share
    if not policy.enabled:
        return []
    bad: list[str] = []
    deviations: list[int] = []
    tol = policy.tolerance
    for p in r.types:
        share = shares(r, p)
        if not share:
            bad.append(f"{p}: the key gives no share to any municipality allowed to host it")
            continue
        for t in r.years:
            demand = r.scenario.demand[p][t]
            for m, target in hamilton(demand, share).items():
                held = r.places[m, p, t]
                deviations.append(abs(held - target))
                if tol is None:
                    continue
                quota = share[m] * demand
                lo = max(0, math.ceil(quota - tol - 1e-9))
                hi = math.floor(quota + tol + 1e-9)
                if not lo <= held <= hi:
                    bad.append(f"fair share {p} in {r.name(m)}, {t}: {held} places outside {lo}..{hi} "
                               f"(quota {quota:.2f} ± {tol:g})")
    for term, actual in (("max_deviation", max(deviations, default=0)), ("total_deviation", sum(deviations))):
        differs = r.objective_differs(term, actual)
        if differs:
            bad.append(differs)
    for row in r.result.fair_share:
        held = r.places.get((row.municipality, row.type, row.year), 0)
        if row.places != held:
            bad.append(f"fair-share row {row.municipality} {row.type} {row.year} reports {row.places} places, "
                       f"the allocation holds {held}")
    return bad
