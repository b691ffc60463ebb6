"""Apportionment: whole numbers from shares, with totals that hold.

- ``hamilton``: largest remainder. Each party gets the floor of its quota, then the parties with the
  largest remainders one more. Ties: larger quota first, then the earlier party in the input.
- ``dhondt`` and ``sainte_lague``: divisor methods, seat by seat to the highest ``weight / divisor(seats)``
  (D'Hondt divisors 1, 2, 3, …; Sainte-Laguë 1, 3, 5, …). Ties: larger weight first, then input order.
  Seat-by-seat allocation makes them house-monotone: one more seat never takes a seat away.
- ``biproportional``: a type × municipality table whose row totals (per type) are given, whose column
  totals (per municipality) are the Hamilton apportionment of the grand total by the shares, and whose
  cells stay as close to their exact quotas (share × row total) as these margins allow: the largest cell
  deviation is minimised first, then the total deviation (solved exactly as a small integer program;
  every cell ends within 1 of its quota whenever the margins allow it, which they do for the seed tables).
  Ties between equally good tables go to the earlier row and column (a tiny positional weight).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from models import SHARE_TOLERANCE


def _check_total(total: int, field: str = "total") -> None:
    if isinstance(total, bool) or not isinstance(total, int | float) or total < 0 or int(total) != total:
        raise ValueError(f"{field}: {total!r} is not a non-negative whole number")


def _check_weights(weights: Mapping[str, float], field: str = "weights") -> None:
    if not weights:
        raise ValueError(f"{field}: no parties given")
    for k, w in weights.items():
        if not isinstance(w, int | float) or isinstance(w, bool) or math.isnan(w) or w < 0:
            raise ValueError(f"{field}.{k}: {w!r} is not a non-negative number")
    if sum(weights.values()) <= 0:
        raise ValueError(f"{field}: the weights sum to 0")


def check_shares(shares: Mapping[str, float], normalise: bool = False) -> dict[str, float]:
    """Shares that sum to 1 within 0.01 %, or normalised when asked."""
    _check_weights(shares, "shares")
    total = sum(shares.values())
    if abs(total - 1) > SHARE_TOLERANCE + 1e-12 and not normalise:
        raise ValueError(f"shares sum to {total:.6f}, not 1 (tolerance 0.01 %); correct them or ask to normalise")
    return {k: v / total for k, v in shares.items()}


def hamilton(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    _check_total(total)
    _check_weights(weights)
    mass = sum(weights.values())
    order = list(weights)
    quota = {k: total * w / mass for k, w in weights.items()}
    seats = {k: math.floor(q + 1e-9) for k, q in quota.items()}
    # remainders equal up to rounding noise count as ties (the same shares normalised twice differ in the
    # last bit), and ties go to the larger quota, then to the earlier party
    ranked = sorted(order, key=lambda k: (-round(quota[k] - seats[k], 9), -round(quota[k], 9), order.index(k)))
    for k in ranked[: int(total) - sum(seats.values())]:
        seats[k] += 1
    return seats


def divisor_method(total: int, weights: Mapping[str, float], divisor: Callable[[int], float]) -> dict[str, int]:
    _check_total(total)
    _check_weights(weights)
    order = list(weights)
    seats = dict.fromkeys(order, 0)
    heap = [(-weights[k] / divisor(0), -weights[k], i, k) for i, k in enumerate(order)]
    heapq.heapify(heap)
    for _ in range(int(total)):
        _, neg_w, i, k = heapq.heappop(heap)
        seats[k] += 1
        heapq.heappush(heap, (-weights[k] / divisor(seats[k]), neg_w, i, k))
    return seats


def dhondt(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    return divisor_method(total, weights, lambda s: s + 1)


def sainte_lague(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    return divisor_method(total, weights, lambda s: 2 * s + 1)


METHODS: dict[str, Callable[[int, Mapping[str, float]], dict[str, int]]] = {
    "hamilton": hamilton,
    "dhondt": dhondt,
    "sainte-lague": sainte_lague,
}


@dataclass(frozen=True)
class Table:
    method: str
    rows: list[str]
    columns: list[str]
    cells: dict[str, dict[str, int]]
    quotas: dict[str, dict[str, float]]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    column_quotas: dict[str, float]

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals.values())

    @property
    def max_deviation(self) -> float:
        return max((abs(self.cells[r][c] - self.quotas[r][c]) for r in self.rows for c in self.columns), default=0.0)

    @property
    def fair_column_totals(self) -> dict[str, int]:
        """Each municipality's whole share of the grand total (Hamilton by the shares)."""
        if not self.grand_total:
            return dict.fromkeys(self.columns, 0)
        return hamilton(self.grand_total, self.column_quotas)

    @property
    def consistent(self) -> bool:
        """Rows add up to their totals, columns to each municipality's whole share of the grand total."""
        rows_ok = all(sum(self.cells[r].values()) == self.row_totals[r] for r in self.rows)
        return rows_ok and self.column_totals == self.fair_column_totals


