"""Budget: the cost of each year against the money available, and what each municipality pays.

A year's cost is every place held at its type's yearly cost plus every unit opened that year at its
opening cost (``Region.cost_of_year``). With the policy enabled, it fits the year's grants for the
scenario's domains (interpolated between published years) plus extra money minus fixed costs, rounded
to whole euros; and each capped municipality's payment share (moving from the historical key to the
payment key along the ingroeipad) times the year's cost stays within its cap. The reported ``cost``
objective is the sum of the years' costs, and each reported year's cost is that year's.
"""

from __future__ import annotations

from models.money import grant_for_year
from optimiser.verify.reading import Reading

EPS = 1e-6


def year_costs(r: Reading) -> dict[int, int]:
    out: dict[int, int] = {}
    for t in r.years:
        prev = r.prev(t)
        held = {(m, p): r.places[m, p, t] for p in r.types for m in r.munis}
        opened = {(m, p): r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0)
                  for p in r.types for m in r.munis}
        out[t] = r.region.cost_of_year(held, opened)
    return out


def grants(r: Reading) -> dict[int, float]:
    """Grants per year for the domains of the scenario's types."""
    domains = {r.region.provision_type(p).domain for p in r.types}
    by_domain: dict[str, dict[int, float]] = {}
    for g in r.region.grants:
        if g.domain in domains:
            amounts = by_domain.setdefault(g.domain, {})
            amounts[g.year] = amounts.get(g.year, 0.0) + g.amount
    return {t: sum(grant_for_year(a, t) for a in by_domain.values()) for t in r.years}


def pay_shares(r: Reading) -> dict[tuple[str, int], float]:
    """Each municipality's share of a year's cost under the payment key and its ingroeipad (empty
    without a payment key)."""
    policy = r.scenario.budget
    if policy.payment_key is None:
        return {}
    target = r.region.keys[policy.payment_key].shares
    start_key = r.region.keys[policy.historical_key].shares if policy.historical_key else target
    start = policy.ingroeipad_start if policy.ingroeipad_start is not None else r.years[0]
    out: dict[tuple[str, int], float] = {}
    for t in r.years:
        step = min(1.0, max(0.0, (t - start + 1) / policy.ingroeipad_years))
        for m in r.munis:
            out[m, t] = (1 - step) * start_key[m] + step * target[m]
    return out


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    policy = r.scenario.budget
    costs = year_costs(r)
    differs = r.objective_differs("cost", sum(costs.values()))
    if differs:
        bad.append(differs)
    for t, figures in r.result.budget_years.items():
        if t in costs and round(figures.cost) != costs[t]:
            bad.append(f"budget {t}: reported cost {figures.cost:,.0f}, the allocation costs {costs[t]:,.0f}")
    if not policy.enabled:
        return bad
    money = grants(r)
    shares = pay_shares(r)
    for t in r.years:
        available = money[t] + policy.extra.get(t, 0.0) - policy.fixed_costs.get(t, 0.0)
        if costs[t] > round(available) + EPS:
            bad.append(f"budget {t}: cost {costs[t]:,.0f} above available {round(available):,.0f}")
        for m, cap in policy.municipality_caps.items():
            share = shares.get((m, t))
            if share is not None and share * costs[t] > cap + EPS * max(1.0, cap):
                bad.append(f"payment cap {r.name(m)}, {t}: pays {share * costs[t]:,.0f} "
                           f"(share {share:.4f} of {costs[t]:,.0f}), above its cap {cap:,.0f}")
    return bad
