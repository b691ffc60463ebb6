"""Solved tiny cases and ways to break their results for the verifier's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyproj import Transformer

from models import AllocationRow, BudgetRow, Region, Result, Scenario, Transfer
from models.money import cents, settle_cents, split_cents
from optimiser.solving import solve_scenario
from optimiser.verify import CHECKS, read, verify
from optimiser.verify.budget import grants, pay_shares

Edit = Callable[[Result], None]

def lon_lat(x: float, y: float) -> tuple[float, float]:
    """EPSG:28992 metres as lon/lat."""
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(x, y)
    return lon, lat


def solve(region: Region, scenario: Scenario) -> Result:
    opts = scenario.solver.model_copy(update={"explain": False})
    result = solve_scenario(region, scenario.model_copy(update={"solver": opts}))
    assert result.status == "optimal"
    return result


def findings(family: str, region: Region, scenario: Scenario, result: Result) -> list[str]:
    """What one family's check says about a result."""
    return CHECKS[family](read(region, scenario, result))


def caught(family: str, region: Region, scenario: Scenario, result: Result, edit: Edit) -> list[str]:
    """The family's findings on a broken copy of a result that passes every check; whatever the family
    finds, the full verification finds too."""
    assert verify(region, scenario, result) == []
    broken = result.model_copy(deep=True)
    edit(broken)
    found = findings(family, region, scenario, broken)
    assert set(found) <= set(verify(region, scenario, broken))
    return found


def row(result: Result, municipality: str, wijk: str | None, type_: str, year: int) -> AllocationRow:
    """The one allocation row with these keys."""
    (found,) = [a for a in result.allocation if (a.municipality, a.wijk, a.type, a.year)
                == (municipality, wijk, type_, year)]
    return found


def set_row(result: Result, municipality: str, wijk: str | None, type_: str, year: int, **fields: Any) -> None:
    target = row(result, municipality, wijk, type_, year)
    for name, value in fields.items():
        setattr(target, name, value)


def add_row(result: Result, municipality: str, wijk: str | None, type_: str, year: int, **fields: Any) -> None:
    result.allocation.append(AllocationRow(municipality=municipality, wijk=wijk, type=type_, year=year, **fields))


def move(result: Result, municipality: str, wijk: str | None, type_: str, to_municipality: str,
         to_wijk: str | None, years: list[int] | None = None) -> None:
    """Move the rows of a type in an area to another area."""
    for a in result.allocation:
        if (a.municipality, a.wijk, a.type) == (municipality, wijk, type_) and (years is None or a.year in years):
            a.municipality, a.wijk = to_municipality, to_wijk


def rebook(region: Region, scenario: Scenario, result: Result) -> None:
    """Book the money of an edited result again the way a solved result books it: each municipality's
    hosted cost from its rows, payments and grant shares split by the payment shares in whole cents, and
    transfers that settle the balances; so a test of another money rule sees only that rule's findings."""
    r = read(region, scenario, result)
    shares, money = pay_shares(r), grants(r)
    result.budget, result.transfers = [], []
    for t in r.years:
        prev = r.prev(t)
        hosted = {m: 100 * region.cost_of_year(
            {(m, p): r.places[m, p, t] for p in r.types},
            {(m, p): r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0) for p in r.types}).total
            for m in r.munis}
        keyed = {m: shares[m, t] for m in r.munis} if shares else None
        pays = split_cents(sum(hosted.values()), keyed) if keyed else hosted
        granted = split_cents(cents(money[t]), keyed) if keyed else dict.fromkeys(r.munis, 0)
        result.budget += [BudgetRow(municipality=m, year=t, hosted_cost=hosted[m] / 100, pays=pays[m] / 100,
                                    grant_share=granted[m] / 100, transfer=(pays[m] - hosted[m]) / 100)
                          for m in r.munis]
        result.transfers += [Transfer(year=t, payer=i, recipient=j, amount=c / 100)
                             for i, j, c in settle_cents({m: pays[m] - hosted[m] for m in r.munis})]
