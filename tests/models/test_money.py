"""Money in whole cents: a total split by a key adds up exactly, and transfers settle balances exactly."""

from __future__ import annotations

import pytest

from models.money import cents, settle_cents, split_cents


def test_thirds_of_a_hundred_euros():
    assert split_cents(10_000, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}) == {"a": 3334, "b": 3333, "c": 3333}


def test_a_key_that_sums_to_99_99_percent_still_splits_the_whole_total():
    # quotas 4821.48 / 3309.33 / 1295.13 / 574.06 cents of 10,000 (shares divided by 0.9999): the cent
    # the floors leave goes to the largest remainder
    dwo = {"delft": 0.4821, "westland": 0.3309, "pn": 0.1295, "md": 0.0574}
    assert split_cents(10_000, dwo) == {"delft": 4822, "westland": 3309, "pn": 1295, "md": 574}


def test_ties_go_to_the_larger_share_then_the_earlier_party():
    # quotas 0.5 and 1.5: equal remainders, the larger share takes the cent
    assert split_cents(2, {"a": 0.25, "b": 0.75}) == {"a": 0, "b": 2}
    # equal shares: the earlier party
    assert split_cents(1, {"b": 0.5, "a": 0.5}) == {"b": 1, "a": 0}


def test_a_negative_total_is_refused():
    # costs never fall below 0 (co-financing covers capital cost only), so a negative total is a mistake
    with pytest.raises(ValueError, match="negative total of -100 cents"):
        split_cents(-100, {"a": 1 / 3, "b": 2 / 3})


def test_mvs_local_policy_money_40_40_20_to_the_cent():
    # regiovisie L588-590: 2,500,000 split 40-40-20 is exactly 1,000,000 / 1,000,000 / 500,000, although
    # 0.4 and 0.2 are not exact binary fractions
    key = {"schiedam": 0.4, "vlaardingen": 0.4, "maassluis": 0.2}
    assert split_cents(250_000_000, key) == {"schiedam": 100_000_000, "vlaardingen": 100_000_000,
                                             "maassluis": 50_000_000}


def test_bad_shares():
    with pytest.raises(ValueError, match="non-negative with a positive sum"):
        split_cents(100, {"a": 0.0})


def test_one_payer_settles_with_each_recipient():
    assert settle_cents({"a": 500, "b": -200, "c": -299, "d": -1}) == [("a", "b", 200), ("a", "c", 299), ("a", "d", 1)]


def test_proportional_transfers_keep_both_sides_to_the_cent():
    # exact shares: a pays each 101 x 67 / 201 = 33.67, b pays each 33.33; the three cents the floors
    # leave go to the largest remainders, and every row and column still holds
    transfers = settle_cents({"a": 101, "b": 100, "c": -67, "d": -67, "e": -67})
    assert transfers == [("a", "c", 34), ("a", "d", 34), ("a", "e", 33),
                         ("b", "c", 33), ("b", "d", 33), ("b", "e", 34)]


def test_balances_must_settle():
    with pytest.raises(ValueError, match="sum to 1 cents"):
        settle_cents({"a": 1, "b": 0})
    assert settle_cents({"a": 0, "b": 0}) == []


def test_cents():
    assert cents(0.1 + 0.2) == 30
    assert cents(1_857_313.04) == 185_731_304
