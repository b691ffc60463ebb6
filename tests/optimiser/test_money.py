"""The money of a solved result adds up to the cent, and a normalised key is named in every output."""

from __future__ import annotations

import pytest

from data import load_region, load_scenario
from models import Result
from models.i18n import Words
from models.money import cents
from optimiser.report.files import summary
from optimiser.report.terminal import render
from optimiser.verify import verify
from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import solve

SEEDS = ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"]


def money_by_year(result: Result) -> dict[int, dict[str, tuple[int, int, int]]]:
    """year -> municipality -> (hosted, pays, transfer) in cents."""
    out: dict[int, dict[str, tuple[int, int, int]]] = {}
    for row in result.budget:
        out.setdefault(row.year, {})[row.municipality] = (cents(row.hosted_cost), cents(row.pays),
                                                         cents(row.transfer))
    return out


def net_transfers(result: Result, year: int) -> dict[str, int]:
    net: dict[str, int] = {}
    for tr in result.transfers:
        if tr.year == year:
            assert tr.amount > 0
            net[tr.payer] = net.get(tr.payer, 0) + cents(tr.amount)
            net[tr.recipient] = net.get(tr.recipient, 0) - cents(tr.amount)
    return net


@pytest.fixture(scope="module")
def thirds() -> Result:
    """The tiny region's known optimum, paid one third by Astad and two thirds by Bdorp: 2024 costs
    €3,500,000 (Astad holds its 48 BW places, €2,400,000, while Bdorp opens 22, €1,100,000)."""
    keys = {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
            "derden": {"label": "thirds", "shares": {"GM0001": 1 / 3, "GM0002": 2 / 3}}}
    region = tiny_region(keys=keys)
    scenario = tiny_scenario(budget={"enabled": False, "payment_key": "derden"})
    result = solve(region, scenario)
    assert verify(region, scenario, result) == []
    return result


def test_payments_by_thirds_to_the_cent(thirds: Result):
    year = money_by_year(thirds)[2024]
    # 350,000,000 cents / 3 = 116,666,666.67: Astad takes the cent the floors leave (remainder 0.67)
    assert year == {"GM0001": (240_000_000, 116_666_667, -123_333_333),
                    "GM0002": (110_000_000, 233_333_333, 123_333_333)}
    assert [(t.payer, t.recipient, t.amount) for t in thirds.transfers if t.year == 2024] == [
        ("GM0002", "GM0001", 1_233_333.33)]
    # the grant of €2,500,000 split the same way: 83,333,333.33 and 166,666,666.67 cents
    assert {r.municipality: r.grant_share for r in thirds.budget if r.year == 2024} == {
        "GM0001": 833_333.33, "GM0002": 1_666_666.67}


def test_money_handed_out_by_a_key_is_paid_out_by_the_payment_key():
    # 1,000,000 handed out 50/50 in 2024, paid out by thirds like the cost: Astad pays out 333,333.33 and
    # Bdorp 666,666.67 (the cent to the larger remainder); with the thirds of the year's cost and the places
    # each hosts, Bdorp pays Astad exactly 1,400,000
    keys = {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
            "derden": {"label": "thirds", "shares": {"GM0001": 1 / 3, "GM0002": 2 / 3}}}
    region = tiny_region(keys=keys)
    scenario = tiny_scenario(budget={"enabled": False, "payment_key": "derden", "distributions": [
        {"label": "lokaal beleid", "key": "objectief", "amounts": {2024: 1_000_000}}]})
    result = solve(region, scenario)
    assert verify(region, scenario, result) == []
    rows = {r.municipality: (r.hosted_cost, r.pays, r.pays_out, r.receives, r.transfer)
            for r in result.budget if r.year == 2024}
    assert rows == {"GM0001": (2_400_000, 1_166_666.67, 333_333.33, 500_000, -1_400_000),
                    "GM0002": (1_100_000, 2_333_333.33, 666_666.67, 500_000, 1_400_000)}
    assert [(t.payer, t.recipient, t.amount) for t in result.transfers if t.year == 2024] == [
        ("GM0002", "GM0001", 1_400_000)]
    (line,) = result.distributions
    assert (line.label, line.year, line.amount, line.shares) == (
        "lokaal beleid", 2024, 1_000_000, {"GM0001": 500_000, "GM0002": 500_000})
    assert result.budget_years[2024].distributed == 1_000_000
    assert result.budget_years[2025].distributed == 0


@pytest.fixture(scope="module", params=SEEDS)
def seed(request: pytest.FixtureRequest) -> tuple[str, Result]:
    region = load_region(request.param)
    return request.param, solve(region, load_scenario(region))


def test_seed_payments_are_the_cost_and_balances_the_transfers(seed: tuple[str, Result]):
    code, result = seed
    assert set(money_by_year(result)) == set(result.years)
    for t, year in money_by_year(result).items():
        cost = cents(result.budget_years[t].cost)
        assert sum(hosted for hosted, _, _ in year.values()) == cost
        assert sum(pays for _, pays, _ in year.values()) == cost
        # money handed out (MVS's local policy money) is paid out and received in full, to the cent
        rows = [r for r in result.budget if r.year == t]
        handed_out = cents(result.budget_years[t].distributed)
        assert sum(cents(r.pays_out) for r in rows) == sum(cents(r.receives) for r in rows) == handed_out
        out = {r.municipality: cents(r.pays_out) - cents(r.receives) for r in rows}
        net = net_transfers(result, t)
        for m, (hosted, pays, transfer) in year.items():
            assert transfer == pays + out[m] - hosted
            assert net.get(m, 0) == transfer, (code, t, m)


