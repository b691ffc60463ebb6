"""Read a solved model into a ``models.Result``: allocation, fair-share gaps, draagkracht use, money."""

from __future__ import annotations

from typing import Any

from models import (
    AllocationRow,
    BudgetRow,
    BudgetYear,
    BuildingRow,
    DistributionLine,
    DraagkrachtRow,
    FairShareRow,
    GrantLine,
    Result,
    Stage,
    Status,
    Transfer,
    YearCost,
)
from models.money import cents, settle_cents, split_cents
from models.region import wijk_municipality_code
from optimiser.formulation import AllocationModel
from optimiser.formulation.inputs import ModelData
from optimiser.formulation.surplus import causes


def _int(var: Any) -> int:
    value = var.value() if hasattr(var, "value") else var
    return int(round(value or 0))


def placed_by_area(model: AllocationModel) -> dict[tuple[str, str, int], int]:
    """Cumulative new places per area (wijk, or municipality without wijk data), type and year.

    Where the model locates a type in the last year only, an earlier year's new places are laid out inside
    the last year's allocation: wijken with the most places first, then by code.
    """
    d = model.data
    last = d.years[-1]
    out: dict[tuple[str, str, int], int] = {}
    for p in d.types:
        for m in d.munis:
            if m not in d.allowed[p]:
                continue
            areas = model.wijk_areas(m, p)
            final = {a: _int(model.y[a, p, last]) for a in areas}
            order = sorted(areas, key=lambda a: (-final[a], a))
            for t in d.years:
                if (areas[0], p, t) in model.y:
                    for a in areas:
                        out[a, p, t] = _int(model.y[a, p, t])
                    continue
                remaining = _int(model.new[m, p, t])
                for a in order:
                    take = min(remaining, final[a])
                    out[a, p, t] = take
                    remaining -= take
    return out


def normalised_keys(d: ModelData) -> dict[str, float]:
    """The keys the model read (for fair share, payments or distributions) whose source shares did not sum
    to 1, with the sum as given, in the region's order of keys. A fair-share key is read in the years it is in
    force and not replaced by what-if shares."""
    sc = d.scenario
    used: set[str] = set()
    if sc.fair_share.enabled:
        used |= {sc.key_for(p, t) for p in d.types for t in d.years if sc.key_shares_for(p, t) is None}
    used |= {k for k in (sc.budget.payment_key, sc.budget.historical_key) if k is not None}
    used |= {dist.key for dist in sc.budget.distributions}
    return {name: key.source_sum for name, key in d.region.keys.items()
            if name in used and key.source_sum is not None}


