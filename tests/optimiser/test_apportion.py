"""Apportionment: known answers, and properties for random inputs (hypothesis)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from optimiser.apportion import apportion_table, dhondt, hamilton, sainte_lague

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
    table = apportion_table(DWO_ROWS, DWO_SHARES, "biproportional")
    assert table.row_totals == DWO_ROWS
    # quotas 110.883 / 76.107 / 29.785 / 13.202: Hamilton gives Delft and Pijnacker-Nootdorp the extra seats
    assert table.column_totals == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
    assert table.grand_total == 230
    assert table.consistent
    assert table.max_deviation < 1
    assert table.cells["bt"] == {"GM0503": 63, "GM1783": 43, "GM1926": 17, "GM1842": 8}


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
    table = apportion_table(rows, shares, "biproportional")
    assert all(sum(table.cells[r].values()) == rows[r] for r in rows)
    assert table.column_totals == hamilton(sum(rows.values()), shares) if sum(rows.values()) else True
    assert table.max_deviation < 1 + 1e-9
    again = apportion_table(rows, shares, "biproportional")
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
