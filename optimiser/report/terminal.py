"""The terminal report of a result."""

from __future__ import annotations

from collections.abc import Callable

from models import BudgetYear, BuildingRow, Region, Result
from models.formatting import normalised_note
from models.i18n import Words
from optimiser.report import wording
from optimiser.report.confidential import NOTE_NL, shown_per_wijk


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def render(result: Result, region: Region, words: Words | None = None) -> str:
    """A readable report for the terminal; explanations and diagnoses in the language of ``words`` (Dutch by
    default)."""
    w = words or Words()
    names = result.names
    label = result.labels
    gap = "n/a" if result.gap is None else f"{result.gap:.4%}"
    out = [
        f"Region {region.name} — scenario {result.scenario}",
        f"Status {result.status} · solver {result.solver_version} · gap {gap} · {result.wall_time:.2f} s",
    ]
    out += _confidential(result, region)
    if result.diagnosis:
        out.append("")
        out += _diagnosis(result, w)
        return "\n".join(out)
    last = result.last_year
    out += ["", f"Places per municipality in {last} (quota = key share × regional demand)"]
    rows = []
    for r in result.fair_share:
        if r.year == last:
            rows.append([label.get(r.type, r.type), names.get(r.municipality, r.municipality), str(r.places),
                         f"{r.quota:.2f}", f"{r.gap:+.2f}"])
    if rows:
        out.append(_table(["type", "municipality", "places", "quota", "gap"], rows))
    municipal = {t.code for t in region.provision_types if not t.in_wijken}
    new_rows = []
    for a in result.allocation:
        if a.year == last and a.new_places:
            if a.wijk:
                where = names.get(a.wijk, a.wijk)
            elif a.type in result.redacted:
                where = "(confidential: municipality only)"
            elif a.type in municipal:
                where = "(whole municipality)"
            else:
                where = "(no wijk data)"
            new_rows.append([label.get(a.type, a.type), names.get(a.municipality, a.municipality), where,
                             str(a.new_places), str(a.sites or "")])
    if new_rows:
        out += ["", f"New places by wijk (cumulative to {last})"]
        out.append(_table(["type", "municipality", "wijk", "new", "sites"], new_rows))
    out += _municipal_tasks(result, municipal)
    out += _buildings(result)
    unmet = [(t, y, v) for t, per in result.unmet.items() for y, v in per.items() if v]
    out += ["", "Unmet demand: " + (", ".join(f"{label.get(t, t)} {y}: {v}" for t, y, v in unmet) or "none")]
    out += _unmet_causes(result, bool(unmet), w)
    if result.surplus:
        out += ["", "Places above demand (empty places, counted in the costs at the cost per place-year)"]
        out.append(_table(
            ["type", "year", "places", "demand", "surplus", "cause"],
            [[label.get(s.type, s.type), str(s.year), str(s.places), str(s.demand), str(s.surplus),
              "; ".join(f"{n} {wording.surplus_cause(c, w)}" for c, n in s.causes.items())] for s in result.surplus],
        ))
    else:
        out += ["", "Places above demand: none"]
    if result.budget_years and result.budget_enabled:
        out += _money(result)
    elif result.budget_years:
        out += ["", "Money: the budget rules are off in this scenario, so there is no verdict on whether the plan "
                "fits the grants.", "Cost per year, for information only: "
                + ", ".join(f"{y} € {v.cost:,.0f}" for y, v in sorted(result.budget_years.items()))]
        if all(v.cost == 0 for v in result.budget_years.values()):
            out.append("(the region gives no cost per place for these types, so no cost can be counted)")
    if result.normalised_keys:
        out += [""]
        out += [normalised_note(name, total) for name, total in result.normalised_keys.items()]
    out += _grants(result)
    crowded = sorted((r for r in result.draagkracht if r.year == last), key=lambda r: -r.use)[:5]
    if crowded and crowded[0].load > 0:
        out += ["", "Most loaded wijken (draagkracht use)"]
        out.append(_table(["wijk", "load", "capacity", "use"],
                          [[names.get(r.wijk, r.wijk), f"{r.load:g}", f"{r.capacity:g}", f"{r.use:.0%}"]
                           for r in crowded if r.load > 0]))
    if result.binding:
        out += ["", w._("Rules that shape the plan, and what relaxing each would gain")]
        out += [f"  - {wording.driver(b, w)}" for b in result.binding]
    if result.unexplained_rules:
        out += ["", wording.untested(result, w)]
    if result.modelling_choices:
        out += ["", "Modelling choices (not settled by the source documents; a working group may replace them)"]
        out += [f"  - {c}" for c in result.modelling_choices]
    return "\n".join(out)