def biproportional(row_totals: Mapping[str, int], shares: Mapping[str, float]) -> dict[str, dict[str, int]]:
    import pulp

    from optimiser.solvers import silence_highs_banner

    silence_highs_banner()
    rows, cols = list(row_totals), list(shares)
    grand = sum(row_totals.values())
    col_totals = hamilton(grand, shares) if grand else dict.fromkeys(cols, 0)
    mass = sum(shares.values())
    quota = {r: {c: row_totals[r] * shares[c] / mass for c in cols} for r in rows}
    prob = pulp.LpProblem("biproportional", pulp.LpMinimize)
    x = {(r, c): prob.add_variable(f"x_{i}_{j}", 0, row_totals[r], "Integer")
         for i, r in enumerate(rows) for j, c in enumerate(cols)}
    dev = {(r, c): prob.add_variable(f"d_{i}_{j}", 0, None) for i, r in enumerate(rows) for j, c in enumerate(cols)}
    largest = prob.add_variable("dmax", 0, None)
    for (r, c), v in x.items():
        prob += dev[r, c] >= v - quota[r][c]
        prob += dev[r, c] >= quota[r][c] - v
        prob += largest >= dev[r, c]
    for r in rows:
        prob += pulp.lpSum(x[r, c] for c in cols) == row_totals[r]
    for c in cols:
        prob += pulp.lpSum(x[r, c] for r in rows) == col_totals[c]
    n = len(x)
    tiny = 1e-4 / max(1, n * n)
    prob.setObjective(1000 * largest + pulp.lpSum(dev.values())
                      + pulp.lpSum(tiny * (k + 1) * v for k, v in enumerate(x.values())))
    prob.solve(pulp.HiGHS(msg=False, threads=1, gapRel=0.0, random_seed=0))
    if pulp.LpStatus[prob.status] != "Optimal":
        raise ValueError("biproportional: no table meets the row and column totals")
    return {r: {c: int(round(x[r, c].value() or 0)) for c in cols} for r in rows}


def apportion_table(row_totals: Mapping[str, int], shares: Mapping[str, float], method: str = "biproportional",
                    normalise: bool = False) -> Table:
    """Apportion each row total over the columns by the shares."""
    for r, total in row_totals.items():
        _check_total(total, f"row_totals.{r}")
    norm = check_shares(shares, normalise)
    rows, cols = list(row_totals), list(norm)
    quotas = {r: {c: row_totals[r] * norm[c] for c in cols} for r in rows}
    if method == "biproportional":
        cells = biproportional(row_totals, norm)
    elif method in METHODS:
        cells = {r: METHODS[method](int(row_totals[r]), norm) for r in rows}
    else:
        raise ValueError(f"method: unknown method {method!r}; choose hamilton, dhondt, sainte-lague or biproportional")
    column_totals = {c: sum(cells[r][c] for r in rows) for c in cols}
    column_quotas = {c: sum(quotas[r][c] for r in rows) for c in cols}
    return Table(method, rows, cols, cells, quotas, {r: int(v) for r, v in row_totals.items()}, column_totals,
                 column_quotas)
