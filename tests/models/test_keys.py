"""A key's shares are normalised where the key is read, and the key keeps the sum it came with."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models import DistributionKey, Scenario
from tests.factories import tiny_scenario

DWO = {"GM0503": 0.4821, "GM1783": 0.3309, "GM1926": 0.1295, "GM1842": 0.0574}


def test_a_key_of_99_99_percent_is_normalised_and_says_so():
    key = DistributionKey(label="objectief", shares=DWO)
    assert key.normalised and key.source_sum == 0.9999
    assert sum(key.shares.values()) == pytest.approx(1, abs=1e-15)
    assert key.shares["GM0503"] == pytest.approx(0.4821 / 0.9999, abs=1e-15)
    # stored and read again, it is the same key (the shares are not divided again)
    again = DistributionKey.model_validate(key.model_dump())
    assert again == key


def test_a_key_that_sums_to_one_is_kept_as_written():
    key = DistributionKey(label="40-40-20", shares={"GM0606": 0.4, "GM0622": 0.4, "GM0556": 0.2})
    assert key.source_sum is None and not key.normalised
    assert key.shares == {"GM0606": 0.4, "GM0622": 0.4, "GM0556": 0.2}


def test_new_shares_are_normalised_again():
    key = DistributionKey(label="k", shares={"GM0001": 0.5, "GM0002": 0.5})
    key.shares = {"GM0001": 0.50005, "GM0002": 0.5}
    assert key.source_sum == 1.00005 and key.shares["GM0001"] == pytest.approx(0.50005 / 1.00005, abs=1e-15)


def test_a_key_far_from_one_is_still_an_error():
    with pytest.raises(ValidationError, match=r"shares sum to 0\.999000, not 1"):
        DistributionKey(label="k", shares={"GM0001": 0.5, "GM0002": 0.499})


def test_what_if_shares_are_normalised_like_a_key():
    scenario: Scenario = tiny_scenario(key_shares={"GM0001": 0.49995, "GM0002": 0.49995})
    assert scenario.key_shares == {"GM0001": 0.5, "GM0002": 0.5}
