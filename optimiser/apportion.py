"""Apportionment: whole numbers from shares, with totals that hold.

One total over parties:

- ``hamilton``: largest remainder. Each party gets the floor of its quota, then the parties with the
  largest remainders one more. Ties: larger quota first, then the earlier party in the input.
- ``dhondt`` and ``sainte_lague``: divisor methods, seat by seat to the highest ``weight / divisor(seats)``
  (D'Hondt divisors 1, 2, 3, …; Sainte-Laguë 1, 3, 5, …). Ties: larger weight first, then input order.
  Seat-by-seat allocation makes them house-monotone: one more seat never takes a seat away.

A table of row totals (types) spread over columns (municipalities) by one set of shares:

- ``fixed-margins`` (the product's default; ``biproportional`` is accepted as its old name): a rounding of
  the quota table (share x row total) with fixed margins. Row totals per type are exact; column totals are
  each municipality's Hamilton share of the grand total; within these margins the cells minimise the
  largest deviation from their quotas, then the total deviation (solved exactly as a small integer
  program; every cell ends within 1 of its quota whenever the margins allow it). Ties between equally
  good tables go to the earlier row and column (a tiny positional weight). With one row it is Hamilton.
- ``divisor``: the biproportional divisor method of the apportionment literature (Balinski & Demange 1989;
  Pukelsheim, *Proportional Representation*, 2017, ch. 14-15) with standard rounding (Sainte-Laguë):
  column totals are the Sainte-Laguë apportionment of the grand total, and every cell is
  ``round(quota / (row divisor x column divisor))`` for divisors found by alternating scaling, so that
  rows and columns both add up. With one row it is Sainte-Laguë.
- ``hamilton``, ``dhondt``, ``sainte-lague``: each row rounded on its own (the column totals then need
  not be any municipality's whole share of the grand total).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from models import SHARE_TOLERANCE
from models.i18n import t_


def _check_total(total: int, field: str = "total") -> None:
    if isinstance(total, bool) or not isinstance(total, int | float) or total < 0 or int(total) != total:
        raise ValueError(t_("{field}: {total} is not a non-negative whole number", field=field, total=repr(total)))


def _check_weights(weights: Mapping[str, float], field: str = "weights") -> None:
    if not weights:
        raise ValueError(t_("{field}: no parties given", field=field))
    for k, w in weights.items():
        if not isinstance(w, int | float) or isinstance(w, bool) or math.isnan(w) or w < 0:
            raise ValueError(t_("{field}.{k}: {w} is not a non-negative number", field=field, k=k, w=repr(w)))
    if sum(weights.values()) <= 0:
        raise ValueError(t_("{field}: the weights sum to 0", field=field))


def check_shares(shares: Mapping[str, float], normalise: bool = False) -> dict[str, float]:
    """Shares that sum to 1 within 0.01 %, or normalised when asked."""
    _check_weights(shares, "shares")
    total = sum(shares.values())
    if abs(total - 1) > SHARE_TOLERANCE + 1e-12 and not normalise:
        raise ValueError(t_(
            "shares sum to {total}, not 1 (tolerance 0.01 %); correct them or ask to normalise",
            total=format(total, '.6f')))
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
    #: each municipality's whole share of the grand total under the method's rule (see ``column_rule``)
    fair_column_totals: dict[str, int]

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals.values())

    @property
    def max_deviation(self) -> float:
        return max((abs(self.cells[r][c] - self.quotas[r][c]) for r in self.rows for c in self.columns), default=0.0)

    @property
    def consistent(self) -> bool:
        """Rows add up to their totals, columns to each municipality's whole share of the grand total."""
        rows_ok = all(sum(self.cells[r].values()) == self.row_totals[r] for r in self.rows)
        return rows_ok and self.column_totals == self.fair_column_totals


def fixed_margins(row_totals: Mapping[str, int], shares: Mapping[str, float]) -> dict[str, dict[str, int]]:
    """Round the quota table with fixed margins (see the module docstring)."""
    import pulp

    from optimiser.solvers import silence_highs_banner

    rows, cols = list(row_totals), list(shares)
    grand = sum(row_totals.values())
    col_totals = hamilton(grand, shares) if grand else dict.fromkeys(cols, 0)
    if len(rows) == 1:  # the one row must equal the column totals
        return {rows[0]: col_totals}
    silence_highs_banner()
    mass = sum(shares.values())
    quota = {r: {c: row_totals[r] * shares[c] / mass for c in cols} for r in rows}
    prob = pulp.LpProblem("fixed_margins", pulp.LpMinimize)
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
        raise ValueError(t_("fixed-margins: no table meets the row and column totals"))
    return {r: {c: int(round(x[r, c].value() or 0)) for c in cols} for r in rows}


