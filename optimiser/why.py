"""Why this number? For one municipality, type and year: the plan's places against the fair share, the rules
and figures that put them there, and what one place closer to the fair share would cost.

The reasons are read off the scenario and the result (a site size above the share, the municipalities above
or below their shares instead, a cap reached, no hosting, today's places kept, draagkracht used up, and the
explanation's drivers that name the municipality or type). The counterfactual is proven by the solver: the
same scenario with this cell held one place closer to its fair share, solved as a normal solve (one more solve,
about as long as the first); when that is infeasible, the diagnosis says which rules stop it and by how much.
"""

from __future__ import annotations

import logging

from models import FairShareRow, Gain, Region, Result, Scenario, Status
from models.i18n import t_
from models.result import Counterfactual, Reason, WhyAnswer, WhyYear
from optimiser.diagnosis import diagnose
from optimiser.formulation import AllocationModel, build
from optimiser.solving import GAIN_TERMS, UNITS, run_stages, solver_for

log = logging.getLogger(__name__)

#: a cell this close to its fair share is at it (the fair share is a fraction; places are whole)
AT_SHARE = 0.5
#: at most this many municipalities are named where the places are instead
ELSEWHERE = 3
#: a wijk this full counts as used up
FULL = 0.99


def resolve(region: Region, scenario: Scenario, municipality: str, type_code: str,
            year: int | None = None) -> tuple[str, str, int]:
    """The municipality code and type code meant by a code or name (case-insensitive); a ValueError naming the
    value and the choices otherwise."""
    munis = {m.code: m.name for m in region.municipalities}
    found = [c for c, n in munis.items() if municipality.strip().lower() in (c.lower(), n.lower())]
    if not found:
        raise ValueError(t_("municipality: {value} is not in {region}; choose one of {choices}",
                            value=repr(municipality), region=region.code,
                            choices=", ".join(f"{c} ({n})" for c, n in munis.items())))
    types = {t.code: t.label for t in region.provision_types if t.code in scenario.demand}
    chosen = [c for c, label in types.items() if type_code.strip().lower() in (c.lower(), label.lower())]
    if not chosen:
        raise ValueError(t_("type: {value} is not a type of this scenario; choose one of {choices}",
                            value=repr(type_code), choices=", ".join(f"{c} ({label})" for c, label in types.items())))
    years = list(scenario.years)
    if year is not None and year not in years:
        raise ValueError(t_("year: {year} is not a year of the scenario; choose one of {choices}", year=year,
                            choices=", ".join(map(str, years))))
    return found[0], chosen[0], years[-1] if year is None else year


def why(region: Region, scenario: Scenario, result: Result, municipality: str, type_code: str,
        year: int | None = None, counterfactual: bool = True) -> WhyAnswer:
    """Why the plan gives ``municipality`` the places of ``type_code`` it gives in ``year`` (default: the
    scenario's last year). ``municipality`` and ``type_code`` may be codes or names."""
    if not result.status.solved:
        raise ValueError(t_(
            "the scenario {scenario} has no plan ({status}); its diagnosis says why",
            scenario=result.scenario, status=result.status))
    m, p, t = resolve(region, scenario, municipality, type_code, year)
    rows = {(r.municipality, r.type, r.year): r for r in result.fair_share}
    if (m, p, t) not in rows:
        raise ValueError(t_(
            "type: {p} has no fair share in {t}; it is not spread by a key in this scenario", p=p, t=t))
    cell = rows[m, p, t]
    today = sum(c.places for c in region.capacity if c.municipality == m and c.type == p)
    answer = WhyAnswer(municipality=m, type=p, year=t, places=cell.places, fair_share=round(cell.quota, 2),
                       gap=round(cell.gap, 2), today=today,
                       years=[WhyYear(year=y, places=rows[m, p, y].places, fair_share=round(rows[m, p, y].quota, 2))
                              for y in result.years if (m, p, y) in rows])
    answer.reasons = _reasons(region, scenario, result, m, p, t, cell.gap, today, rows)
    if counterfactual and abs(cell.gap) >= AT_SHARE:
        answer.counterfactual = _counterfactual(region, scenario, result, m, p, t, 1 if cell.gap < 0 else -1)
    return answer


