"""Everything a region pack needs before its numbers can be trusted, as a list of findings with severities.

``regio check PACK`` prints them and exits non-zero on an error. The findings: the pack or a scenario that
cannot be read; draagkracht indicators missing per wijk, with what the index falls back to (the
municipality's value, the regional mean, or nothing); wijken without inhabitants; keys whose shares did not
sum to 1; grants missing for a scenario year of a domain that has grants; figures without a source; and
boundaries that do not match the wijken.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from data import PackError, list_scenarios, load_region, load_scenario
from models import Region, Scenario
from models.i18n import Message, Words, t_, worded
from optimiser.wijk_capacity import capacities

Severity = Literal["error", "warning", "info"]
#: the order findings are listed in, most serious first
ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing the pack's maintainer should know: how serious, where in the pack, and what."""

    severity: Severity
    where: str
    message: Message | str

    def text(self, words: Words) -> str:
        return worded(self.message, words)


def _codes(codes: list[str], shown: int = 5) -> str:
    """A few codes, and how many more."""
    return ", ".join(codes[:shown]) + (f" (+{len(codes) - shown})" if len(codes) > shown else "")


def _empty_indicator(name: str, total: int, lost: list[str], from_municipality: list[str],
                     from_mean: list[str]) -> list[Finding]:
    """An indicator empty for some wijken, by what the draagkracht index does instead: leaves it out (an
    error), takes the municipality's value or the regional mean (warnings)."""
    found = []
    if lost:
        found.append(Finding("error", f"wijken.csv: {name}", t_(
            "{name} is empty for {n} of {total} wijken ({codes}) and for their municipalities: the draagkracht "
            "index leaves it out", name=name, n=len(lost), total=total, codes=_codes(lost))))
    for source, group in ((t_("municipality's value"), from_municipality), (t_("regional mean"), from_mean)):
        if group:
            found.append(Finding("warning", f"wijken.csv: {name}", t_(
                "{name} is empty for {n} of {total} wijken ({codes}): the draagkracht index takes the {source}",
                name=name, n=len(group), total=total, codes=_codes(group), source=source)))
    return found


