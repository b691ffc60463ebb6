"""Apportionment: known answers, and properties for random inputs (hypothesis)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from data import derive_scenario, load_region, load_scenario
from optimiser.apportion import apportion_table, dhondt, divisor_table, hamilton, sainte_lague
from optimiser.fair_share_table import fair_share_tables, fair_share_targets

DWO_SHARES = {"GM0503": 0.4821, "GM1783": 0.3309, "GM1926": 0.1295, "GM1842": 0.0574}
DWO_ROWS = {"bt": 131, "bt_plus": 57, "bw": 27, "bw_plus": 15}

weights = st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(1, 10_000), min_size=1, max_size=7)
totals = st.integers(0, 300)


def test_textbook_divisor_examples():
    # votes 100/80/30/20, 8 seats. D'Hondt quotients: A 100,50,33.3,25,20; B 80,40,26.7,20; C 30; D 20
    # -> the 8 largest: 100 80 50 40 33.3 30 26.7 25 -> A 4, B 3, C 1, D 0
    votes = {"A": 100, "B": 80, "C": 30, "D": 20}
    assert dhondt(8, votes) == {"A": 4, "B": 3, "C": 1, "D": 0}
    # Sainte-Laguë divides by 1,3,5,7: A 100,33.3,20,14.3; B 80,26.7,16; C 30,10; D 20,6.7
    # -> 100 80 33.3 30 26.7 20(A) 20(D) 16 -> A 3, B 3, C 1, D 1 (A's 20 beats D's 20: larger weight)
    assert sainte_lague(8, votes) == {"A": 3, "B": 3, "C": 1, "D": 1}
    # Hamilton: quotas 3.478, 2.783, 1.043, 0.696 -> floors 3,2,1,0 (6) + remainders .783 (B), .696 (D)
    assert hamilton(8, votes) == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_dwo_230_clients_add_up_both_ways():
    table = apportion_table(DWO_ROWS, DWO_SHARES, "fixed-margins")
    assert table.row_totals == DWO_ROWS
    # quotas 110.883 / 76.107 / 29.785 / 13.202: Hamilton gives Delft and Pijnacker-Nootdorp the extra seats
    assert table.column_totals == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
    assert table.grand_total == 230
    assert table.consistent
    assert table.max_deviation < 1
    assert table.cells["bt"] == {"GM0503": 63, "GM1783": 43, "GM1926": 17, "GM1842": 8}


def test_biproportional_is_the_old_name_of_fixed_margins():
    old = apportion_table(DWO_ROWS, DWO_SHARES, "biproportional")
    assert old.method == "fixed-margins"
    assert old.cells == apportion_table(DWO_ROWS, DWO_SHARES).cells


# Wikipedia, "Biproportional apportionment", section "Specific example": votes of parties A, B, C in
# regions I, II, III -- A 123 / 45 / 815, B 912 / 714 / 414, C 312 / 255 / 215 (3,805 in all); 20 seats.
# Upper apportionment by Sainte-Laguë: regions I 7, II 5, III 8; parties A 5, B 11, C 4. Lower
# apportionment: A 1 / 0 / 4, B 4 / 4 / 3, C 2 / 1 / 1.
WIKI_VOTES = {"A": {"I": 123, "II": 45, "III": 815}, "B": {"I": 912, "II": 714, "III": 414},
              "C": {"I": 312, "II": 255, "III": 215}}
WIKI_SEATS = {"A": {"I": 1, "II": 0, "III": 4}, "B": {"I": 4, "II": 4, "III": 3}, "C": {"I": 2, "II": 1, "III": 1}}


@pytest.mark.parametrize("rounds", [200, 0])
def test_divisor_method_reproduces_the_wikipedia_example(rounds):
    """Wikipedia, "Biproportional apportionment", "Specific example" (figures above). ``rounds=0`` skips the
    alternating scaling and finds the table by its equivalent optimisation problem: the same seats."""
    region_votes = {g: sum(v[g] for v in WIKI_VOTES.values()) for g in ("I", "II", "III")}
    party_votes = {p: sum(v.values()) for p, v in WIKI_VOTES.items()}
    assert region_votes == {"I": 1347, "II": 1014, "III": 1444} and sum(party_votes.values()) == 3805
    regions, parties = sainte_lague(20, region_votes), sainte_lague(20, party_votes)
    assert regions == {"I": 7, "II": 5, "III": 8}
    assert parties == {"A": 5, "B": 11, "C": 4}
    assert divisor_table(WIKI_VOTES, parties, regions, max_rounds=rounds) == WIKI_SEATS


@pytest.mark.parametrize("rounds", [200, 0])
def test_divisor_method_reproduces_the_german_wikipedia_example(rounds):
    """Wikipedia (de), "Doppeltproportionales Zuteilungsverfahren": lists 1, 2, 3 in districts A, B, C with
    votes 1: 51 / 98 / 45, 2: 60 / 100 / 120, 3: 63 / 102 / 144; district seats 4 / 5 / 6, list seats 4 / 5 / 6.
    Result: list 1 gets 1 / 2 / 1, list 2 1 / 2 / 2, list 3 2 / 1 / 3."""
    votes = {"1": {"A": 51, "B": 98, "C": 45}, "2": {"A": 60, "B": 100, "C": 120}, "3": {"A": 63, "B": 102, "C": 144}}
    seats = divisor_table(votes, {"1": 4, "2": 5, "3": 6}, {"A": 4, "B": 5, "C": 6}, max_rounds=rounds)
    assert seats == {"1": {"A": 1, "B": 2, "C": 1}, "2": {"A": 1, "B": 2, "C": 2}, "3": {"A": 2, "B": 1, "C": 3}}


def test_divisor_method_on_the_dwo_table():
    # column totals by Sainte-Laguë of 230 (the same as Hamilton here); the cells round quota / divisors,
    # so one cell (BT in Delft, quota 63.16) is 64: the divisor method does not keep cells within 1 of
    # their quota by design, it keeps them proportional in both directions
    table = apportion_table(DWO_ROWS, DWO_SHARES, "divisor")
    assert table.column_totals == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
    assert table.consistent
    assert table.cells["bt"] == {"GM0503": 64, "GM1783": 43, "GM1926": 17, "GM1842": 7}
    assert table.cells["bw"] == {"GM0503": 13, "GM1783": 9, "GM1926": 3, "GM1842": 2}


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["r1", "r2", "r3", "r4"]), st.integers(0, 80), min_size=1, max_size=4),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(1, 1000), min_size=1, max_size=5),
)
def test_divisor_margins_exact(rows, w):
    mass = sum(w.values())
    shares = {k: v / mass for k, v in w.items()}
    table = apportion_table(rows, shares, "divisor")
    assert all(sum(table.cells[r].values()) == rows[r] for r in rows)
    assert table.consistent
    assert table.column_totals == (sainte_lague(sum(rows.values()), shares) if sum(rows.values())
                                   else dict.fromkeys(shares, 0))


def test_dwo_fair_share_table_is_the_spread_table_in_every_year():
    region = load_region("dwo")
    scenario = load_scenario(region)
    for year in scenario.years:
        tables = fair_share_tables(region, scenario, year)
        assert [t.types for t in tables] == [["bt", "bt_plus", "bw", "bw_plus"],
                                             ["flex_housing_first", "flex_doorstroom", "flex_short_stay"],
                                             ["nachtopvang_2p", "nachtopvang_1p"]]
        bwbt = tables[0].table
        assert bwbt.grand_total == 230
        assert bwbt.column_totals == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
        # the night shelter may only stand in Delft: a table of its own (two- and single-room places), with
        # Delft as its one column
        assert tables[2].hosts == ["GM0503"]
    targets = fair_share_targets(region, scenario)
    assert sum(targets[m, p, 2026] for m in ("GM1926",) for p in DWO_ROWS) == 30
    assert sum(targets["GM1842", p, 2023] for p in DWO_ROWS) == 13
    assert ("GM1783", "nachtopvang_2p", 2023) not in targets


def test_own_key_hosts_and_what_if_shares_make_their_own_tables():
    region = load_region("dwo")
    base = load_scenario(region)
    # BW gets its own key: it leaves the BW/BT table and is rounded alone (Hamilton of 27 by the key)
    own_key = derive_scenario(region, base, {"type_keys": {"bw": "historisch"}})
    tables = {tuple(t.types): t for t in fair_share_tables(region, own_key, 2023)}
    assert tables["bw",].table.cells["bw"] == hamilton(27, region.keys["historisch"].shares)
    assert tables["bt", "bt_plus", "bw_plus"].table.grand_total == 203
    # BT plus only in Delft and Westland: its own table over these two, renormalised (48.21 : 33.09)
    hosted = derive_scenario(region, base, {"hosting": {"bt_plus": ["GM0503", "GM1783"]}})
    tables = {tuple(t.types): t for t in fair_share_tables(region, hosted, 2023)}
    assert tables["bt_plus",].table.cells["bt_plus"] == {"GM0503": 34, "GM1783": 23}
    assert round(tables["bt_plus",].shares["GM0503"], 4) == round(0.4821 / (0.4821 + 0.3309), 4)
    # what-if shares replace the key's shares for every type on the scenario key
    what_if = derive_scenario(region, base, {"key_shares": {"GM0503": 0.4, "GM1783": 0.3, "GM1926": 0.2,
                                                             "GM1842": 0.1}})
    table = fair_share_tables(region, what_if, 2023)[0]
    assert table.what_if and table.table.column_totals == {"GM0503": 92, "GM1783": 69, "GM1926": 46, "GM1842": 23}


def test_rounding_rows_separately_misses_the_column_shares():
    table = apportion_table(DWO_ROWS, DWO_SHARES, "hamilton")
    assert all(sum(table.cells[r].values()) == DWO_ROWS[r] for r in DWO_ROWS)
    assert table.column_totals == {"GM0503": 111, "GM1783": 76, "GM1926": 29, "GM1842": 14}
    assert not table.consistent


def test_bad_shares_and_totals():
    with pytest.raises(ValueError, match=r"shares sum to 0\.900000"):
        apportion_table({"bt": 10}, {"A": 0.5, "B": 0.4})
    assert apportion_table({"bt": 10}, {"A": 0.5, "B": 0.4}, normalise=True).cells["bt"] == {"A": 6, "B": 4}
    with pytest.raises(ValueError, match=r"row_totals.bt: -3"):
        apportion_table({"bt": -3}, {"A": 1.0})
    with pytest.raises(ValueError, match=r"shares.B: 'x'"):
        apportion_table({"bt": 3}, {"A": 1.0, "B": "x"})
    with pytest.raises(ValueError, match="unknown method 'fancy'"):
        apportion_table({"bt": 3}, {"A": 1.0}, "fancy")


@settings(max_examples=200, deadline=None)
@given(totals, weights)
def test_totals_conserved_and_hamilton_within_quota(total, w):
    mass = sum(w.values())
    for method in (hamilton, dhondt, sainte_lague):
        assert sum(method(total, w).values()) == total
    seats = hamilton(total, w)
    for k, v in seats.items():
        q = total * w[k] / mass
        assert math.floor(q + 1e-9) <= v <= math.ceil(q - 1e-9)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 120), weights)
def test_divisor_methods_are_house_monotone(total, w):
    for method in (dhondt, sainte_lague):
        before, after = method(total, w), method(total + 1, w)
        assert all(after[k] >= before[k] for k in w)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["r1", "r2", "r3", "r4"]), st.integers(0, 80), min_size=1, max_size=4),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(1, 1000), min_size=1, max_size=5),
)
def test_biproportional_margins_exact_and_cells_within_one(rows, w):
    mass = sum(w.values())
    shares = {k: v / mass for k, v in w.items()}
    table = apportion_table(rows, shares, "fixed-margins")
    assert all(sum(table.cells[r].values()) == rows[r] for r in rows)
    assert table.column_totals == hamilton(sum(rows.values()), shares) if sum(rows.values()) else True
    assert table.max_deviation < 1 + 1e-9
    again = apportion_table(rows, shares, "fixed-margins")
    assert again.cells == table.cells


def test_cli_apportion_dwo_json():
    result = CliRunner().invoke(app, ["apportion", "dwo", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["grand_total"] == 230
    assert out["row_totals"] == DWO_ROWS
    assert out["column_totals"] == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
    assert out["check"]["rows_and_columns_add_up"] is True
    for row, cells in out["cells"].items():
        for code, v in cells.items():
            assert abs(v - out["quotas"][row][code]) < 1
