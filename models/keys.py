"""Distribution keys computed from municipal CBS indicators (labelled proxies where no official key exists)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from models.i18n import t_
from models.region import DistributionKey, Municipality

#: indicators a key can weigh; ``low_income_households`` = households x % low income / 100
KEY_INDICATORS = ("a_inw", "a_hh", "a_1p_hh", "a_woning", "low_income_households")


def indicator_value(m: Municipality, name: str) -> float:
    ind = m.indicators
    if name == "low_income_households":
        value = None if ind.a_hh is None or ind.p_hh_li is None else ind.a_hh * ind.p_hh_li / 100
    elif name in KEY_INDICATORS:
        value = getattr(ind, name)
    elif name in ind.own:  # the region's own indicator
        value = ind.own[name]
    else:
        raise ValueError(t_("key indicator {name} is not one of {v1}", name=repr(name),
                            v1=', '.join([*KEY_INDICATORS, *ind.own])))
    if value is None:
        raise ValueError(t_(
            "key indicator {name}: no value for {name_} ({code})", name=name, name_=m.name, code=m.code))
    return float(value)


def shares_from_indicators(
    municipalities: Sequence[Municipality], weights: Mapping[str, float], decimals: int = 6
) -> dict[str, float]:
    """Each indicator becomes regional shares, the shares are weighted and summed, and the result is
    rounded to ``decimals`` with the rounding difference on the largest share (so it sums to 1)."""
    if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(t_("key weights must be non-negative with a positive sum, got {v1}", v1=dict(weights)))
    total_weight = sum(weights.values())
    shares = {m.code: 0.0 for m in municipalities}
    for name, weight in weights.items():
        values = {m.code: indicator_value(m, name) for m in municipalities}
        mass = sum(values.values())
        if mass <= 0:
            raise ValueError(t_("key indicator {name}: the region total is 0", name=name))
        for code, v in values.items():
            shares[code] += weight / total_weight * v / mass
    rounded = {code: round(s, decimals) for code, s in shares.items()}
    largest = max(rounded, key=lambda c: (rounded[c], c))
    rounded[largest] = round(rounded[largest] + 1 - sum(rounded.values()), decimals)
    return rounded


def key_from_indicators(
    municipalities: Sequence[Municipality], weights: Mapping[str, float], label: str, source: str | None = None
) -> DistributionKey:
    return DistributionKey(label=label, shares=shares_from_indicators(municipalities, weights), proxy=True,
                           source=source or f"computed from CBS indicators with weights {dict(weights)}")
