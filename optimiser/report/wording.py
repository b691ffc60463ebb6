"""Explanations and diagnoses in words: the structured drivers, gains and relaxations of a result, worded in
the reader's language (``models.i18n.Words``: Dutch by default, English on request).

Every text is built from data — the rule family, its figures and names (``params``), municipality, type,
years and amounts — so the same result reads in either language and no modeller term reaches the reader.
"""

from __future__ import annotations

import re

from data.texts import pack_text
from models import BindingConstraint, Diagnosis, Gain, Relaxation, Result, Status, WhyAnswer
from models.i18n import Words


def family_name(family: str, w: Words) -> str:
    """The name of a rule family in the reader's language."""
    names = {
        "cap": w._("caps"),
        "draagkracht_override": w._("draagkracht set by the working group"),
        "site_min": w._("smallest site size"),
        "site_max": w._("largest site size"),
        "hosting": w._("hosting"),
        "budget": w._("budget"),
        "pays": w._("payment caps"),
        "precedence": w._("order of building up and phasing out"),
        "close_after_open": w._("no closing before opening"),
        "max_shift": w._("closing pace"),
        "keep_current": w._("keeping today's places"),
        "fair_share": w._("bands around the fair shares"),
        "draagkracht": w._("draagkracht (computed capacity)"),
        "sites": w._("sites per wijk"),
        "neighbour_cap": w._("new places around a wijk"),
        "min_distance": w._("distance between sites"),
        "candidate_sites": w._("candidate sites"),
        "building": w._("buildings"),
    }
    return names.get(family, family)


def _steps(raw: str, w: Words) -> str:
    """``2025:24;2027:10`` -> ``24 from 2025, 10 from 2027`` (``24 vanaf 2025, ...``)."""
    shown = []
    for step in raw.split(";"):
        year, _, value = step.partition(":")
        shown.append(w._("{value} from {year}", value=int(value), year=year))
    return ", ".join(shown)


def rule(family: str, params: dict[str, str | int | float], w: Words, fallback: str = "") -> str:
    """One rule in words, from its family and figures; ``fallback`` (the English description of results
    stored before rules were data) where the figures are missing."""
    p = params
    if "wijk_municipality" in p:
        wijk = w._("a wijk in {municipality}", municipality=p["wijk_municipality"])
    elif "wijk" in p:
        wijk = w._("wijk {name}", name=p["wijk"])
    else:
        wijk = ""
    try:
        if family in ("draagkracht", "draagkracht_override", "neighbour_cap") and not wijk:
            raise KeyError("wijk")
        if family == "site_min":
            return w._("{label} sites of at least {size} places", label=p["label"], size=p["size"])
        if family == "site_max":
            return w._("{label} sites of at most {size} places", label=p["label"], size=p["size"])
        if family == "sites":
            return w.n_("at most {n} {label} site per wijk", "at most {n} {label} sites per wijk", float(p["limit"]),
                        label=p["label"])
        if family == "cap":
            if "steps" in p:
                return w._("the scenario's cap on {label} places in {municipality} ({steps})", label=p["label"],
                           municipality=p["municipality"], steps=_steps(str(p["steps"]), w))
            return w.n_("the scenario's cap of {n} {label} place in {municipality}",
                        "the scenario's cap of {n} {label} places in {municipality}", float(p["limit"]),
                        label=p["label"], municipality=p["municipality"])
        if family == "hosting":
            return w._("{label} places open only where and when the scenario lets a municipality host them",
                       label=p["label"])
        if family == "draagkracht":
            return w._("draagkracht of {wijk} (computed: {capacity} weighted places)", wijk=wijk,
                       capacity=p["capacity"])
        if family == "draagkracht_override":
            return w._("draagkracht of {wijk} (set by the working group: {capacity} weighted places)",
                       wijk=wijk, capacity=p["capacity"])
        if family == "fair_share":
            return w._("the band around the fair share of {municipality}", municipality=p["municipality"])
        if family == "close_after_open":
            return w._("no {label} place closes before its replacement opens", label=p["label"])
        if family == "max_shift":
            return w.n_("at most {n} {label} place closes per year", "at most {n} {label} places close per year",
                        float(p["limit"]), label=p["label"])
        if family == "keep_current":
            return w._("no cut in today's {label} places", label=p["label"])
        if family == "precedence":
            return w._("{label} shrinks only after {first} reach {target} places", label=p["label"],
                       first=p["first"], target=p["target"])
        if family == "budget":
            return w._("the budget of {year}", year=p["year"])
        if family == "pays":
            return w._("the payment cap of {municipality} ({limit} a year)", municipality=p["municipality"],
                       limit=w.euro(float(p["limit"])))
        if family == "building":
            return w._("all places of {building} in one wijk", building=p["building"])
        if family == "min_distance":
            return w._("{label} sites at least {distance} m apart", label=p["label"], distance=p["distance"])
        if family == "neighbour_cap":
            return w._("new places in and around {wijk}", wijk=wijk)
        if family == "candidate_sites":
            return w._("{label} only at the candidate sites", label=p["label"])
    except KeyError:
        pass
    return fallback or family_name(family, w)


