"""Explanations: every rule family that drives a result is named, with what relaxing it gains."""

from __future__ import annotations

from data import load_region, load_scenario
from models import BindingConstraint, Gain, Rule
from models.i18n import Words
from optimiser.report import wording
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario

WIJKEN = ["WK000101", "WK000102", "WK000201", "WK000202"]
#: time enough to test every family of the small cases
TIME = {"explain_time": 60}


def drivers(result) -> dict[str, dict[str, float]]:
    return {b.group: {g.term: g.amount for g in b.gains} for b in result.binding}


def test_caps_at_zero_are_named_per_municipality():
    # 14 flexwoningen over the years (4 + 10) and a cap of 0 in both municipalities: all unmet; lifting either
    # cap places them all
    result = solve_scenario(tiny_region(), tiny_scenario(caps={"GM0001": {"flex": 0}, "GM0002": {"flex": 0}},
                                                         solver=TIME))
    assert result.objective["unmet"] == 14
    found = drivers(result)
    assert found["cap(GM0001,flex)"] == {"unmet": 14}
    assert found["cap(GM0002,flex)"] == {"unmet": 14}
    cap = next(b for b in result.binding if b.group == "cap(GM0002,flex)")
    assert (cap.family, cap.municipality, cap.type, cap.year) == ("cap", "GM0002", "flex", None)
    assert cap.text == ("het plafond uit het scenario van 0 plekken Flexwoning in Bdorp: 14 plekken meer van de "
                        "vraag gedekt (opgeteld over de jaren)")
    assert wording.driver(cap, Words("en")) == ("the scenario's cap of 0 Flexwoning places in Bdorp: 14 more "
                                                "places of demand met (counted over the years)")
    # the terminal report says, under the unmet demand, which rules keep it unmet
    report = render(result, tiny_region(), width=400)
    unmet = report.split("Niet geplaatste vraag\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert unmet[0] == ", ".join(f"Flexwoning {y}: {n}" for y, n in result.unmet["flex"].items() if n)
    assert unmet[1] == ("Wat deze vraag onvervuld laat (het versoepelen van elke regel zou meer vraag dekken):")
    assert sorted(unmet[2:]) == sorted(f"  - {b.text}" for b in result.binding
                                       if b.group in ("cap(GM0001,flex)", "cap(GM0002,flex)"))


def test_draagkracht_overrides_at_zero_are_named_as_overrides():
    result = solve_scenario(tiny_region(), tiny_scenario(draagkracht={"overrides": dict.fromkeys(WIJKEN, 0)},
                                                         solver=TIME))
    assert result.objective["unmet"] == 14
    named = [b for b in result.binding if b.family == "draagkracht_override"]
    assert named and all(b.gains[0] == Gain(term="unmet", amount=14, unit="places") for b in named)
    assert all("(override 0 weighted places)" in b.description for b in named)
    assert all(b.text.startswith("draagkracht van wijk ") and "(vastgesteld door de werkgroep: 0 gewogen plekken)"
               in b.text for b in named)


def test_a_site_minimum_keeping_a_municipality_at_zero_is_named():
    # Bdorp's fair share is 10 % of 48 BW places (5): a site holds at least 20, so it gets none
    region = tiny_region(keys={"objectief": {"label": "k", "shares": {"GM0001": 0.9, "GM0002": 0.1}}})
    result = solve_scenario(region, tiny_scenario(draagkracht={"enabled": False}, transitions={"enabled": False},
                                                  solver=TIME))
    assert result.objective["max_deviation"] == 5
    assert drivers(result) == {"site_min(bw)": {"max_deviation": 5, "total_deviation": 30}}
    (b,) = result.binding
    assert b.text == ("locaties voor Beschermd wonen van minimaal 20 plekken: het grootste verschil met een eerlijk "
                      "aandeel daalt met 5 plekken, in totaal 30 plekken dichter bij de eerlijke aandelen")
    assert wording.driver(b, Words("en")) == (
        "Beschermd wonen sites of at least 20 places: the largest gap to a fair share falls by 5 places, 30 places "
        "closer to the fair shares in total")


def test_computed_draagkracht_and_transitions_are_named():
    # the known optimum of test_solving: B-Oost carries 22 weighted places, Bdorp's fair share is 24
    result = solve_scenario(tiny_region(), tiny_scenario(solver=TIME))
    found = drivers(result)
    # either Bdorp wijk: relaxing one lets its site hold Bdorp's fair share
    (wijk,) = [b for b in result.binding if b.family == "draagkracht"]
    assert wijk.municipality == "GM0002" and wijk.group in ("draagkracht(WK000201)", "draagkracht(WK000202)")
    assert found[wijk.group] == {"total_deviation": 10, "cost": -100_000}
    assert found["close_after_open(bw)"] == {"max_deviation": 22, "total_deviation": 22, "cost": 1_100_000}
    assert found["site_min(bw)"] == {"total_deviation": 10, "cost": -100_000}
    assert result.unexplained_rules == []


def test_a_budget_without_a_tight_row_is_named_with_its_year():
    scenario = tiny_scenario(budget={"enabled": True, "extra": {2024: 100_000, 2025: 100_000, 2026: 100_000}},
                             solver=TIME)
    result = solve_scenario(tiny_region(), scenario)
    budget = next(b for b in result.binding if b.family == "budget")
    assert (budget.group, budget.year) == ("budget(2024)", 2024)
    assert {g.term: g.amount for g in budget.gains} == {"total_deviation": 110, "cost": -1_100_000}
    assert budget.text == ("het budget van 2024: in totaal 110 plekken dichter bij de eerlijke aandelen, "
                           "€ 1.100.000 meer kosten")


def test_gains_read_in_words_singular_and_plural():
    en, nl = Words("en"), Words("nl")
    one_met = Gain(term="unmet", amount=1, unit="places")
    assert wording.gain(one_met, en) == "1 more place of demand met (counted over the years)"
    assert wording.gain(one_met, nl) == "1 plek meer van de vraag gedekt (opgeteld over de jaren)"
    assert wording.gain(Gain(term="surplus", amount=8, unit="places"), en) == "8 empty places fewer"
    assert wording.gain(Gain(term="surplus", amount=1, unit="places"), nl) == "1 lege plek minder"
    assert wording.gain(Gain(term="max_deviation", amount=1, unit="places"), en) == (
        "the largest gap to a fair share falls by 1 place")
    assert wording.gain(Gain(term="total_deviation", amount=-3, unit="places"), nl) == (
        "in totaal 3 plekken verder van de eerlijke aandelen")
    assert wording.gain(Gain(term="cost", amount=146_349, unit="EUR"), en) == "€146,349 less cost"
    assert wording.gain(Gain(term="cost", amount=146_349, unit="EUR"), nl) == "€ 146.349 minder kosten"
    unsure = BindingConstraint(group="budget(2024)", description="budget 2024", proven=False, family="budget",
                               rules=[Rule(group="budget(2024)", family="budget", params={"year": "2024"})],
                               gains=[Gain(term="cost", amount=5, unit="EUR")])
    assert wording.driver(unsure, en) == "the budget of 2024: at least €5 less cost"
    assert wording.driver(unsure, nl) == "het budget van 2024: minstens € 5 minder kosten"


def test_dwo_names_the_bw_site_size():
    # without sites the total deviation falls from 137 to 71: Pijnacker-Nootdorp and Midden-Delfland get no
    # BW site of 20-24 places against fair shares of a few places
    region = load_region("dwo")
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain_time": 120})})
    result = solve_scenario(region, scenario)
    site = next(b for b in result.binding if b.group == "site_min(bw_locatie)")
    assert site.type == "bw_locatie"
    assert {g.term: g.amount for g in site.gains} == {"total_deviation": 66, "cost": 97_566}