def _diagnosis(result: Result, w: Words) -> list[str]:
    """Why there is no allocation: each way out, fewest rules first, with what each rule must give."""
    diagnosis = result.diagnosis
    assert diagnosis is not None
    if not diagnosis.relaxations:
        return [wording.worded(result, w).diagnosis.message]  # type: ignore[union-attr]
    ways = [diagnosis.relaxations, *diagnosis.alternatives]
    out = [w._("No allocation satisfies every rule. Ways out, fewest rules first:")]
    for i, way in enumerate(ways, 1):
        if i == 1:
            head = w.n_("relax {n} rule:", "relax {n} rules:", len(way))
        else:
            head = w.n_("or relax {n} rule:", "or relax {n} rules:", len(way))
        out.append(f"  {i}. {head}")
        out += [f"     - {wording.relaxation(r, result.names, result.labels, w)}" for r in way]
    return out


def _money(result: Result) -> list[str]:
    """Money per year (a column only where some year has a figure in it), co-financing left unused, the
    money handed out by key, and per municipality what it hosts, pays, pays out, receives and transfers."""
    years = sorted(result.budget_years.items())
    columns: list[tuple[str, Callable[[BudgetYear], float]]] = [
        ("places", lambda v: v.running_cost), ("capital cost", lambda v: v.capital_cost),
        ("co-financing used", lambda v: v.cofinancing), ("net capital cost", lambda v: v.capital_cost - v.cofinancing),
        ("cost", lambda v: v.cost), ("grants", lambda v: v.grants),
        ("fixed costs", lambda v: v.fixed_costs), ("handed out", lambda v: v.distributed),
        ("extra", lambda v: v.extra), ("headroom", lambda v: v.headroom)]
    capital = any(v.capital_cost or v.cofinancing_unused for _, v in years)
    parts = ("places", "capital cost", "co-financing used", "net capital cost")
    shown = [(h, f) for h, f in columns if h in ("cost", "grants", "headroom")
             or (capital if h in parts else any(f(v) for _, v in years))]
    out = ["", "Money per year (EUR)" + (": cost = places + net capital cost (capital cost - co-financing used)"
                                         if capital else ""),
           _table(["year", *(h for h, _ in shown)], [[str(y), *(f"{f(v):,.0f}" for _, f in shown)] for y, v in years])]
    unused = [(y, v.cofinancing_unused) for y, v in years if v.cofinancing_unused]
    if unused:
        out.append("Co-financing covers capital cost only and is no income; left unused, above the capital cost of "
                   "the units opened: " + ", ".join(f"{y} € {amount:,.0f}" for y, amount in unused))
    names = result.names
    for label, key in dict.fromkeys((d.label, d.key) for d in result.distributions):
        lines = {d.year: d for d in result.distributions if (d.label, d.key) == (label, key)}
        munis = list(next(iter(lines.values())).shares)
        source = next(iter(lines.values())).source
        out += ["", f"{label}, handed out by key {key} (EUR)" + (f" [{source}]" if source else ""),
                _table(["municipality", *map(str, lines)],
                       [[names.get(m, m), *(f"{d.shares[m]:,.2f}" for d in lines.values())] for m in munis])]
    if result.budget:
        handed = any(r.pays_out or r.receives for r in result.budget)
        extra = ["pays out", "receives"] if handed else []
        out += ["", "Money per municipality (EUR; transfer = pays" + (" + pays out - hosts - receives" if handed
                else " - hosts") + ", > 0 pays the others)",
                _table(["year", "municipality", "hosts", "pays", *extra, "transfer"],
                       [[str(r.year), names.get(r.municipality, r.municipality), f"{r.hosted_cost:,.2f}",
                         f"{r.pays:,.2f}", *([f"{r.pays_out:,.2f}", f"{r.receives:,.2f}"] if handed else []),
                         f"{r.transfer:,.2f}"] for r in result.budget])]
    if result.transfers:
        out += ["", "Transfers between municipalities (EUR)",
                _table(["year", "from", "to", "amount"],
                       [[str(t.year), names.get(t.payer, t.payer), names.get(t.recipient, t.recipient),
                         f"{t.amount:,.2f}"] for t in result.transfers])]
    return out


