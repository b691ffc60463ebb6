"""The seed regions' buildings: DWO's night shelter moves to single rooms in its own building, MVS's
Elementen grows in its building."""

from __future__ import annotations

from data import load_region, load_scenario
from models import Result
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from optimiser.verify import CHECKS, read


def solved(code: str) -> Result:
    region = load_region(code)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    result = solve_scenario(region, scenario)
    assert result.status == "optimal"
    reading = read(region, scenario, result)
    assert {f: CHECKS[f](reading) for f in ("buildings", "transitions", "draagkracht")} == {
        "buildings": [], "transitions": [], "draagkracht": []}  # no place closes before its replacement opens
    return result


def held(result: Result, types: tuple[str, ...]) -> dict[tuple[str, str, int], tuple[int, int]]:
    """(municipality, type, year) -> (places, new places)."""
    out: dict[tuple[str, str, int], tuple[int, int]] = {}
    for a in result.allocation:
        if a.type in types:
            places, new = out.get((a.municipality, a.type, a.year), (0, 0))
            out[a.municipality, a.type, a.year] = (places + a.places, new + a.new_places)
    return out


def test_dwo_night_shelter_moves_to_single_rooms_in_its_building():
    result = solved("dwo")
    shelter = held(result, ("nachtopvang_2p", "nachtopvang_1p"))
    # 24 places in two-person rooms until 2025; in 2026 none, and 12 single rooms, all new, in Delft
    assert shelter == {**{("GM0503", "nachtopvang_2p", t): (24, 0) for t in (2023, 2024, 2025)},
                       ("GM0503", "nachtopvang_1p", 2026): (12, 12)}
    (wijk,) = {a.wijk for a in result.allocation if a.type == "nachtopvang_1p"}
    assert wijk is not None and wijk.startswith("WK0503")
    rows = [(r.year, r.places, r.opened, r.closed, r.converted) for r in result.buildings]
    assert rows == [(t, {"nachtopvang_2p": 24, "nachtopvang_1p": 0}, 0, 0, 0) for t in (2023, 2024, 2025)] + [
        (2026, {"nachtopvang_2p": 0, "nachtopvang_1p": 12}, 12, 24, 12)]
    assert {(r.building, r.municipality, r.wijk, r.wijk_chosen) for r in result.buildings} == {
        ("Nachtopvang Spoorsingel", "GM0503", wijk, True)}
    # 12 of the 24 two-person places are converted, not closed: 12 x 10^6 less disruption than the 78,032,800
    # of a shelter that simply closed
    assert result.objective["disruption"] == 66_032_800
    report = render(result, load_region("dwo")).splitlines()
    start = report.index("Gebouwen (elke plek van de voorzieningen van een gebouw staat erin, in één wijk)")
    assert report[start + 1:start + 6] == [
        f"Nachtopvang Spoorsingel in Delft, {result.names[wijk]} (wijk gekozen door het model: het regiopakket "
        "noemt er geen)",
        *(f"  {t}: Nachtopvang in tweepersoonskamers 24" for t in (2023, 2024, 2025)),
        "  2026: Nachtopvang in eenpersoonskamers 12 — omgebouwd in het gebouw: 24 plekken gesloten, 12 geopend"]


def test_mvs_elementen_grows_in_one_wijk():
    result = solved("mvs")
    elementen = ("mo_regulier", "mo_crisis")
    new = {(a.type, a.year): (a.wijk, a.new_places) for a in result.allocation if a.type in elementen and a.new_places}
    # one wijk in every year: Vlaardinger Ambacht, the Vlaardingen wijk with the most room (30 weighted
    # places), where its 14 new places give the lowest largest use any wijk could (467 permille)
    (wijk,) = {w for w, _n in new.values()}
    assert wijk == "WK062205"
    assert {k: n for k, (_w, n) in new.items()} == {("mo_regulier", 2025): 5, ("mo_crisis", 2025): 2,
                                                     ("mo_regulier", 2026): 10, ("mo_crisis", 2026): 4,
                                                     ("mo_regulier", 2027): 10, ("mo_crisis", 2027): 4}
    assert [(r.year, r.places, r.wijk) for r in result.buildings] == [
        (2024, {"mo_regulier": 28, "mo_crisis": 6}, wijk), (2025, {"mo_regulier": 33, "mo_crisis": 8}, wijk),
        (2026, {"mo_regulier": 38, "mo_crisis": 10}, wijk), (2027, {"mo_regulier": 38, "mo_crisis": 10}, wijk)]
    assert [(r.load, r.capacity) for r in result.draagkracht if r.wijk == wijk and r.year == 2027] == [(14.0, 30.0)]
    assert result.objective["disruption"] == 40_000_000 + 100 * 467
