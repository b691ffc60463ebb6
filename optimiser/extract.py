"""Read a solved model into a ``models.Result``: allocation, fair-share gaps, draagkracht use, money."""

from __future__ import annotations

from typing import Any

from models import (
    AllocationRow,
    BudgetRow,
    BudgetYear,
    DraagkrachtRow,
    FairShareRow,
    GrantLine,
    Result,
    Stage,
    Status,
    Transfer,
)
from optimiser.formulation import AllocationModel
from optimiser.formulation.fair_share import targets


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
        target = targets(model)
        for p in d.types:
            for m in d.munis:
                for t in d.years:
                    places = _int(model.x[m, p, t])
                    quota = d.quota(m, p, t)
                    if m not in d.allowed[p] and places == 0:
                        continue
                    fair.append(FairShareRow(municipality=m, type=p, year=t, places=places, quota=round(quota, 4),
                                             target=target.get((m, p, t), 0), gap=round(places - quota, 4)))

    load_rows = []
    for w, cap in d.draagkracht.items():
        for t in d.years:
            load = d.existing_load.get(w, 0.0) + d.region.weighted_load({p: placed.get((w, p, t), 0) for p in d.types})
            use = load / cap.capacity if cap.capacity > 0 else (0.0 if load == 0 else float("inf"))
            load_rows.append(DraagkrachtRow(wijk=w, municipality=cap.municipality, year=t,
                                            capacity=cap.capacity, load=load, use=round(use, 4)))

    budget_rows, transfers, years = _money(model)
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
        budget=budget_rows,
        budget_years=years,
        budget_enabled=d.scenario.budget.enabled,
        grants=[GrantLine(label=g.label, domain=g.domain, year=g.year, amount=g.amount, source=g.source)
                for g in d.region.grants],
        modelling_choices=list(d.scenario.modelling_choices),
        transfers=transfers,
        unmet=unmet,
        objective={k: float(v) for k, v in values.items()},
        names=d.names,
        labels=model.data.region.type_labels(),
    )


def _money(model: AllocationModel) -> tuple[list[BudgetRow], list[Transfer], dict[int, BudgetYear]]:
    d = model.data
    policy = d.scenario.budget
    rows: list[BudgetRow] = []
    transfers: list[Transfer] = []
    years: dict[int, BudgetYear] = {}
    for t in d.years:
        prev = d.prev(t)
        hosted: dict[str, float] = {}
        for m in d.munis:
            held = {(m, p): _int(model.x[m, p, t]) for p in d.types}
            opened = {(m, p): _int(model.new[m, p, t]) - (_int(model.new[m, p, prev]) if prev else 0)
                      for p in d.types}
            hosted[m] = float(d.region.cost_of_year(held, opened))
        total = sum(hosted.values())
        available = d.grants.get(t, 0.0) + policy.extra.get(t, 0.0) - policy.fixed_costs.get(t, 0.0)
        years[t] = BudgetYear(
            cost=total,
            grants=round(d.grants.get(t, 0.0), 2),
            extra=policy.extra.get(t, 0.0),
            fixed_costs=policy.fixed_costs.get(t, 0.0),
            available=round(available, 2),
            headroom=round(available - total, 2),
        )
        balance = {}
        for m in d.munis:
            share = d.pay_shares.get((m, t))
            pays = share * total if share is not None else hosted[m]
            grant = share * d.grants.get(t, 0.0) if share is not None else 0.0
            balance[m] = pays - hosted[m]
            rows.append(BudgetRow(municipality=m, year=t, hosted_cost=round(hosted[m], 2), pays=round(pays, 2),
                                  grant_share=round(grant, 2), transfer=round(balance[m], 2)))
        payers = {m: b for m, b in balance.items() if b > 0.005}
        receivers = {m: -b for m, b in balance.items() if b < -0.005}
        owed = sum(receivers.values())
        for payer, amount in payers.items():
            for receiver, need in receivers.items():
                transfers.append(Transfer(year=t, payer=payer, recipient=receiver,
                                          amount=round(amount * need / owed, 2)))
    return rows, transfers, years