def _confidential(result: Result, region: Region) -> list[str]:
    """The line that says how the confidential types are shown: per municipality only, or (asked for) per wijk."""
    label = result.labels
    if result.redacted:
        return ["", f"Confidential addresses ({NOTE_NL}): {', '.join(label.get(t, t) for t in result.redacted)} "
                "are shown per municipality only; `--show-confidential` shows their wijken"]
    shown = shown_per_wijk(result, region)
    if shown:
        return ["", f"CONFIDENTIAL: this report shows the wijken of {', '.join(label.get(t, t) for t in shown)} "
                "(--show-confidential); do not pass it on"]
    return []


def _municipal_tasks(result: Result, municipal: set[str]) -> list[str]:
    """Types placed at municipality level as yearly tasks: each municipality's places per year and, in
    brackets, what is new in that year (its part of the year's task)."""
    held = {(r.type, r.municipality, r.year): (r.places, r.quota) for r in result.fair_share if r.type in municipal}
    if not held:
        return []
    names, label = result.names, result.labels
    rows = []
    for p, m in dict.fromkeys((p, m) for p, m, _ in held):
        cells, before = [], 0
        for y in result.years:
            places, _quota = held.get((p, m, y), (0, 0.0))
            cells.append(f"{places} (+{places - before})")
            before = places
        rows.append([label.get(p, p), names.get(m, m), *cells])
    return ["", "Tasks per municipality and year (in place, and new in the year)",
            _table(["task", "municipality", *map(str, result.years)], rows)]


def _buildings(result: Result) -> list[str]:
    """Each building: where it stands and, per year, the places of its types it holds; a year in which places
    of one of its types close while others open in it is a conversion in the building."""
    if not result.buildings:
        return []
    names, label = result.names, result.labels
    out = ["", "Buildings (every place of a building's types stands in it, in one wijk)"]
    by_building: dict[str, list[BuildingRow]] = {}
    for row in result.buildings:
        by_building.setdefault(row.building, []).append(row)
    for b, rows in by_building.items():
        first = rows[0]
        if first.municipality is None:
            out.append(f"  {b}: no places")
            continue
        where = names.get(first.municipality, first.municipality)
        if first.wijk is not None:
            where += f", {names.get(first.wijk, first.wijk)}"
            where += " (wijk chosen by the model: the pack gives none)" if first.wijk_chosen else ""
        else:
            where += " (its wijk is not known)"
        out.append(f"  {b} in {where}")
        for row in rows:
            held = ", ".join(f"{label.get(p, p)} {n}" for p, n in row.places.items() if n) or "no places"
            change = (f" - converted in the building: {row.closed} places closed, {row.opened} opened"
                      if row.converted else "")
            out.append(f"    {row.year}: {held}{change}")
    return out


def _grants(result: Result) -> list[str]:
    """The region's grants, one row per grant and a column per year (EUR, as the pack states them)."""
    if not result.grants:
        return []
    years = sorted({g.year for g in result.grants})
    rows: dict[tuple[str, str], dict[int, float]] = {}
    for g in result.grants:
        rows.setdefault((g.label, g.domain), {})[g.year] = g.amount
    table = [[label, domain.upper(), *(f"{per[y]:,.0f}" if y in per else "" for y in years)]
             for (label, domain), per in rows.items()]
    return ["", "Grants of the region (EUR)", _table(["grant", "domain", *map(str, years)], table)]


def _unmet_causes(result: Result, unmet: bool, w: Words) -> list[str]:
    """The rules that keep demand unmet: the drivers whose relaxation would meet more of it."""
    if not unmet:
        return []
    causes = wording.unmet_causes(result, w)
    if causes:
        return [w._("What keeps it unmet (relaxing each rule would meet more of the demand):"),
                *(f"  - {c}" for c in causes)]
    if result.unexplained_rules:
        return [w._("What keeps it unmet: none of the rules tested so far; not tested in the time: {families}",
                    families=", ".join(wording.family_name(f, w) for f in result.unexplained_rules))]
    return [w._("What keeps it unmet: no rule named (explanations off, or no single rule family holds it back)")]