def extract(
    model: AllocationModel,
    values: dict[str, float],
    *,
    status: Status,
    solver: str,
    solver_version: str,
    stages: list[Stage],
    gap: float | None,
    wall_time: float = 0.0,
) -> Result:
    """The result of a solved model; ``values`` are the optimal objective terms of its stages."""
    d = model.data
    placed = placed_by_area(model)
    allocation: list[AllocationRow] = []
    for p in d.types:
        for m in d.munis:
            for t in d.years:
                kept = d.existing[m, p] - _int(model.closed[m, p, t])
                if kept > 0:
                    allocation.append(AllocationRow(municipality=m, wijk=None, type=p, year=t, places=kept))
                if m not in d.allowed[p]:
                    continue
                ptype = d.region.provision_type(p)
                group = ptype.sites_of
                # a shared site is reported once, on the group's first type with places in that area
                for a in model.wijk_areas(m, p):
                    first_in_group = ptype.clustered and next(
                        (q for q in d.types if d.region.provision_type(q).sites_of == group
                         and placed.get((a, q, t), 0) > 0), None) == p
                    y = placed[a, p, t]
                    if y > 0:
                        allocation.append(
                            AllocationRow(
                                municipality=m,
                                wijk=a if a != m else None,
                                type=p,
                                year=t,
                                places=y,
                                new_places=y,
                                sites=_int(model.sites.get((a, group, t), 0)) if first_in_group else 0,
                            )
                        )

    fair = []
    if d.scenario.fair_share.enabled:
        target = d.targets
        for p in d.types:
            for m in d.munis:
                for t in d.years:
                    places = _int(model.x[m, p, t])
                    quota = d.quota(m, p, t)
                    if m not in d.allowed[p] and places == 0:
                        continue
                    fair.append(FairShareRow(municipality=m, type=p, year=t, places=places, quota=round(quota, 4),
                                             target=target.get((m, p, t), 0), gap=round(places - quota, 4)))

    buildings = _buildings(model, placed)
    housed = {p for types in d.buildings.values() for p in types}
    grows: dict[tuple[str, int], float] = {}  # (area, year) -> what the buildings standing there add
    for row in buildings:
        area = row.wijk or row.municipality
        if area is not None:
            added = d.region.building_growth(row.building, d.types, row.places)
            grows[area, row.year] = grows.get((area, row.year), 0.0) + added
    load_rows = []
    for w, cap in d.draagkracht.items():
        for t in d.years:
            load = d.existing_load.get(w, 0.0) + grows.get((w, t), 0.0) + d.region.weighted_load(
                {p: placed.get((w, p, t), 0) for p in d.types if p not in housed})
            use = load / cap.capacity if cap.capacity > 0 else (0.0 if load == 0 else float("inf"))
            load_rows.append(DraagkrachtRow(wijk=w, municipality=cap.municipality, year=t,
                                            capacity=cap.capacity, load=load, use=round(use, 4)))

    budget_rows, transfers, years, distributions = _money(model)
    unmet = {p: {t: _int(model.unmet[p, t]) for t in d.years} for p in d.types}
    return Result(
        region=d.region.code,
        scenario=d.scenario.name,
        status=status,
        solver=solver,
        solver_version=solver_version,
        gap=gap,
        wall_time=wall_time,
        years=list(d.years),
        stages=stages,
        allocation=allocation,
        fair_share=fair,
        draagkracht=load_rows,
        buildings=buildings,
        budget=budget_rows,
        budget_years=years,
        budget_enabled=d.scenario.budget.enabled,
        grants=[GrantLine(label=g.label, domain=g.domain, year=g.year, amount=g.amount, source=g.source)
                for g in d.region.grants],
        modelling_choices=[*d.region.modelling_choices(), *d.scenario.modelling_choices],
        distributions=distributions,
        transfers=transfers,
        normalised_keys=normalised_keys(d),
        unmet=unmet,
        surplus=causes(model),
        objective={k: float(v) for k, v in values.items()},
        names=d.names,
        labels=model.data.region.type_labels(),
    )


def _buildings(model: AllocationModel, placed: dict[tuple[str, str, int], int]) -> list[BuildingRow]:
    """Each building per year: where it stands (the area of its new places, else the pack's wijk) and the
    places of its types it holds, opens and closes."""
    d = model.data
    rows: list[BuildingRow] = []
    for b, types in d.buildings.items():
        given = d.region.building(b).wijk
        areas = sorted({a for (a, p, _t), n in placed.items() if p in types and n > 0})
        area = areas[0] if areas else given
        held = [m for m in d.munis if any(d.existing[m, p] or _int(model.new[m, p, d.years[-1]]) for p in types)]
        muni = held[0] if held else (wijk_municipality_code(given) if given else None)
        wijk = area if area is not None and area != muni else None
        opened = {t: sum(_int(model.new[m, p, t]) for m in d.munis for p in types) for t in d.years}
        closed = {t: sum(_int(model.closed[m, p, t]) for m in d.munis for p in types) for t in d.years}
        for t in d.years:
            prev = d.prev(t)
            rows.append(BuildingRow(
                building=b, municipality=muni, wijk=wijk, wijk_chosen=given is None and wijk is not None, year=t,
                places={p: sum(_int(model.x[m, p, t]) for m in d.munis) for p in types},
                opened=opened[t] - (opened[prev] if prev else 0), closed=closed[t] - (closed[prev] if prev else 0)))
    return rows


