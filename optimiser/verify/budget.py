"""Budget: the cost of each year against the money available, and what each municipality pays.

A year's cost is every place held at its type's yearly cost plus every unit opened that year at its
capital cost less the co-financing used against it, which is at most that capital cost
(``Region.cost_of_year``); the reported running cost, capital cost and co-financing are the
allocation's. With the policy enabled, the cost fits the year's grants for the scenario's domains
(interpolated between published years) plus extra money minus fixed costs and minus the money the
distributions hand out, rounded to whole euros; and each capped municipality's payment share (moving
from the historical key to the payment key along the ingroeipad) times the year's cost stays within its
cap. The reported ``cost`` objective is the sum of the years' costs, and each reported year's cost is
that year's.

The money reported adds up to the cent, for every result: each year the payments sum to the year's
cost and the hosted costs to the same cost; with a payment key each payment is less than a cent from
its share of the cost (and each grant share from its share of the grants, which they sum to, and each
payment out from its share of the money handed out); each distribution's parts sum to its amount of the
year, each less than a cent from its key share, and each municipality receives the sum of its parts;
each municipality's transfer is what it pays and pays out less what it hosts and receives, and equals
what it pays others less what it receives in the list of transfers; and no transfer is negative.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from models import YearCost
from models.money import cents, grant_for_year, split_cents
from optimiser.verify.reading import Reading

EPS = 1e-6


def year_costs(r: Reading) -> dict[int, YearCost]:
    out: dict[int, YearCost] = {}
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


def near_share(amount: int, share: Fraction, total: int) -> bool:
    """``amount`` cents is less than a cent from ``share`` of ``total`` cents."""
    return abs(amount - share * total) < 1


def distributions_add_up(r: Reading) -> tuple[list[str], dict[tuple[str, int], int]]:
    """Each distribution's parts in each year against its amount and its key, to the cent; and what each
    municipality receives by them, in cents per (municipality, year)."""
    bad: list[str] = []
    received: dict[tuple[str, int], int] = defaultdict(int)
    reported = defaultdict(list)
    for line in r.result.distributions:
        reported[line.label, line.year].append(line)
    for dist in r.scenario.budget.distributions:
        shares = {m: Fraction(v) for m, v in r.region.keys[dist.key].shares.items()}
        mass = sum(shares.values(), Fraction(0))
        for t in r.years:
            if t not in dist.amounts:
                continue
            amount = cents(dist.amounts[t])
            found = reported.get((dist.label, t), [])
            if len(found) != 1:
                bad.append(f"{dist.label} {t}: {len(found)} lines reported, not 1 of {_eur(amount)}")
                continue
            (line,) = found
            parts = {m: cents(line.shares.get(m, 0.0)) for m in r.munis}
            if cents(line.amount) != amount:
                bad.append(f"{dist.label} {t}: reported {_eur(cents(line.amount))}, the scenario hands out "
                           f"{_eur(amount)}")
            if sum(parts.values()) != amount:
                bad.append(f"{dist.label} {t}: the parts sum to {_eur(sum(parts.values()))}, not {_eur(amount)}")
                # a wrong sum is reported once: the municipalities are held to a right split
                parts = split_cents(amount, r.region.keys[dist.key].shares)
            for m in r.munis:
                received[m, t] += parts[m]
            for m in r.munis:
                if not near_share(parts[m], shares[m] / mass, amount):
                    bad.append(f"{dist.label} {t}, {r.name(m)}: receives {_eur(parts[m])}, a cent or more from "
                               f"its share {float(shares[m] / mass):.4%} of {_eur(amount)} by key {dist.key}")
    return bad, received


def money_adds_up(r: Reading, costs: dict[int, YearCost]) -> list[str]:
    """The reported payments, grant shares, money handed out and transfers against the years' costs, to
    the cent."""
    result = r.result
    shares = pay_shares(r)
    money = grants(r)
    bad, received = distributions_add_up(r)
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
        cost = 100 * costs[t].total
        pays = sum(cents(row.pays) for row in rows[t])
        if pays != cost:
            bad.append(f"money {t}: payments sum to {_eur(pays)}, the year costs {_eur(cost)}")
        handed_out = sum(received[m, t] for m in r.munis)
        paid_out = sum(cents(row.pays_out) for row in rows[t])
        if paid_out != handed_out:
            bad.append(f"money {t}: payments out sum to {_eur(paid_out)}, the distributions hand out "
                       f"{_eur(handed_out)}")
        prev = r.prev(t)
        for row in rows[t]:
            m = row.municipality
            held = {(m, p): r.places[m, p, t] for p in r.types}
            opened = {(m, p): r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0) for p in r.types}
            hosted = 100 * r.region.cost_of_year(held, opened).total
            if cents(row.hosted_cost) != hosted:
                bad.append(f"money {t}, {r.name(m)}: reported hosted cost {_eur(cents(row.hosted_cost))}, "
                           f"its places cost {_eur(hosted)}")
            if cents(row.receives) != received[m, t]:
                bad.append(f"money {t}, {r.name(m)}: receives {_eur(cents(row.receives))}, the distributions "
                           f"give it {_eur(received[m, t])}")
        if rows[t] and all((row.municipality, t) in shares for row in rows[t]):
            mass = sum((Fraction(shares[row.municipality, t]) for row in rows[t]), Fraction(0))
            grant = cents(money[t])
            granted = sum(cents(row.grant_share) for row in rows[t])
            if granted != grant:
                bad.append(f"money {t}: grant shares sum to {_eur(granted)}, the grants are {_eur(grant)}")
            # a total that is off is reported once, not again for every municipality
            for row in rows[t]:
                share = Fraction(shares[row.municipality, t]) / mass
                for what, value, total, whole in (("pays", row.pays, cost, pays == cost),
                                                  ("grant share", row.grant_share, grant, granted == grant),
                                                  ("pays out", row.pays_out, handed_out, paid_out == handed_out)):
                    if whole and not near_share(cents(value), share, total):
                        bad.append(f"money {t}, {r.name(row.municipality)}: {what} {_eur(cents(value))}, "
                                   f"a cent or more from its share {float(share):.4%} of {_eur(total)}")
        elif paid_out:
            bad.append(f"money {t}: {_eur(paid_out)} paid out without a payment key")
        for row in rows[t]:
            m = row.municipality
            gives = cents(row.pays) + cents(row.pays_out)
            balance = gives - cents(row.hosted_cost) - cents(row.receives)
            said = f"pays {_eur(gives)} and hosts {_eur(cents(row.hosted_cost))}" + (
                f" and receives {_eur(cents(row.receives))}" if row.receives else "")
            if cents(row.transfer) != balance:
                bad.append(f"money {t}, {r.name(m)}: transfer {_eur(cents(row.transfer))}, but it {said}")
            if paid[m, t] != balance:
                bad.append(f"money {t}, {r.name(m)}: {said} (balance {_eur(balance)}), "
                           f"but its transfers net {_eur(paid[m, t])}")
    return bad


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    policy = r.scenario.budget
    costs = year_costs(r)
    differs = r.objective_differs("cost", sum(c.total for c in costs.values()))
    if differs:
        bad.append(differs)
    for t, figures in r.result.budget_years.items():
        if t not in costs:
            continue
        year = costs[t]
        if round(figures.cost) != year.total:
            bad.append(f"budget {t}: reported cost {figures.cost:,.0f}, the allocation costs {year.total:,.0f}")
        else:  # its parts, where the whole is right (a wrong total is reported once)
            for what, reported, actual in (("running cost", figures.running_cost, year.running),
                                           ("capital cost", figures.capital_cost, year.capital),
                                           ("co-financing used", figures.cofinancing, year.cofinancing),
                                           ("co-financing unused", figures.cofinancing_unused,
                                            year.cofinancing_unused)):
                if round(reported) != actual:
                    bad.append(f"budget {t}: reported {what} {reported:,.0f}, the allocation gives {actual:,.0f}")
        if cents(figures.distributed) != cents(policy.distributed(t)):
            bad.append(f"budget {t}: reported {figures.distributed:,.2f} handed out, the scenario's distributions "
                       f"hand out {policy.distributed(t):,.2f}")
    bad += money_adds_up(r, costs)
    if not policy.enabled:
        return bad
    money = grants(r)
    shares = pay_shares(r)
    for t in r.years:
        available = policy.available(money[t], t)
        cost = costs[t].total
        if cost > round(available) + EPS:
            bad.append(f"budget {t}: cost {cost:,.0f} above available {round(available):,.0f}")
        for m, cap in policy.municipality_caps.items():
            share = shares.get((m, t))
            if share is not None and share * cost > cap + EPS * max(1.0, cap):
                bad.append(f"payment cap {r.name(m)}, {t}: pays {share * cost:,.0f} "
                           f"(share {share:.4f} of {cost:,.0f}), above its cap {cap:,.0f}")
    return bad