def gain(g: Gain, w: Words) -> str:
    """What relaxing a rule changes in one respect, in words."""
    n, better = abs(g.amount), g.amount > 0
    if g.term == "cost":
        return w._("{amount} less cost", amount=w.euro(n)) if better else w._("{amount} more cost", amount=w.euro(n))
    if g.term == "unmet":
        if better:
            return w.n_("{n} more place of demand met (counted over the years)",
                        "{n} more places of demand met (counted over the years)", n)
        return w.n_("{n} place less of demand met (counted over the years)",
                    "{n} places less of demand met (counted over the years)", n)
    if g.term == "surplus":
        if better:
            return w.n_("{n} empty place fewer", "{n} empty places fewer", n)
        return w.n_("{n} empty place more", "{n} empty places more", n)
    if g.term == "max_deviation":
        if better:
            return w._("the largest gap to a fair share falls by {amount}", amount=w.quantity(n, "places"))
        return w._("the largest gap to a fair share grows by {amount}", amount=w.quantity(n, "places"))
    if g.term == "total_deviation":
        if better:
            return w._("{amount} closer to the fair shares in total", amount=w.quantity(n, "places"))
        return w._("{amount} further from the fair shares in total", amount=w.quantity(n, "places"))
    return w.quantity(g.amount, g.unit)


def driver(b: BindingConstraint, w: Words) -> str:
    """A rule that drives the plan and what relaxing it would gain."""
    if len(b.rules) == 1:
        what = rule(b.rules[0].family, b.rules[0].params, w, b.description)
    elif b.rules:
        shown = "; ".join(rule(r.family, r.params, w) for r in b.rules[:3])
        if len(b.rules) > 3:
            shown += "; " + w.n_("and {n} more", "and {n} more", len(b.rules) - 3)
        what = f"{family_name(b.family, w)} ({shown})"
    else:
        what = b.description
    gains = ", ".join(gain(g, w) for g in b.gains)
    if not b.proven:
        return w._("{rule}: at least {gains}", rule=what, gains=gains)
    return f"{what}: {gains}"


def _years(years: list[int], each: bool, w: Words) -> str:
    """When a rule must give: `` in 2024``, `` in each of 2023-2026``, `` in 2023, 2025 (at most that in any
    one year)``."""
    if not years:
        return ""
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        shown = f"{years[0]}-{years[-1]}"
    else:
        shown = ", ".join(str(y) for y in years)
    if len(years) == 1:
        return w._(" in {years}", years=shown)
    if each:
        return w._(" in each of {years}", years=shown)
    return w._(" in {years} (at most that in any one year)", years=shown)


def relaxation(r: Relaxation, names: dict[str, str], labels: dict[str, str], w: Words) -> str:
    """One way a rule group must give, in words."""
    when = _years(r.years, r.each, w)
    label = labels.get(r.type or "", r.type or "")
    where = names.get(r.municipality or "", r.municipality or "")
    what = rule(r.family, r.params, w, r.description)
    if r.family == "budget":
        return w._("{rule}: {amount} more needed", rule=what, amount=w.euro(r.amount))
    if r.family == "close_after_open":
        return w.n_("let {n} {label} place close before its replacement opens{when}",
                    "let {n} {label} places close before their replacement opens{when}", r.amount, label=label,
                    when=when)
    if r.family == "keep_current":
        if where:
            return w.n_("let {n} {label} place in {municipality} be cut{when}",
                        "let {n} {label} places in {municipality} be cut{when}", r.amount, label=label,
                        municipality=where, when=when)
        return w.n_("let {n} {label} place be cut{when}", "let {n} {label} places be cut{when}", r.amount,
                    label=label, when=when)
    if r.family == "hosting" and where:
        return w.n_("let {municipality} host {n} {label} place{when}",
                    "let {municipality} host {n} {label} places{when}", r.amount, label=label,
                    municipality=where, when=when)
    if r.family == "max_shift":
        return w._("{rule}: let {amount} more close{when}", rule=what, amount=w.quantity(r.amount, r.unit),
                   when=when)
    return w._("{rule}: {amount} more{when}", rule=what, amount=w.quantity(r.amount, r.unit), when=when)