def _money(model: AllocationModel) -> tuple[list[BudgetRow], list[Transfer], dict[int, BudgetYear],
                                           list[DistributionLine]]:
    """Each year's cost, what each municipality hosts, pays, pays out and receives, and the transfers that
    settle it.

    All amounts are worked out in whole cents, so the totals hold exactly: with a payment key, a year's
    cost is split over the municipalities by their shares of that year (``split_cents``: largest
    remainder, ties to the larger share, then the region's order), so the payments sum to the cost to
    the cent; the grants, and the money the distributions hand out, are split the same way (the grants'
    holders pay it out). Each distribution's amount is split over the municipalities by its own key.
    Each municipality's ``transfer`` is what it pays and pays out less the cost of the places it hosts
    and what it receives, and the transfers between municipalities (``settle_cents``: every payer pays
    every recipient in proportion to what it is owed, the rounding cents corrected so both sides hold)
    settle those balances exactly. Without a payment key each municipality pays what it hosts.
    """
    d = model.data
    policy = d.scenario.budget
    rows: list[BudgetRow] = []
    transfers: list[Transfer] = []
    years: dict[int, BudgetYear] = {}
    lines: list[DistributionLine] = []
    for t in d.years:
        prev = d.prev(t)
        costs: dict[str, YearCost] = {}
        for m in d.munis:
            held = {(m, p): _int(model.x[m, p, t]) for p in d.types}
            opened = {(m, p): _int(model.new[m, p, t]) - (_int(model.new[m, p, prev]) if prev else 0)
                      for p in d.types}
            costs[m] = d.region.cost_of_year(held, opened)
        hosted = {m: 100 * c.total for m, c in costs.items()}
        total = sum(hosted.values())
        grant = cents(d.grants.get(t, 0.0))
        receives = dict.fromkeys(d.munis, 0)
        for dist in policy.distributions:
            if t not in dist.amounts:
                continue
            amount = cents(dist.amounts[t])
            parts = split_cents(amount, d.region.keys[dist.key].shares)
            for m in d.munis:
                receives[m] += parts[m]
            lines.append(DistributionLine(label=dist.label, key=dist.key, year=t, amount=amount / 100,
                                          shares={m: parts[m] / 100 for m in d.munis}, source=dist.source))
        handed_out = sum(receives.values())
        available = policy.available(d.grants.get(t, 0.0), t)
        years[t] = BudgetYear(
            cost=total / 100,
            running_cost=sum(c.running for c in costs.values()),
            capital_cost=sum(c.capital for c in costs.values()),
            cofinancing=sum(c.cofinancing for c in costs.values()),
            cofinancing_unused=sum(c.cofinancing_unused for c in costs.values()),
            grants=grant / 100,
            extra=policy.extra.get(t, 0.0),
            fixed_costs=policy.fixed_costs.get(t, 0.0),
            distributed=handed_out / 100,
            available=round(available, 2),
            headroom=round(available - total / 100, 2),
        )
        shares = {m: d.pay_shares[m, t] for m in d.munis if (m, t) in d.pay_shares}
        if len(shares) == len(d.munis):
            pays = split_cents(total, shares)
            grants = split_cents(grant, shares)
            pays_out = split_cents(handed_out, shares)
        else:  # no payment key, so no distributions either (``Scenario.check_against``)
            pays = dict(hosted)
            grants = pays_out = dict.fromkeys(d.munis, 0)
        balance = {m: pays[m] + pays_out[m] - hosted[m] - receives[m] for m in d.munis}
        for m in d.munis:
            rows.append(BudgetRow(municipality=m, year=t, hosted_cost=hosted[m] / 100, pays=pays[m] / 100,
                                  grant_share=grants[m] / 100, pays_out=pays_out[m] / 100,
                                  receives=receives[m] / 100, transfer=balance[m] / 100))
        transfers += [Transfer(year=t, payer=payer, recipient=recipient, amount=amount / 100)
                      for payer, recipient, amount in settle_cents(balance)]
    return rows, transfers, years, lines
