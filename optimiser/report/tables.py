"""A result as the sections of a report, worded and formatted in the reader's language.

One source for every written report: the terminal draws the sections with rich, the council report
(``optimiser.report.document``) with HTML. Each section has a title, lines of text, an optional table of
formatted cells and a tone (``warning`` for unmet demand and empty places) so both can flag what needs a look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models import BudgetYear, BuildingRow, Region, Result, Status
from models.formatting import percent_sum
from models.i18n import Words
from optimiser.report import wording
from optimiser.report.confidential import shown_per_wijk


@dataclass
class Table:
    """Headers and formatted cells; ``numeric`` columns align right; ``flags`` mark rows (``warning`` or
    ``total``) by index."""

    headers: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)
    flags: dict[int, str] = field(default_factory=dict)


@dataclass
class Section:
    """One part of a report; ``kind`` names the parts a document places apart (``choices``: the modelling
    choices)."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: Table | None = None
    bullets: list[str] = field(default_factory=list)
    tone: str = ""
    kind: str = ""


def status_text(status: Status, w: Words) -> str:
    """How the solve ended, in the reader's words."""
    return {
        Status.optimal: w._("optimal"),
        Status.time_limit: w._("best plan found within the time limit"),
        Status.infeasible: w._("no plan meets every rule"),
        Status.error: w._("the solver failed"),
    }[status]


def heading(result: Result, region: Region, w: Words) -> list[str]:
    """The report's first lines: region and scenario, how the solve ended."""
    gap = w._("n/a") if result.gap is None else f"{w.fixed(100 * result.gap, 4)} %"
    return [
        w._("Region {region} — scenario {scenario}", region=region.name, scenario=result.scenario),
        w._("Status: {status} · solver {solver} · gap {gap} · {seconds} s", status=status_text(result.status, w),
            solver=result.solver_version, gap=gap, seconds=w.fixed(result.wall_time, 2)),
    ]


def sections(result: Result, region: Region, w: Words) -> list[Section]:
    """The report's sections, in reading order; an unsolved result gives its diagnosis only."""
    out = _confidential(result, region, w)
    if result.diagnosis:
        return [*out, _diagnosis(result, w)]
    municipal = {t.code for t in region.provision_types if not t.in_wijken}
    out += [_places(result, region, w)]
    out += _new_places(result, municipal, w)
    out += _buildings(result, w)
    out += [_unmet(result, w), _surplus(result, w)]
    out += _money(result, w)
    out += _grants(result, w)
    out += _draagkracht(result, w)
    out += _explanation(result, w)
    if result.modelling_choices:
        out.append(Section(w._("Modelling choices (not settled by the source documents; a working group may "
                               "replace them)"), bullets=list(result.modelling_choices), kind="choices"))
    return out


def _confidential(result: Result, region: Region, w: Words) -> list[Section]:
    """How the confidential types are shown: per municipality only, or (asked for) per wijk."""
    label = result.labels
    if result.redacted:
        types = ", ".join(label.get(t, t) for t in result.redacted)
        return [Section(w._("Confidential addresses"), [w._(
            "{types}: shown per municipality only (confidential addresses); `--show-confidential` shows their "
            "wijken", types=types)])]
    shown = shown_per_wijk(result, region)
    if shown:
        types = ", ".join(label.get(t, t) for t in shown)
        return [Section(w._("Confidential addresses"), [w._(
            "CONFIDENTIAL: this report shows the wijken of {types} (--show-confidential); do not pass it on",
            types=types)], tone="warning")]
    return []


def _diagnosis(result: Result, w: Words) -> Section:
    """Why there is no allocation: each way out, fewest rules first, with what each rule must give."""
    diagnosis = result.diagnosis
    assert diagnosis is not None
    title = w._("No allocation")
    if not diagnosis.relaxations:
        return Section(title, [wording.diagnosis_message(diagnosis, result.names, result.labels, w)], tone="warning")
    lines = [w._("No allocation satisfies every rule. Ways out, fewest rules first:")]
    for i, way in enumerate([diagnosis.relaxations, *diagnosis.alternatives], 1):
        if i == 1:
            head = w.n_("relax {n} rule:", "relax {n} rules:", len(way))
        else:
            head = w.n_("or relax {n} rule:", "or relax {n} rules:", len(way))
        lines.append(f"{i}. {head}")
        lines += [f"   - {wording.relaxation(r, result.names, result.labels, w)}" for r in way]
    return Section(title, lines, tone="warning")