def test_dwo_says_its_key_was_normalised(seed: tuple[str, Result]):
    code, result = seed
    if code == "dwo":
        assert result.normalised_keys == {"objectief": 0.9999}
        region = load_region(code)
        assert ("Sleutel objectief: de aandelen tellen in de bron op tot 99,99 %; herschaald naar 100 %."
                in render(result, region).splitlines())
        assert ("Key objectief: its shares sum to 99.99 % in the source; normalised to 100 %."
                in render(result, region, Words("en")).splitlines())
        assert summary(result)["normalised_keys"] == {"objectief": 0.9999}
        # 2026 is the 4th of 10 steps from the historical key (Delft 76.1905 %) to the normalised
        # objective key (48.21 / 99.99 %): Delft pays 65.0002 % of the year's cost
        delft = 0.6 * 0.761905 + 0.4 * 0.4821 / 0.9999
        pays = {r.municipality: r.pays for r in result.budget if r.year == 2026}
        assert abs(pays["GM0503"] - delft * result.budget_years[2026].cost) < 0.01
    else:
        assert result.normalised_keys == {}


def test_a_key_read_only_for_fair_share_is_named_too():
    keys = {"objectief": {"label": "test key", "shares": {"GM0001": 0.49995, "GM0002": 0.49995}}}
    region = tiny_region(keys=keys)
    result = solve(region, tiny_scenario())
    assert result.normalised_keys == {"objectief": 0.9999}
    assert "Sleutel objectief: de aandelen tellen in de bron op tot 99,99 %; herschaald naar 100 %." in render(
        result, region)
    # what-if shares replace the key, so the key is not read
    what_if = solve(region, tiny_scenario(key_shares={"GM0001": 0.5, "GM0002": 0.5}))
    assert what_if.normalised_keys == {}


def test_mvs_hands_out_its_local_policy_money_40_40_20_to_the_cent(seed: tuple[str, Result]):
    code, result = seed
    if code != "mvs":
        assert result.distributions == []
        return
    region = load_region(code)
    vlaardingen, schiedam, maassluis = "GM0622", "GM0606", "GM0556"
    split = {maassluis: 500_000.00, vlaardingen: 1_000_000.00, schiedam: 1_000_000.00}  # regiovisie L588-590
    assert [(d.year, d.key, d.amount, d.shares) for d in result.distributions] == [
        (t, "40-40-20", 2_500_000, split) for t in (2024, 2025, 2026, 2027)]
    assert [d["shares"] for d in summary(result)["distributions"]] == [split] * 4
    for t in result.years:
        rows = {r.municipality: r for r in result.budget if r.year == t}
        assert {m: r.receives for m, r in rows.items()} == split
        # Vlaardingen pays the places and pays the money out, from the grants it receives (L564-572)
        assert {m: (r.pays, r.pays_out) for m, r in rows.items()} == {
            vlaardingen: (result.budget_years[t].cost, 2_500_000), schiedam: (0, 0), maassluis: (0, 0)}
        assert result.budget_years[t].distributed == 2_500_000
        assert result.budget_years[t].available == 18_825_000 - 2_500_000
    text = render(result, region).splitlines()
    start = text.index("Lokaal beleid (restant BW-middelen, 40-40-20), uitgekeerd volgens sleutel 40-40-20")
    header = next(i for i in range(start, len(text)) if text[i].startswith("gemeente"))
    assert text[header].split() == ["gemeente", "2024", "2025", "2026", "2027"]
    assert [line.split() for line in text[header + 2:header + 5]] == [
        ["Maassluis", *["€", "500.000,00"] * 4], ["Vlaardingen", *["€", "1.000.000,00"] * 4],
        ["Schiedam", *["€", "1.000.000,00"] * 4]]


def test_dwo_co_financing_lowers_no_cost_without_a_capital_cost(seed: tuple[str, Result]):
    code, result = seed
    money = result.budget_years
    if code != "dwo":
        assert all(v.capital_cost == v.cofinancing == v.cofinancing_unused == 0 for v in money.values())
        return
    # 11, 10 and 19 flexwoningen open in 2023-2025 (40 by 2025, L712), each with 40,000 of co-financing
    # (L688-696) against a capital cost of 0: nothing of it is used, and the cost is the places' alone
    opened = {2023: 11, 2024: 10, 2025: 19, 2026: 0}
    flex = ("flex_housing_first", "flex_doorstroom", "flex_short_stay")
    new = {t: sum(a.new_places for a in result.allocation if a.type in flex and a.year == t) for t in opened}
    assert {t: new[t] - new.get(t - 1, 0) for t in opened} == opened
    assert {t: (v.capital_cost, v.cofinancing, v.cofinancing_unused) for t, v in money.items()} == {
        t: (0, 0, 40_000 * n) for t, n in opened.items()}
    assert all(v.cost == v.running_cost for v in money.values())
    english = " ".join(render(result, load_region(code), Words("en"), width=400).split())
    assert ("Co-financing covers capital cost only and is no income; left unused, above the capital cost of the "
            "units opened: 2023 €440,000, 2024 €400,000, 2025 €760,000") in english
    dutch = " ".join(render(result, load_region(code), width=400).split())
    assert ("ongebruikt, boven de investeringen in de geopende eenheden: 2023 € 440.000, 2024 € 400.000, "
            "2025 € 760.000") in dutch