def way_out(way: list[Relaxation], names: dict[str, str], labels: dict[str, str], w: Words) -> str:
    return w._(" and ").join(relaxation(r, names, labels, w) for r in way)


def diagnosis_message(d: Diagnosis, names: dict[str, str], labels: dict[str, str], w: Words) -> str:
    """The diagnosis in words: the first way out, then the others."""
    if not d.relaxations:
        return w._("The scenario has no solution, even with every rule relaxed: check demand, site sizes, "
                   "hosting rules and today's places.")
    text = w._("No allocation satisfies every rule. The fewest rules to relax: {way}.",
               way=way_out(d.relaxations, names, labels, w))
    if d.alternatives:
        text += " " + w._("Or instead: {ways}.", ways=w._(" — or — ").join(
            way_out(way, names, labels, w) for way in d.alternatives))
    return text


def surplus_cause(cause: str, w: Words) -> str:
    causes = {
        "keep_current": w._("keep current (today's places may not close)"),
        "precedence": w._("precedence (a type shrinks only after others reach their target)"),
        "closing_pace": w._("closing pace (the most places allowed closed this year)"),
        "not_yet_closable": w._("not yet closable (closes next year, after its replacement opened)"),
        "site_size": w._("site size (new places come in whole sites)"),
        "opened_earlier": w._("opened earlier (demand fell below places already opened)"),
        "fair_share_band": w._("fair-share band (a municipality's minimum)"),
        "unexplained": w._("no cause"),
    }
    return causes.get(cause, cause)


def unmet_causes(result: Result, w: Words) -> list[str]:
    """The drivers that keep demand unmet, worded (relaxing each would meet more of it)."""
    return [driver(b, w) for b in result.binding if any(g.term == "unmet" and g.amount > 0 for g in b.gains)]


def worded(result: Result, w: Words) -> Result:
    """A copy of the result with every explanation and diagnosis text, and the pack's own texts where its
    catalogue gives them, in the reader's language."""
    binding = [b.model_copy(update={"text": driver(b, w)}) for b in result.binding]
    update: dict[str, object] = {
        "binding": binding,
        # the pack's own texts, in Dutch where the pack gives them
        "modelling_choices": [pack_text(result.region, c, w) for c in result.modelling_choices],
        "distributions": [d.model_copy(update={"source": pack_text(result.region, d.source, w)}) if d.source else d
                          for d in result.distributions],
    }
    d = result.diagnosis
    if d is not None and d.failed_stage is not None and result.status == Status.time_limit:
        update["diagnosis"] = d.model_copy(update={"message": w._(
            "Stopped in stage {stage}, before a plan was found.", stage=d.failed_stage)})
    elif d is not None and d.failed_stage is not None:
        update["diagnosis"] = d.model_copy(update={"message": w._("The solver failed in stage {stage}.",
                                                                   stage=d.failed_stage)})
    elif d is not None:
        def words(way: list[Relaxation]) -> list[Relaxation]:
            return [r.model_copy(update={"message": relaxation(r, result.names, result.labels, w)}) for r in way]
        update["diagnosis"] = d.model_copy(update={
            "message": diagnosis_message(d, result.names, result.labels, w),
            "relaxations": words(d.relaxations),
            "alternatives": [words(way) for way in d.alternatives],
        })
    return result.model_copy(update=update)



def untested(result: Result, w: Words) -> str:
    """The rule families the explanation had no time to test, in a sentence."""
    return w._("Rules the explanation had no time to test: {families} (more time: solver.explain_time in the "
               "scenario, or regio solve --explain-time)",
               families=", ".join(family_name(f, w) for f in result.unexplained_rules))