def _places(result: Result, region: Region, w: Words) -> Section:
    """Per type and municipality: today's places, the places in each year, the fair share at the end and the
    difference; per type its total, and the demand left unmet and the empty places in the years they occur."""
    names, label = result.names, result.labels
    years = result.years
    last = result.last_year
    held = {(r.type, r.municipality, r.year): r for r in result.fair_share}
    types = list(dict.fromkeys(r.type for r in result.fair_share))
    munis = list(dict.fromkeys(r.municipality for r in result.fair_share))
    surplus = {(s.type, s.year): s.surplus for s in result.surplus}
    rows: list[list[str]] = []
    flags: dict[int, str] = {}
    for p in types:
        today = region.current_places(p) if any(t.code == p for t in region.provision_types) else {}
        for m in munis:
            if not any((p, m, y) in held for y in years):
                continue
            end = held.get((p, m, last)) if last is not None else None
            cells = [w.number(held[p, m, y].places) if (p, m, y) in held else "" for y in years]
            rows.append([label.get(p, p), names.get(m, m), w.number(today.get(m, 0)), *cells,
                         w.fixed(end.quota, 2) if end else "", signed(end.gap, w) if end else ""])
        totals = [w.number(sum(r.places for (q, _m, y), r in held.items() if q == p and y == t)) for t in years]
        flags[len(rows)] = "total"
        rows.append(["", w._("total"), w.number(sum(today.values())), *totals, "", ""])
        unmet = result.unmet.get(p, {})
        if any(unmet.get(y) for y in years):
            flags[len(rows)] = "warning"
            rows.append(["", w._("unmet demand"), "", *(w.number(unmet[y]) if unmet.get(y) else "" for y in years),
                         "", ""])
        if any(surplus.get((p, y)) for y in years):
            flags[len(rows)] = "warning"
            rows.append(["", w._("empty places (above demand)"), "",
                         *(w.number(surplus[p, y]) if surplus.get((p, y)) else "" for y in years), "", ""])
    headers = [w._("type"), w._("municipality"), w._("today"), *map(str, years),
               w._("fair share {year}", year=str(last)), w._("difference")]
    return Section(
        w._("Places per municipality: today, each year, and the fair share at the end"),
        [w._("Fair share = the key's share × the region's demand; difference = places − fair share."),
         *(normalised(name, total, w) for name, total in result.normalised_keys.items())],
        Table(headers, rows, numeric=set(range(2, len(headers))), flags=flags))


def signed(value: float, w: Words) -> str:
    shown = w.fixed(value, 2)
    return shown if shown.startswith("-") else f"+{shown}"


def _new_places(result: Result, municipal: set[str], w: Words) -> list[Section]:
    """New places by wijk, cumulative to the last year, with the year each first stands there."""
    names, label, last = result.names, result.labels, result.last_year
    first: dict[tuple[str, str, str | None], int] = {}
    for a in sorted(result.allocation, key=lambda a: a.year):
        if a.new_places:
            first.setdefault((a.type, a.municipality, a.wijk), a.year)
    rows = []
    for a in result.allocation:
        if a.year != last or not a.new_places:
            continue
        if a.wijk:
            where = names.get(a.wijk, a.wijk)
        elif a.type in result.redacted:
            where = w._("(confidential: municipality only)")
        elif a.type in municipal:
            where = w._("(whole municipality)")
        else:
            where = w._("(no wijk data)")
        rows.append([label.get(a.type, a.type), names.get(a.municipality, a.municipality), where,
                     str(first.get((a.type, a.municipality, a.wijk), last)), w.number(a.new_places),
                     w.number(a.sites) if a.sites else ""])
    if not rows:
        return []
    return [Section(w._("New places by wijk (cumulative to {year})", year=str(last)), table=Table(
        [w._("type"), w._("municipality"), w._("wijk"), w._("from"), w._("new"), w._("sites")], rows,
        numeric={3, 4, 5}))]


def _buildings(result: Result, w: Words) -> list[Section]:
    """Each building: where it stands and, per year, the places of its types it holds; a year in which places
    of one of its types close while others open in it is a conversion in the building."""
    if not result.buildings:
        return []
    names, label = result.names, result.labels
    by_building: dict[str, list[BuildingRow]] = {}
    for row in result.buildings:
        by_building.setdefault(row.building, []).append(row)
    lines = []
    for b, rows in by_building.items():
        first = rows[0]
        if first.municipality is None:
            lines.append(w._("{building}: no places", building=b))
            continue
        where = names.get(first.municipality, first.municipality)
        if first.wijk is not None:
            where += f", {names.get(first.wijk, first.wijk)}"
            where += w._(" (wijk chosen by the model: the pack gives none)") if first.wijk_chosen else ""
        else:
            where += w._(" (its wijk is not known)")
        lines.append(w._("{building} in {where}", building=b, where=where))
        for row in rows:
            held = ", ".join(f"{label.get(p, p)} {w.number(n)}" for p, n in row.places.items() if n) \
                or w._("no places")
            change = w._(" — converted in the building: {closed} places closed, {opened} opened",
                         closed=row.closed, opened=row.opened) if row.converted else ""
            lines.append(f"  {row.year}: {held}{change}")
    return [Section(w._("Buildings (every place of a building's types stands in it, in one wijk)"), lines)]