def _standard_rounding(total: int, weights: Mapping[str, float]) -> tuple[dict[str, int], float]:
    """Sainte-Laguë seats of ``total`` by positive weights, and a divisor D with round(w / D) = seats for
    every party (the middle of the interval of such divisors)."""
    seats = sainte_lague(total, weights)
    low = max(w / (seats[k] + 0.5) for k, w in weights.items())
    high = min((w / (seats[k] - 0.5) for k, w in weights.items() if seats[k] > 0), default=math.inf)
    return seats, (low + high) / 2 if math.isfinite(high) else 2 * low


def divisor_table(weights: Mapping[str, Mapping[str, float]], row_totals: Mapping[str, int],
                  column_totals: Mapping[str, int], max_rounds: int = 200) -> dict[str, dict[str, int]]:
    """The biproportional divisor method with standard rounding: cells round(weight / (row divisor x column
    divisor)) that add up to both margins. Found by alternating scaling (Pukelsheim 2017, sec. 15.5): fit
    every row by its own divisor, then every column, until the rows fit as well. Near-ties can keep the
    scaling from settling; after ``max_rounds`` the same table is found as the optimum of its equivalent
    optimisation problem (``_divisor_by_optimisation``)."""
    rows, cols = list(row_totals), list(column_totals)
    if sum(row_totals.values()) != sum(column_totals.values()):
        raise ValueError(t_(
            "divisor: the row totals sum to {v1}, the column totals to {v2}",
            v1=sum(row_totals.values()), v2=sum(column_totals.values())))
    cells = {r: dict.fromkeys(cols, 0) for r in rows}
    live_rows = [r for r in rows if row_totals[r] > 0]
    live_cols = [c for c in cols if column_totals[c] > 0]
    col_div = dict.fromkeys(live_cols, 1.0)
    row_div = dict.fromkeys(live_rows, 1.0)
    for _ in range(max_rounds):
        for r in live_rows:
            w = {c: weights[r][c] / col_div[c] for c in live_cols if weights[r][c] > 0}
            if not w:
                raise ValueError(t_(
                    "divisor: row {r} has a total of {v1} but no weight in any column", r=r, v1=row_totals[r]))
            _, row_div[r] = _standard_rounding(int(row_totals[r]), w)
        for c in live_cols:
            w = {r: weights[r][c] / row_div[r] for r in live_rows if weights[r][c] > 0}
            if not w:
                raise ValueError(t_(
                    "divisor: column {c} has a total of {v1} but no weight in any row", c=c, v1=column_totals[c]))
            seats, col_div[c] = _standard_rounding(int(column_totals[c]), w)
            for r in live_rows:
                cells[r][c] = seats.get(r, 0)
        if all(sum(cells[r].values()) == row_totals[r] for r in live_rows):
            return cells
    found = _divisor_by_optimisation(weights, {r: int(row_totals[r]) for r in live_rows},
                                     {c: int(column_totals[c]) for c in live_cols})
    return {r: {c: found.get(r, {}).get(c, 0) for c in cols} for r in rows}


