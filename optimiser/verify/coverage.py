"""Coverage: per type and year, the places held plus the reported unmet demand reach the demand; unmet
demand is a whole number between 0 and the demand, and the reported ``unmet`` objective is its total."""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    total_unmet = 0
    for p in r.types:
        for t in r.years:
            demand = r.scenario.demand[p][t]
            unmet = r.result.unmet.get(p, {}).get(t)
            if unmet is None:
                bad.append(f"{p} {t}: no unmet demand reported")
                continue
            total_unmet += unmet
            if not 0 <= unmet <= demand:
                bad.append(f"{p} {t}: unmet demand {unmet} outside 0..{demand}")
            held = sum(r.places[m, p, t] for m in r.munis)
            if held + unmet < demand:
                bad.append(f"{p} {t}: places {held} + unmet {unmet} < demand {demand}")
    differs = r.objective_differs("unmet", total_unmet)
    if differs:
        bad.append(differs)
    return bad