def why(answer: WhyAnswer, result: Result, w: Words) -> list[str]:
    """Why the plan gives what it gives: a headline, the reasons, and what one place closer would cost."""
    municipality = result.names.get(answer.municipality, answer.municipality)
    label = result.labels.get(answer.type, answer.type)
    places = w.n_("{n} {label} place", "{n} {label} places", answer.places, label=label)
    if abs(answer.gap) < 0.5:
        side = w._("at its fair share of {share}", share=w.number(answer.fair_share))
    elif answer.gap < 0:
        side = w._("{gap} below its fair share of {share}", gap=w.number(-answer.gap),
                   share=w.number(answer.fair_share))
    else:
        side = w._("{gap} above its fair share of {share}", gap=w.number(answer.gap),
                   share=w.number(answer.fair_share))
    lines = [w._("{municipality} gets {places} in {year}, {side}.", municipality=municipality, places=places,
                 year=str(answer.year), side=side)]
    if answer.today:
        lines.append(w.n_("Today it holds {n} place.", "Today it holds {n} places.", answer.today))
    drivers = {b.group: b for b in result.binding}
    for r in answer.reasons:
        p = r.params
        if r.kind == "at_share":
            continue
        if r.kind == "site_size":
            text = w._("a {label} site holds at least {size} places and the share of {municipality} is {share}",
                       label=p["label"], size=p["size"], municipality=p["municipality"],
                       share=w.number(float(p["share"])))
        elif r.kind == "cap":
            text = w.n_("the scenario caps {municipality} at {n} {label} place",
                        "the scenario caps {municipality} at {n} {label} places", float(p["limit"]),
                        municipality=p["municipality"], label=p["label"])
        elif r.kind == "no_hosting":
            text = w._("the scenario does not let {municipality} open new {label} places",
                       municipality=p["municipality"], label=p["label"])
        elif r.kind == "today":
            rules = [family_name(f, w) for f in str(p["rules"]).split(",") if f]
            text = w.n_("{municipality} keeps its {n} place of today ({rules})",
                        "{municipality} keeps its {n} places of today ({rules})", float(p["today"]),
                        municipality=p["municipality"], rules=", ".join(rules))
        elif r.kind == "draagkracht":
            text = w._("the wijken of {municipality} have no draagkracht left", municipality=p["municipality"])
        elif r.kind in ("above", "below"):
            held = w.n_("{n} place", "{n} places", float(p["places"]))
            if r.kind == "above":
                text = w._("{municipality} holds {held}, {gap} above its share", municipality=p["municipality"],
                           held=held, gap=w.number(float(p["gap"])))
            else:
                text = w._("{municipality} holds {held}, {gap} below its share", municipality=p["municipality"],
                           held=held, gap=w.number(float(p["gap"])))
        elif r.kind == "driver" and str(p["group"]) in drivers:
            text = w._("a rule that shapes the plan: {driver}", driver=driver(drivers[str(p["group"])], w))
        else:
            continue
        lines.append("  - " + text)
    c = answer.counterfactual
    if c is not None:
        one = w._("one place more here") if c.step > 0 else w._("one place less here")
        if not c.feasible:
            ways = w._(" and ").join(relaxation(r, result.names, result.labels, w) for r in c.relaxations)
            lines.append(w._("With {one} the scenario has no plan; it would take: {ways}.", one=one,
                             ways=ways or w._("more than relaxing rules")))
        elif any(g.amount <= -1 for g in c.gains):
            worse = ", ".join(gain(g, w) for g in c.gains)
            lines.append(w._("With {one} the plan gets worse: {worse}.", one=one, worse=worse))
        else:
            lines.append(w._("With {one} the plan is as good in demand met, empty places, fair shares and cost; "
                             "the fixed order of choosing between equal plans decided.", one=one))
    return lines


def term_name(term: str, w: Words) -> str:
    """An objective term (a lexicographic stage) in the reader's words; tie-break steps as "tie-break"."""
    names = {
        "unmet": w._("unmet demand"),
        "surplus": w._("empty places"),
        "max_deviation": w._("largest gap to a fair share"),
        "total_deviation": w._("total gap to the fair shares"),
        "cost": w._("cost"),
        "disruption": w._("disruption of today's places"),
    }
    if term.startswith("canonical"):
        return w._("tie-break (one plan among equally good ones)")
    return names.get(term, term)


_STAGE = re.compile(r"stage (\d+)/(\d+): (.+)")


def progress(message: str, w: Words) -> str:
    """A solve's progress message (``stage 2/6: surplus``, ``explaining binding rules``...) in words."""
    stage = _STAGE.fullmatch(message)
    if stage:
        i, n, term = stage.groups()
        return w._("step {i} of {n}: {term}", i=i, n=n, term=term_name(term, w))
    fixed = {
        "bounding per municipality": w._("bounds per municipality (its wijken taken together)"),
        "laying the plan out over the wijken": w._("laying the plan out over the wijken"),
        "diagnosing infeasible scenario": w._("looking for the least relaxation (no plan meets every rule)"),
        "explaining binding rules": w._("explaining which rules shape the plan"),
        "done": w._("done"),
        "queued again after a service restart": w._("queued again after a service restart"),
        "cancelled by a user": w._("cancelled by a user"),
    }
    return fixed.get(message, message)
