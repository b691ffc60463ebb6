"""Budget: the cost of each year against the money available, and what each municipality pays.

A year's cost is every place held at its type's yearly cost plus every unit opened that year at its
opening cost (``Region.cost_of_year``). With the policy enabled, it fits the year's grants for the
scenario's domains (interpolated between published years) plus extra money minus fixed costs, rounded
to whole euros; and each capped municipality's payment share (moving from the historical key to the
payment key along the ingroeipad) times the year's cost stays within its cap. The reported ``cost``
objective is the sum of the years' costs, and each reported year's cost is that year's.

The money reported adds up to the cent, for every result: each year the payments sum to the year's
cost and the hosted costs to the same cost; with a payment key each payment is less than a cent from
its share of the cost (and each grant share from its share of the grants, which they sum to); each
municipality's transfer is what it pays less what it hosts, and equals what it pays others less what
it receives in the list of transfers; and no transfer is negative.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from models.money import cents, grant_for_year
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


def _eur(amount_cents: int) -> str:
    return f"{amount_cents / 100:,.2f}"


def money_adds_up(r: Reading, costs: dict[int, int]) -> list[str]:
    """The reported payments, grant shares and transfers against the years' costs, to the cent."""
    bad: list[str] = []
    result = r.result
    shares = pay_shares(r)
    money = grants(r)
    rows = defaultdict(list)
    for row in result.budget:
        rows[row.year].append(row)
    paid: dict[tuple[str, int], int] = defaultdict(int)
    for tr in result.transfers:
        amount = cents(tr.amount)
        if amount < 0:
            bad.append(f"transfer {tr.year} {r.name(tr.payer)} -> {r.name(tr.recipient)}: "
                       f"negative amount {_eur(amount)}")
        paid[tr.payer, tr.year] += amount
        paid[tr.recipient, tr.year] -= amount
    for t in r.years:
        if t not in rows:
            continue
        listed = sorted(row.municipality for row in rows[t])
        if listed != sorted(r.munis):
            bad.append(f"money {t}: rows for {', '.join(listed)}, not one for each of {', '.join(sorted(r.munis))}")
        cost = 100 * costs[t]
        pays = sum(cents(row.pays) for row in rows[t])
        if pays != cost:
            bad.append(f"money {t}: payments sum to {_eur(pays)}, the year costs {_eur(cost)}")
        prev = r.prev(t)
        for row in rows[t]:
            m = row.municipality
            held = {(m, p): r.places[m, p, t] for p in r.types}
            opened = {(m, p): r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0) for p in r.types}
            hosted = 100 * r.region.cost_of_year(held, opened)
            if cents(row.hosted_cost) != hosted:
                bad.append(f"money {t}, {r.name(m)}: reported hosted cost {_eur(cents(row.hosted_cost))}, "
                           f"its places cost {_eur(hosted)}")
        if rows[t] and all((row.municipality, t) in shares for row in rows[t]):
            mass = sum((Fraction(shares[row.municipality, t]) for row in rows[t]), Fraction(0))
            grant = cents(money[t])
            granted = sum(cents(row.grant_share) for row in rows[t])
            if granted != grant:
                bad.append(f"money {t}: grant shares sum to {_eur(granted)}, the grants are {_eur(grant)}")
            # a total that is off is reported once, not again for every municipality
            for row in rows[t]:
                share = Fraction(shares[row.municipality, t]) / mass
                if pays == cost and abs(cents(row.pays) - share * cost) >= 1:
                    bad.append(f"money {t}, {r.name(row.municipality)}: pays {_eur(cents(row.pays))}, "
                               f"a cent or more from its share {float(share):.4%} of {_eur(cost)}")
                if granted == grant and abs(cents(row.grant_share) - share * grant) >= 1:
                    bad.append(f"money {t}, {r.name(row.municipality)}: grant share {_eur(cents(row.grant_share))},"
                               f" a cent or more from its share {float(share):.4%} of {_eur(grant)}")
        for row in rows[t]:
            m = row.municipality
            balance = cents(row.pays) - cents(row.hosted_cost)
            if cents(row.transfer) != balance:
                bad.append(f"money {t}, {r.name(m)}: transfer {_eur(cents(row.transfer))}, "
                           f"but it pays {_eur(cents(row.pays))} and hosts {_eur(cents(row.hosted_cost))}")
            if paid[m, t] != balance:
                bad.append(f"money {t}, {r.name(m)}: pays {_eur(cents(row.pays))} and hosts "
                           f"{_eur(cents(row.hosted_cost))} (balance {_eur(balance)}), "
                           f"but its transfers net {_eur(paid[m, t])}")
    return bad


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
    bad += money_adds_up(r, costs)
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