def _unmet(result: Result, w: Words) -> Section:
    """The demand left unmet per type and year, and the rules that keep it unmet."""
    label = result.labels
    unmet = [(t, y, v) for t, per in result.unmet.items() for y, v in per.items() if v]
    title = w._("Unmet demand")
    if not unmet:
        return Section(title, [w._("none: every place asked for is planned")])
    lines = [", ".join(f"{label.get(t, t)} {y}: {w.number(v)}" for t, y, v in unmet)]
    causes = wording.unmet_causes(result, w)
    if causes:
        lines.append(w._("What keeps it unmet (relaxing each rule would meet more of the demand):"))
        return Section(title, lines, bullets=causes, tone="warning")
    if result.unexplained_rules:
        lines.append(w._("What keeps it unmet: none of the rules tested so far; not tested in the time: {families}",
                         families=", ".join(wording.family_name(f, w) for f in result.unexplained_rules)))
    else:
        lines.append(w._("What keeps it unmet: no rule named (explanations off, or no single rule family holds it "
                         "back)"))
    return Section(title, lines, tone="warning")


def _surplus(result: Result, w: Words) -> Section:
    """Places above demand per type and year, with their causes."""
    title = w._("Places above demand (empty places, counted in the costs at the cost per place-year)")
    if not result.surplus:
        return Section(title, [w._("none")])
    label = result.labels
    rows = [[label.get(s.type, s.type), str(s.year), w.number(s.places), w.number(s.demand), w.number(s.surplus),
             "; ".join(f"{w.number(n)} {wording.surplus_cause(c, w)}" for c, n in s.causes.items())]
            for s in result.surplus]
    return Section(title, table=Table(
        [w._("type"), w._("year"), w._("places"), w._("demand"), w._("empty"), w._("cause")], rows,
        numeric={1, 2, 3, 4}), tone="warning")


def _money(result: Result, w: Words) -> list[Section]:
    """Money per year (a column only where some year has a figure in it), co-financing left unused, the money
    handed out by key, per municipality what it hosts and pays, and who pays whom."""
    if not result.budget_years:
        return []
    years = sorted(result.budget_years.items())
    if not result.budget_enabled:
        lines = [w._("The budget rules are off in this scenario, so there is no verdict on whether the plan fits the "
                     "grants."),
                 w._("Cost per year, for information only: {costs}",
                     costs=", ".join(f"{y} {w.euro(v.cost)}" for y, v in years))]
        if all(v.cost == 0 for _, v in years):
            lines.append(w._("(the region gives no cost per place for these types, so no cost can be counted)"))
        return [Section(w._("Money"), lines)]
    columns: list[tuple[str, str, Callable[[BudgetYear], float]]] = [
        ("places", w._("places"), lambda v: v.running_cost),
        ("capital", w._("capital cost"), lambda v: v.capital_cost),
        ("cofinancing", w._("co-financing used"), lambda v: v.cofinancing),
        ("net", w._("net capital cost"), lambda v: v.capital_cost - v.cofinancing),
        ("cost", w._("cost"), lambda v: v.cost), ("grants", w._("grants"), lambda v: v.grants),
        ("fixed", w._("fixed costs"), lambda v: v.fixed_costs), ("handed", w._("handed out"), lambda v: v.distributed),
        ("extra", w._("extra"), lambda v: v.extra), ("headroom", w._("headroom"), lambda v: v.headroom)]
    capital = any(v.capital_cost or v.cofinancing_unused for _, v in years)
    shown = [(h, f) for k, h, f in columns if k in ("cost", "grants", "headroom")
             or (capital if k in ("places", "capital", "cofinancing", "net") else any(f(v) for _, v in years))]
    rows = [[str(y), *(w.euro(f(v)) for _, f in shown)] for y, v in years]
    flags = {i: "warning" for i, (_, v) in enumerate(years) if v.headroom < 0}
    lines = [w._("Cost = places + net capital cost (capital cost − co-financing used).")] if capital else []
    unused = [(y, v.cofinancing_unused) for y, v in years if v.cofinancing_unused]
    if unused:
        lines.append(w._("Co-financing covers capital cost only and is no income; left unused, above the capital "
                         "cost of the units opened: {amounts}",
                         amounts=", ".join(f"{y} {w.euro(amount)}" for y, amount in unused)))
    out = [Section(w._("Money per year"), lines, Table([w._("year"), *(h for h, _ in shown)], rows,
                                                       numeric=set(range(len(shown) + 1)), flags=flags))]
    names = result.names
    for label, key in dict.fromkeys((d.label, d.key) for d in result.distributions):
        lines_by_year = {d.year: d for d in result.distributions if (d.label, d.key) == (label, key)}
        first = next(iter(lines_by_year.values()))
        out.append(Section(
            w._("{label}, handed out by key {key}", label=label, key=key),
            [w._("Source: {source}", source=first.source)] if first.source else [],
            Table([w._("municipality"), *map(str, lines_by_year)],
                  [[names.get(m, m), *(w.euro(d.shares[m], cents=True) for d in lines_by_year.values())]
                   for m in first.shares], numeric=set(range(1, len(lines_by_year) + 1)))))
    if result.budget:
        handed = any(r.pays_out or r.receives for r in result.budget)
        extra = [w._("pays out"), w._("receives")] if handed else []
        rule = (w._("transfer = pays + pays out − hosts − receives; above 0 it pays the others, below 0 it receives")
                if handed else w._("transfer = pays − hosts; above 0 it pays the others, below 0 it receives"))
        out.append(Section(w._("What each municipality hosts and pays, per year"), [rule], Table(
            [w._("year"), w._("municipality"), w._("hosts"), w._("pays"), *extra, w._("transfer")],
            [[str(r.year), names.get(r.municipality, r.municipality), w.euro(r.hosted_cost, cents=True),
              w.euro(r.pays, cents=True), *([w.euro(r.pays_out, cents=True), w.euro(r.receives, cents=True)]
                                            if handed else []), w.euro(r.transfer, cents=True)]
             for r in result.budget], numeric={0, *range(2, 5 + len(extra))})))
    if result.transfers:
        out.append(Section(w._("Who pays whom"), table=Table(
            [w._("year"), w._("from"), w._("to"), w._("amount")],
            [[str(t.year), names.get(t.payer, t.payer), names.get(t.recipient, t.recipient),
              w.euro(t.amount, cents=True)] for t in result.transfers], numeric={0, 3})))
    return out


