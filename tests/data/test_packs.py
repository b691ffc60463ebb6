"""The seed packs hold the documents' figures, and every cited line really carries the cited number."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from data import list_scenarios, load_region, load_scenario

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
DOCS = {
    "dwo": {"DWO agenda": "dwo-uitvoeringsagenda-2022-2026.txt"},
    "mvs": {"regiovisie": "mvs-regiovisie-2024.txt", "programma": "mvs-uitvoeringsprogramma-2024-2027.txt"},
    "maastricht-heuvelland": {"": "maastricht-heuvelland-zicht-op-thuis-2021-2024.txt"},
    "midden-ijssel": {"regiovisie": "midden-ijssel-regiovisie-2024-2026.txt"},
}


def places(region, type_code):
    return sum(c.places for c in region.capacity if c.type == type_code)


def fact(region, key):
    return next(f.value for f in region.facts if f.key == key)


def test_dwo_figures():
    r = load_region("dwo")
    # current clients by care type in the four municipalities (L128-131) + 'Andere regio' 15/5 (L132)
    assert [places(r, t) for t in ("bt", "bt_plus", "bw", "bw_plus")] == [116, 52, 27, 15]
    assert places(r, "bt") + fact(r, "clients_other_region_bt") == 131
    assert places(r, "bt_plus") + fact(r, "clients_other_region_bt_plus") == 57
    assert r.current_places("bt")["GM0503"] + r.current_places("bt_plus")["GM0503"] + r.current_places("bw")[
        "GM0503"] + r.current_places("bw_plus")["GM0503"] == 160
    # the agenda's 48.21 / 33.09 / 12.95 / 5.74 % sum to 99.99 %: read normalised, and the key says so
    key = r.keys["objectief"]
    assert key.source_sum == 0.9999
    assert key.shares == pytest.approx({"GM0503": 0.4821 / 0.9999, "GM1783": 0.3309 / 0.9999,
                                        "GM1926": 0.1295 / 0.9999, "GM1842": 0.0574 / 0.9999}, abs=1e-15)
    assert sum(key.shares.values()) == pytest.approx(1, abs=1e-15)
    assert r.keys["historisch"].source_sum is None
    bw = r.provision_type("bw")
    assert (bw.site_min, bw.site_max) == (20, 24)
    assert r.provision_type("bw_plus").sites_of == bw.sites_of
    assert {t.code: t.cofinancing_per_unit for t in r.provision_types if t.code.startswith("flex")} == {
        "flex_housing_first": 40000, "flex_doorstroom": 40000, "flex_short_stay": 40000}
    s = load_scenario(r)
    assert sum(s.demand[t][2023] for t in ("bt", "bt_plus", "bw", "bw_plus")) == 230
    assert [s.demand[t][2026] for t in ("flex_housing_first", "flex_doorstroom", "flex_short_stay")] == [15, 10, 15]
    grants = {(g.domain, g.year): g.amount for g in r.grants}
    assert grants["bw", 2022] == 17_070_199 and grants["bw", 2032] == 17_134_658 and grants["mo", 2022] == 2_536_843


def test_mvs_figures():
    r = load_region("mvs")
    assert r.current_places("bw") == {"GM0556": 13, "GM0622": 33, "GM0606": 67}
    assert fact(r, "bw_clients_stated") == 118 and places(r, "bw") == 113  # the document's own discrepancy
    assert {g.domain: g.amount for g in r.grants} == {"bw": 13_600_000, "mo": 2_256_000, "vo": 2_969_000}
    assert r.keys["40-40-20"].shares == {"GM0606": 0.4, "GM0622": 0.4, "GM0556": 0.2}
    assert r.keys["40-40-20"].source_sum is None  # it sums to 1 as written
    assert r.keys["inwoners"].proxy
    s = load_scenario(r)
    assert s.demand["mo_regulier"][2027] - places(r, "mo_regulier") == 10
    assert s.demand["mo_crisis"][2027] - places(r, "mo_crisis") == 4
    assert s.demand["vo_huis"][2025] == 4 and s.demand["housing_first"][2027] == 10
    assert s.demand["winteropvang"][2027] == 15 and r.provision_type("winteropvang").site_max == 20
    assert s.budget.payment_key == "centrumgemeente" and r.keys["centrumgemeente"].shares["GM0622"] == 1
    (local,) = s.budget.distributions  # L588-590: 2.5 M a year handed out 40-40-20
    assert local.key == "40-40-20" and local.amounts == {2024: 2_500_000, 2025: 2_500_000, 2026: 2_500_000,
                                                         2027: 2_500_000}


def test_maastricht_heuvelland_figures():
    r = load_region("maastricht-heuvelland")
    assert places(r, "mo_huidig") + places(r, "vo_huidig") == 164
    assert set(r.current_places("mo_huidig")) and r.current_places("mo_huidig")["GM0935"] == 132
    s = load_scenario(r)
    vlekkenplan = {"sociaal_hostel": 30, "wacht_tussen": 20, "zeer_moeilijk_plaatsbaar": 15, "volwassen_kort": 30,
                   "volwassen_5jr": 70, "jeugd_kort": 15, "jeugd_5jr": 20, "ouderen": 12, "familie": 8}  # L871-881
    assert {t: s.demand[t][2024] for t in vlekkenplan} == vlekkenplan and sum(vlekkenplan.values()) == 220  # L882
    assert s.demand["bw_thuis"] == {2023: 100, 2024: 100}  # L883
    assert s.demand["uitstroomwoning"] == {2023: 125, 2024: 250}  # L884: 100-150 a year, 125 chosen
    assert not r.provision_type("uitstroomwoning").in_wijken and not r.provision_type("bw_thuis").in_wijken
    assert {g.domain for g in r.grants} == {"bw", "mo", "vo"}
    assert {(g.domain, g.year): g.amount for g in r.grants}["mo", 2021] == 6_458_475  # L1029
    assert len(s.modelling_choices) >= 5
    assert len(r.municipalities) == 6


def test_midden_ijssel_figures():
    r = load_region("midden-ijssel")
    assert fact(r, "bw_clients_2023") == 243 and fact(r, "waiting_time_bw_months") == 8.3
    assert fact(r, "waiting_time_target_months") == 3 and fact(r, "bw_reduction_target") == -0.20
    # today's places are the clients in a place, the waiting list is kept apart (Little's law, stay 24 months)
    assert places(r, "bw") == fact(r, "bw_in_care_2023") == 181 and fact(r, "bw_waiting_2023") == 62
    assert places(r, "bw") + fact(r, "bw_waiting_2023") == 243
    assert r.current_places("bw") == {"GM0150": 76, "GM0262": 26, "GM1773": 14, "GM0177": 29, "GM0301": 36}
    bw = r.provision_type("bw")
    assert (bw.site_min, bw.site_max) == (8, 24) and "modelling choice" in (bw.source or "")
    assert all("modelling choice" in (c.source or "") for c in r.capacity)
    s = load_scenario(r)
    assert s.name == r.default_scenario == "wachttijd-2024-2026"
    assert s.demand["bw"] == {2024: 178, 2025: 176, 2026: 173}
    assert "bw" in s.transitions.keep_current
    assert load_scenario(r, "wachttijd-zonder-afname").demand["bw"] == {2024: 208, 2025: 208, 2026: 208}
    assert abs(sum(r.keys["inwoners_lage_inkomens"].shares.values()) - 1) < 1e-9


def _midden_ijssel_document() -> list[str]:
    return (SEEDS_DIR / DOCS["midden-ijssel"]["regiovisie"]).read_text(encoding="utf-8").splitlines()


def midden_ijssel_path(clients: int, wait: float, target_wait: float, reduction: float, stay: float,
                       years: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per year (its end): (clients incl. waiting list, waiting allowed, places needed) for both targets."""
    out = {}
    for k, year in enumerate(years, start=1):
        c = math.floor(clients * (1 + reduction * k / len(years)) + 1e-9)
        w = wait - (wait - target_wait) * k / len(years)
        q = math.floor(c * w / (stay + w) + 1e-9)
        out[year] = (c, q, c - q)
    return out


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed documents not beside the repository")
def test_midden_ijssel_places_follow_from_the_cited_lines():
    lines = _midden_ijssel_document()
    # the figures, read from the lines the pack cites
    clients = int(re.search(r"waren er (\d+) cliënten beschermd wonen .*inclusief cliënten op de wachtlijst",
                            lines[635 - 1]).group(1))
    wait = float(re.search(r"beschermd wonen (\d+,\d) maanden", lines[637 - 1]).group(1).replace(",", "."))
    assert "tot drie maanden of korter" in lines[238 - 1] and "maximaal drie maanden" in lines[494 - 1]
    reduction = -int(re.search(r"(\d+)% minder cliënten beschermd wonen op 1-1-2027", lines[231 - 1]).group(1)) / 100
    assert "niet voor een afbouwdoelstelling" in lines[241 - 1] and "beschermd wonen" in lines[241 - 1]
    assert "in de hele regio" in lines[474 - 1] and "gespreid aanbod" in lines[488 - 1]
    assert (clients, wait, reduction) == (243, 8.3, -0.20)

    r = load_region("midden-ijssel")
    stay = fact(r, "bw_average_stay_months")
    assert stay == 24
    # Little's law: today's places and the waiting list
    inflow = clients / (stay + wait)
    assert round(inflow, 2) == fact(r, "bw_inflow_per_month_2023")
    assert round(inflow * wait) == fact(r, "bw_waiting_2023") == 62
    assert places(r, "bw") == clients - round(inflow * wait) == 181

    # both targets: the clients path reaches 80 % by 1-1-2027 (the end of 2026), waiting time 3 months
    s = load_scenario(r, "wachttijd-2024-2026")
    path = midden_ijssel_path(clients, wait, 3, reduction, stay, s.years)
    assert {y: p for y, (_c, _q, p) in path.items()} == s.demand["bw"]
    c_end, q_end, p_end = path[2026]
    assert c_end <= 0.8 * clients and c_end == 194
    assert q_end / (c_end / (stay + 3)) <= 3  # the waiting list left is at most three months of inflow
    assert all(p <= places(r, "bw") for p in s.demand["bw"].values())  # today's places suffice (no cut, L241)

    # what-if without the fall in clients: places for the inflow plus places that clear the queue
    w = load_scenario(r, "wachttijd-zonder-afname")
    cleared_per_year = inflow * (wait - 3) / len(w.years)
    needed = math.ceil(inflow * stay + stay * cleared_per_year / 12)
    assert needed == 208 and w.demand["bw"] == {y: needed for y in w.years}


