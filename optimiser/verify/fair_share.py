"""Fair share: each host municipality's places per type against its share of the regional demand.

The shares come from the scenario's key in force for the type that year (or the what-if shares in force),
renormalised over the municipalities allowed to host the type. With ``tolerance`` set, places stay within the band
|places - share x demand| <= tolerance (in whole places). The reported ``max_deviation`` and
``total_deviation`` objectives are the largest and the summed distance of places from the integer
targets; the reported fair-share rows hold the allocation's places and their targets. The targets are the
product's published fair-share table (``optimiser.fair_share_table``, what ``regio apportion`` prints):
a policy the verifier reads, not the model's internals. The check also confirms the table's own promise:
every type's targets add up to its demand.
"""

from __future__ import annotations

import math

from optimiser.fair_share_table import fair_share_targets, host_shares
from optimiser.verify.reading import Reading


def shares(r: Reading, p: str, t: int) -> dict[str, float]:
    """Shares in year ``t`` of the type's hosts, summing to 1 over them (empty when the key in force gives them
    nothing)."""
    try:
        return host_shares(r.region, r.scenario, p, t)
    except ValueError:
        return {}


def check(r: Reading) -> list[str]:
    policy = r.scenario.fair_share
    if not policy.enabled:
        return []
    bad: list[str] = []
    deviations: list[int] = []
    tol = policy.tolerance
    shared = {(p, t): shares(r, p, t) for p in r.types for t in r.years}
    if any(not share for share in shared.values()):
        return [f"{p}: the key gives no share in {t} to any municipality allowed to host it"
                for (p, t), share in shared.items() if not share]
    targets = fair_share_targets(r.region, r.scenario)
    for p in r.types:
        for t in r.years:
            share = shared[p, t]
            demand = r.scenario.demand[p][t]
            own = {m: v for (m, q, y), v in targets.items() if q == p and y == t}
            if sum(own.values()) != demand or set(own) != set(share):
                bad.append(f"fair-share table {p} {t}: targets {own} do not spread the demand {demand} "
                           "over the type's hosts")
            for m, target in own.items():
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
        target = targets.get((row.municipality, row.type, row.year), 0)
        if row.target != target:
            bad.append(f"fair-share row {row.municipality} {row.type} {row.year} reports target {row.target}, "
                       f"the fair-share table gives {target}")
    return bad