def _reasons(region: Region, scenario: Scenario, result: Result, m: str, p: str, t: int, gap: float, today: int,
             rows: dict[tuple[str, str, int], FairShareRow]) -> list[Reason]:
    reasons: list[Reason] = []
    ptype = region.provision_type(p)
    label = result.labels.get(p, p)
    if abs(gap) < AT_SHARE:
        return [Reason(kind="at_share", params={})]
    below = gap < 0
    if ptype.clustered and scenario.sites.enabled:
        group = [q.code for q in region.provision_types if q.clustered and q.sites_of == ptype.sites_of]
        share = sum(rows[m, q, t].quota for q in group if (m, q, t) in rows)
        if share < (ptype.site_min or 0):
            reasons.append(Reason(kind="site_size", params={
                "label": " + ".join(result.labels.get(q, q) for q in group), "size": ptype.site_min or 0,
                "municipality": result.names.get(m, m), "share": round(share, 2)}))
    cap = scenario.cap(m, p, t)
    if cap is not None and rows[m, p, t].places >= cap:
        reasons.append(Reason(kind="cap", params={"limit": cap, "municipality": result.names.get(m, m),
                                                  "label": label}))
    if below and m not in scenario.hosts(region, p, t):
        reasons.append(Reason(kind="no_hosting", params={"municipality": result.names.get(m, m), "label": label}))
    if not below and today and rows[m, p, t].places == today:
        rules = [f for f, on in (("keep_current", p in scenario.transitions.keep_current),
                                 ("close_after_open", True),
                                 ("max_shift", p in scenario.transitions.max_shift_per_year)) if on]
        reasons.append(Reason(kind="today", params={"municipality": result.names.get(m, m), "today": today,
                                                    "label": label, "rules": ",".join(rules)}))
    if below and ptype.draagkracht_weight > 0 and ptype.in_wijken:
        wijken = [r for r in result.draagkracht if r.municipality == m and r.year == t]
        if wijken and all(r.use >= FULL for r in wijken):
            reasons.append(Reason(kind="draagkracht", params={"municipality": result.names.get(m, m)}))
    others = sorted(((r.gap, r) for (o, q, y), r in rows.items() if q == p and y == t and o != m
                     and (r.gap >= AT_SHARE if below else r.gap <= -AT_SHARE)),
                    key=lambda item: -abs(item[0]))[:ELSEWHERE]
    for other_gap, r in others:
        reasons.append(Reason(kind="above" if other_gap > 0 else "below", params={
            "municipality": result.names.get(r.municipality, r.municipality), "places": r.places,
            "gap": round(abs(other_gap), 2)}))
    for b in result.binding:
        if b.municipality == m or (b.municipality is None and b.type in (p, ptype.sites_of)):
            reasons.append(Reason(kind="driver", params={"group": b.group}))
    return reasons


def _counterfactual(region: Region, scenario: Scenario, result: Result, m: str, p: str, t: int,
                    step: int) -> Counterfactual:
    """The scenario with the cell held one place closer to its fair share, solved as a normal solve."""
    places = next(r.places for r in result.fair_share if (r.municipality, r.type, r.year) == (m, p, t))
    target = places + step

    def hold(model: AllocationModel) -> None:
        var = model.x[m, p, t]
        if step > 0:
            model.hard(var >= target, "why", m, p, t)
        else:
            model.hard(var <= target, "why", m, p, t)

    solver = solver_for(scenario)
    model = build(region, scenario)
    hold(model)
    stages, values = run_stages(model, solver, terms=GAIN_TERMS)
    if stages and not stages[-1][1].status.solved:
        diagnosis = diagnose(region, scenario, solver, hold=hold)
        return Counterfactual(step=step, feasible=False, relaxations=diagnosis.relaxations)
    gains: list[Gain] = []
    for term in GAIN_TERMS:
        if term not in result.objective or term not in values:
            continue
        amount = result.objective[term] - values[term]
        if abs(amount) >= 1:
            gains.append(Gain(term=term, amount=amount, unit=UNITS.get(term, "places")))
        if amount <= -1:  # the first term that gets worse decides; later ones are not comparable
            break
    proven = all(info.status == Status.optimal for _, info in stages)
    log.info("why %s %s %s: one place %s costs %s", m, p, t, "more" if step > 0 else "less", gains)
    return Counterfactual(step=step, feasible=True, gains=gains, proven=proven)