def check_region(region: Region, scenarios: list[Scenario]) -> list[Finding]:
    """The findings on a loaded region and its scenarios."""
    found: list[Finding] = []
    wijken = [w.code for w in region.wijken]
    # draagkracht indicators, per distinct policy of the scenarios
    seen: set[tuple[tuple[str, float], ...]] = set()
    for scenario in scenarios:
        policy = scenario.draagkracht
        weights = tuple(sorted(policy.weights.items()))
        if not policy.enabled or not region.wijken or weights in seen:
            continue
        seen.add(weights)
        try:
            per_wijk = capacities(region, policy)
        except ValueError as exc:
            found.append(Finding("error", f"scenarios/{scenario.name}.yaml: draagkracht", exc.args[0]))
            continue
        fallback: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for code, cap in per_wijk.items():
            for name in policy.weights:
                if cap.inputs.get(name) is None:
                    fallback[name]["nothing"].append(code)
            for fill in cap.filled:
                name, _, source = fill.partition(" from ")
                fallback[name][source].append(code)
        for name in policy.weights:
            found += _empty_indicator(name, len(wijken), fallback[name]["nothing"],
                                      fallback[name]["municipality"], fallback[name]["regional mean"])
    empty = [w.code for w in region.wijken if not w.indicators.a_inw]
    if empty:
        found.append(Finding("warning", "wijken.csv: a_inw", t_(
            "{n} wijken without inhabitants ({codes}): their draagkracht is 0", n=len(empty), codes=_codes(empty))))
    # keys
    for name, key in region.keys.items():
        if key.normalised:
            found.append(Finding("warning", f"region.yaml: keys.{name}", t_(
                "the shares sum to {total} %, not 100 %: they are divided by their sum",
                total=100 * (key.source_sum or 0))))
        if not key.source:
            found.append(Finding("warning", f"region.yaml: keys.{name}", t_("no source for this figure")))
    # grants for the scenarios' years: a year not stated takes its neighbours' figures (models.money)
    for scenario in scenarios:
        domains = sorted({region.provision_type(t).domain for t in scenario.demand})
        for domain in domains:
            stated = {g.year for g in region.grants if g.domain == domain}
            if not stated:
                if scenario.budget.enabled:
                    found.append(Finding("error", f"region.yaml: grants ({domain})", t_(
                        "no grant at all for domain {domain}, which scenario {scenario} computes with its budget on",
                        domain=domain, scenario=scenario.name)))
                continue
            missing = [y for y in scenario.years if y not in stated]
            if missing:
                found.append(Finding("warning", f"region.yaml: grants ({domain})", t_(
                    "no grant stated for {years} (scenario {scenario}): the model takes the nearest stated year's "
                    "figure, or the line between the stated years around it", years=", ".join(map(str, missing)),
                    scenario=scenario.name)))
    # sources
    unsourced = [f"{g.label} {g.year}" for g in region.grants if not g.source]
    if unsourced:
        found.append(Finding("warning", "region.yaml: grants", t_(
            "{n} grants without a source ({which})", n=len(unsourced), which=_codes(unsourced, 3))))
    places = [f"{c.municipality}/{c.type}" for c in region.capacity if not c.source]
    if places:
        found.append(Finding("warning", "region.yaml: capacity", t_(
            "{n} figures of current places without a source ({which})", n=len(places), which=_codes(places, 3))))
    types = [t.code for t in region.provision_types if not t.source]
    if types:
        found.append(Finding("info", "region.yaml: provision_types", t_(
            "{n} provision types without a source ({which})", n=len(types), which=_codes(types))))
    # boundaries
    if region.wijken:
        drawn = set(region.boundaries)
        undrawn = [c for c in wijken if c not in drawn]
        stray = sorted(drawn - set(wijken))
        if not drawn:
            found.append(Finding("warning", "wijken.geojson", t_(
                "no boundaries: the maps cannot be drawn and neighbours are not known")))
        elif undrawn:
            found.append(Finding("error", "wijken.geojson", t_(
                "{n} wijken without a boundary ({codes})", n=len(undrawn), codes=_codes(undrawn))))
        if stray:
            found.append(Finding("warning", "wijken.geojson", t_(
                "{n} boundaries of no wijk of the pack ({codes})", n=len(stray), codes=_codes(stray))))
    return sorted(found, key=lambda f: ORDER[f.severity])


def check_pack(pack: str | Path) -> list[Finding]:
    """The findings on a pack given by code or folder (a pack or scenario that cannot be read is an error)."""
    try:
        region = load_region(pack)
    except PackError as exc:
        return [Finding("error", str(pack), exc.args[0] if exc.args else str(exc))]
    found: list[Finding] = []
    scenarios = []
    for name in list_scenarios(pack):
        try:
            scenarios.append(load_scenario(region, name))
        except PackError as exc:
            found.append(Finding("error", f"scenarios/{name}.yaml", exc.args[0] if exc.args else str(exc)))
    if not scenarios and not found:
        found.append(Finding("warning", "scenarios/", t_("no scenarios: nothing to compute yet")))
    return sorted(found + check_region(region, scenarios), key=lambda f: ORDER[f.severity])


def import_findings(missing: dict[str, list[str]], wijken: int) -> list[Finding]:
    """What an import leaves empty (CBS column -> codes, municipalities and wijken), in the words of the
    check: each indicator empty for some wijken, and what the draagkracht index falls back to."""
    found: list[Finding] = []
    for name, codes in missing.items():
        empty = [c for c in codes if c.startswith("WK")]
        if not empty:
            continue
        no_municipality = {c for c in codes if c.startswith("GM")}
        left = [c for c in empty if f"GM{c[2:6]}" in no_municipality]
        if len(empty) < wijken:
            left = []  # the regional mean of the other wijken fills the rest
        found += _empty_indicator(
            name, wijken, left, [c for c in empty if c not in left and f"GM{c[2:6]}" not in no_municipality],
            [c for c in empty if c not in left and f"GM{c[2:6]}" in no_municipality])
    return sorted(found, key=lambda f: ORDER[f.severity])