@pytest.mark.parametrize("code", list(DOCS))
def test_every_scenario_of_every_pack_loads(code):
    region = load_region(code)
    assert list_scenarios(code)
    for name in list_scenarios(code):
        load_scenario(region, name)


def _cited_lines(source: str, docs: dict[str, str]) -> list[tuple[str, int]]:
    """(document file, line) pairs for the first 'L<n>' citation of a source string."""
    out = []
    for match in re.finditer(r"(?:(DWO agenda|regiovisie|programma) )?L(\d+)", source):
        label = match.group(1) or next(iter(docs))
        file = docs.get(label, next(iter(docs.values())))
        out.append((file, int(match.group(2))))
    return out


def _digits(value: float) -> list[str]:
    """Ways a number can be written in a Dutch document: 17070199 -> 17.070.199, 8.3 -> 8,3, -0.2 -> 20%."""
    if value != int(value):
        pct = f"{abs(value) * 100:g}"
        return [f"{value:g}".replace(".", ","), f"{pct}%", f"{pct} %"]
    n = int(value)
    return [str(n), f"{n:,}".replace(",", "."), f"{n / 1e6:g} miljoen".replace(".", ",")]


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed documents not beside the repository")
@pytest.mark.parametrize("code", list(DOCS))
def test_cited_lines_carry_the_numbers(code):
    region = load_region(code)
    docs = DOCS[code]
    texts = {f: (SEEDS_DIR / f).read_text(encoding="utf-8").splitlines() for f in docs.values()}
    checked = 0
    entries = [(c.places, c.source) for c in region.capacity] + [(g.amount, g.source) for g in region.grants]
    entries += [(f.value, f"{f.source} {f.note or ''}") for f in region.facts if isinstance(f.value, int | float)]
    for value, source in entries:
        # sums, ranges of lines and numbers written in words are checked by the figure tests above
        if not source or any(k in source for k in ("modelling choice", "+", "in words")) or re.search(r"L\d+-", source):
            continue
        cites = _cited_lines(source, docs)
        assert cites, source
        file, line = cites[0]
        text = texts[file][line - 1]
        assert any(d in text for d in _digits(value)), (value, source, text)
        checked += 1
    assert checked >= 3


def test_a_type_with_sites_cannot_be_a_municipal_task():
    from pydantic import ValidationError

    from models import ProvisionType

    with pytest.raises(ValidationError, match="placed in wijken"):
        ProvisionType(code="x", label="x", domain="mo", site_min=3, site_max=5, placement="municipality")
