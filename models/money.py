"""Money over the years: grants published for some years only, read for any year; amounts in whole
cents split by a key and settled between municipalities so that every total holds to the cent."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from models.i18n import t_


def grant_for_year(amounts: Mapping[int, float], year: int) -> float:
    """A grant in a year: the stated figure, else linear between the nearest stated years, else the
    nearest stated year's figure (grants are published for some years only)."""
    if year in amounts:
        return amounts[year]
    before = [y for y in amounts if y < year]
    after = [y for y in amounts if y > year]
    if before and after:
        y0, y1 = max(before), min(after)
        return amounts[y0] + (amounts[y1] - amounts[y0]) * (year - y0) / (y1 - y0)
    return amounts[max(before)] if before else amounts[min(after)]


def cents(amount: float) -> int:
    """An amount in euros as whole cents (half a cent rounds to even, as ``round`` does)."""
    return round(Fraction(amount) * 100)


def split_cents(total: int, shares: Mapping[str, float]) -> dict[str, int]:
    """``total`` cents split over the parties by their shares, in whole cents that sum to ``total`` exactly.

    Largest remainder, computed exactly (each share as the exact rational number the float holds, divided
    by the shares' sum, so a key that sums to 0.9999 or to 1 + 1e-16 still splits the whole total): every
    party gets the floor of its quota, and the cents left over go one each to the parties with the largest
    remainders. Ties go to the larger share, then to the earlier party in ``shares``' order. Every party
    thus ends less than one cent from its exact quota: 100 cents over three equal shares is 34/33/33.
    Every amount split is a cost or a sum of money, never negative.
    """
    if total < 0:
        raise ValueError(t_("cannot split a negative total of {total} cents", total=total))
    exact = {k: Fraction(v) for k, v in shares.items()}
    mass = sum(exact.values(), Fraction(0))
    if not exact or mass <= 0 or any(v < 0 for v in exact.values()):
        raise ValueError(t_("shares must be non-negative with a positive sum, got {v1}", v1=dict(shares)))
    quota = {k: total * v / mass for k, v in exact.items()}
    out = {k: math.floor(q) for k, q in quota.items()}
    order = list(shares)
    ranked = sorted(order, key=lambda k: (-(quota[k] - out[k]), -exact[k], order.index(k)))
    for k in ranked[: total - sum(out.values())]:
        out[k] += 1
    return out


def settle_cents(balances: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """Transfers ``(payer, recipient, cents)`` that settle balances summing to 0 exactly.

    A positive balance pays into the pool, a negative one receives from it. Every payer pays every
    recipient in proportion to what the recipient is owed: payer ``i`` with balance ``b_i`` pays recipient
    ``j`` owed ``n_j`` the amount ``b_i * n_j / N`` (``N`` all that is owed), floored to whole cents. The
    cents the flooring leaves over are then added one at a time, cells with the largest exact remainder
    first (ties: payer, then recipient in ``balances``' order), to cells whose payer still owes and whose
    recipient is still owed, until both are settled. So each payer pays exactly its balance, each recipient
    receives exactly what it is owed, every transfer is non-negative and within a few cents of its exact
    proportional amount. Transfers of 0 cents are left out.
    """
    if sum(balances.values()) != 0:
        raise ValueError(t_("balances sum to {v1} cents, not 0", v1=sum(balances.values())))
    order = list(balances)
    payers = [m for m in order if balances[m] > 0]
    recipients = [m for m in order if balances[m] < 0]
    owed = -sum(balances[j] for j in recipients)
    amount: dict[tuple[str, str], int] = {}
    remainder: dict[tuple[str, str], int] = {}
    for i in payers:
        for j in recipients:
            amount[i, j], remainder[i, j] = divmod(balances[i] * -balances[j], owed)
    still_pays = {i: balances[i] - sum(amount[i, j] for j in recipients) for i in payers}
    still_owed = {j: -balances[j] - sum(amount[i, j] for i in payers) for j in recipients}
    cells = sorted(amount, key=lambda c: (-remainder[c], order.index(c[0]), order.index(c[1])))
    while any(still_pays.values()):
        for i, j in cells:
            if still_pays[i] and still_owed[j]:
                amount[i, j] += 1
                still_pays[i] -= 1
                still_owed[j] -= 1
    return [(i, j, amount[i, j]) for i in payers for j in recipients if amount[i, j]]