def _divisor_by_optimisation(weights: Mapping[str, Mapping[str, float]], row_totals: Mapping[str, int],
                             column_totals: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """The divisor-method table as the integer table with the given margins that minimises
    sum over cells of sum_{k=1..x} ln((k - 1/2) / weight) (Gaffke & Pukelsheim 2008, "Divisor methods for
    proportional representation systems", Math. Social Sciences 56). The k-th unit of a cell costs more
    than the (k-1)-th, so the table is a min-cost flow; by LP duality with row and column potentials a, b,
    every cell x satisfies x - 1/2 <= weight * e^(a + b) <= x + 1/2: it is round(weight / (row divisor x
    column divisor)) with divisors e^-a and e^-b."""
    import pulp

    from optimiser.solvers import silence_highs_banner

    silence_highs_banner()
    prob = pulp.LpProblem("divisor", pulp.LpMinimize)
    units: dict[tuple[str, str], list[pulp.LpVariable]] = {}
    cost = []
    for i, (r, total) in enumerate(row_totals.items()):
        for j, (c, col_total) in enumerate(column_totals.items()):
            w = weights[r][c]
            if w <= 0:
                continue
            units[r, c] = [prob.add_variable(f"z_{i}_{j}_{k}", 0, 1, "Integer")
                           for k in range(1, min(total, col_total) + 1)]
            cost += [math.log((k - 0.5) / w) * z for k, z in enumerate(units[r, c], start=1)]
    for r, total in row_totals.items():
        prob += pulp.lpSum(z for (rr, _), zs in units.items() if rr == r for z in zs) == total
    for c, col_total in column_totals.items():
        prob += pulp.lpSum(z for (_, cc), zs in units.items() if cc == c for z in zs) == col_total
    prob.setObjective(pulp.lpSum(cost))
    prob.solve(pulp.HiGHS(msg=False, threads=1, gapRel=0.0, random_seed=0))
    if pulp.LpStatus[prob.status] != "Optimal":
        raise ValueError(t_("divisor: no table with positive weights meets the row and column totals"))
    out: dict[str, dict[str, int]] = {r: {} for r in row_totals}
    for (r, c), zs in units.items():
        out[r][c] = sum(int(round(z.value() or 0)) for z in zs)
    return out


def biproportional_divisor(row_totals: Mapping[str, int], shares: Mapping[str, float]) -> dict[str, dict[str, int]]:
    """The divisor method on the quota table: column totals are the Sainte-Laguë apportionment of the
    grand total by the shares."""
    grand = sum(row_totals.values())
    col_totals = sainte_lague(grand, shares) if grand else dict.fromkeys(shares, 0)
    mass = sum(shares.values())
    quotas = {r: {c: row_totals[r] * shares[c] / mass for c in shares} for r in row_totals}
    return divisor_table(quotas, row_totals, col_totals)


#: table methods: the name, then what it is (for help texts)
TABLE_METHODS: dict[str, str] = {
    "fixed-margins": t_("rounding of the quota table with fixed margins: rows exact, each municipality its "
                        "Hamilton share of the grand total, cells as close to their quotas as these allow (default)"),
    "divisor": t_("biproportional divisor method with standard rounding (Sainte-Laguë), Balinski & Demange"),
    "hamilton": t_("each row by largest remainder on its own"),
    "dhondt": t_("each row by D'Hondt on its own"),
    "sainte-lague": t_("each row by Sainte-Laguë on its own"),
}
DEFAULT_TABLE_METHOD = "fixed-margins"
#: old names still accepted
METHOD_ALIASES = {"biproportional": "fixed-margins"}


def column_rule(method: str) -> Callable[[int, Mapping[str, float]], dict[str, int]]:
    """The rounding that gives each column its whole share of the grand total under a table method."""
    return {"divisor": sainte_lague, "sainte-lague": sainte_lague, "dhondt": dhondt}.get(method, hamilton)


def apportion_table(row_totals: Mapping[str, int], shares: Mapping[str, float],
                    method: str = DEFAULT_TABLE_METHOD, normalise: bool = False) -> Table:
    """Apportion each row total over the columns by the shares."""
    method = METHOD_ALIASES.get(method, method)
    if method not in TABLE_METHODS:
        raise ValueError(t_(
            "method: unknown method {method}; choose {v1}", method=repr(method), v1=', '.join(TABLE_METHODS)))
    for r, total in row_totals.items():
        _check_total(total, f"row_totals.{r}")
    norm = check_shares(shares, normalise)
    rows, cols = list(row_totals), list(norm)
    quotas = {r: {c: row_totals[r] * norm[c] for c in cols} for r in rows}
    if method == "fixed-margins":
        cells = fixed_margins(row_totals, norm)
    elif method == "divisor":
        cells = biproportional_divisor(row_totals, norm)
    else:
        cells = {r: METHODS[method](int(row_totals[r]), norm) for r in rows}
    column_totals = {c: sum(cells[r][c] for r in rows) for c in cols}
    column_quotas = {c: sum(quotas[r][c] for r in rows) for c in cols}
    grand = sum(int(v) for v in row_totals.values())
    fair = column_rule(method)(grand, norm) if grand else dict.fromkeys(cols, 0)
    return Table(method, rows, cols, cells, quotas, {r: int(v) for r, v in row_totals.items()}, column_totals,
                 column_quotas, fair)