def normalised(name: str, source_sum: float, w: Words) -> str:
    """The line every output gives for a key whose source shares did not sum to 1."""
    shown = percent_sum(source_sum).replace(".", ",") if w.lang == "nl" else percent_sum(source_sum)
    return w._("Key {name}: its shares sum to {sum} in the source; normalised to 100 %.", name=name, sum=shown)


def _grants(result: Result, w: Words) -> list[Section]:
    """The region's grants, one row per grant and a column per year (as the pack states them)."""
    if not result.grants:
        return []
    years = sorted({g.year for g in result.grants})
    per_grant: dict[tuple[str, str], dict[int, float]] = {}
    for g in result.grants:
        per_grant.setdefault((g.label, g.domain), {})[g.year] = g.amount
    rows = [[label, domain.upper(), *(w.euro(per[y]) if y in per else "" for y in years)]
            for (label, domain), per in per_grant.items()]
    return [Section(w._("Grants of the region"), table=Table(
        [w._("grant"), w._("domain"), *map(str, years)], rows, numeric=set(range(2, len(years) + 2))))]


def _draagkracht(result: Result, w: Words) -> list[Section]:
    """The five wijken whose draagkracht is used most in the last year."""
    crowded = [r for r in sorted((r for r in result.draagkracht if r.year == result.last_year), key=lambda r: -r.use)
               if r.load > 0][:5]
    if not crowded:
        return []
    names = result.names
    rows = [[names.get(r.wijk, r.wijk), names.get(r.municipality, r.municipality), w.number(r.load),
             w.number(r.capacity), f"{w.number(100 * r.use, 0)} %"] for r in crowded]
    return [Section(w._("Most loaded wijken (draagkracht use in {year})", year=str(result.last_year)), table=Table(
        [w._("wijk"), w._("municipality"), w._("load"), w._("capacity"), w._("use")], rows, numeric={2, 3, 4},
        flags={i: "warning" for i, r in enumerate(crowded) if r.use > 1}))]


def _explanation(result: Result, w: Words) -> list[Section]:
    """The rules that shape the plan, and the rule families the explanation had no time to test."""
    out = []
    if result.binding:
        out.append(Section(w._("Rules that shape the plan, and what relaxing each would gain"),
                           bullets=[wording.driver(b, w) for b in result.binding]))
    if result.unexplained_rules:
        out.append(Section(w._("Not tested"), [wording.untested(result, w)]))
    return out
