"""Draagkracht (carrying capacity) per wijk, computed from CBS indicators and overridable.

For each wijk::

    pressure_i = min(1, indicator_i / threshold_i)
    index      = clip(1 - sum_i weight_i * pressure_i, 0, 1)
    capacity   = floor(places_per_1000 * inhabitants / 1000 * index)

Indicators: ``p_hh_li`` (% low-income households), ``p_wcorpw`` (% corporation dwellings) and
``pct_1p_hh`` (one-person households as % of households). A wijk lacking an indicator takes its
municipality's value, and failing that the regional mean; every such fill is reported. A wijk
without inhabitants gets capacity 0. A working group's override replaces the computed capacity.
Capacity is in weighted places: a place of type p loads its wijk with ``draagkracht_weight``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from models import INDICATORS, DraagkrachtPolicy, Indicators, Region
from models.i18n import t_


@dataclass(frozen=True)
class WijkCapacity:
    wijk: str
    municipality: str
    inhabitants: float | None
    inputs: dict[str, float | None]
    index: float
    capacity: float
    overridden: bool = False
    filled: list[str] = field(default_factory=list)


def indicator(ind: Indicators, name: str) -> float | None:
    """An indicator by name, including derived ones (``pct_1p_hh``)."""
    if name == "pct_1p_hh":
        if ind.a_1p_hh is None or not ind.a_hh:
            return None
        return 100.0 * ind.a_1p_hh / ind.a_hh
    if name in ind.own:
        return ind.own[name]
    value = getattr(ind, name, None) if name != "own" else None
    if value is None and (name not in Indicators.model_fields or name == "own"):
        raise ValueError(t_(
            "draagkracht: unknown indicator {name}; use one of {v1}",
            name=repr(name), v1=sorted([*INDICATORS, 'pct_1p_hh'])))
    return value


def capacities(region: Region, policy: DraagkrachtPolicy) -> dict[str, WijkCapacity]:
    """Capacity per wijk code for the region under the policy (the CBS indicators and the region's own)."""
    known = sorted([*INDICATORS, "pct_1p_hh", *region.indicators])
    for name in policy.weights:
        if name not in known:
            raise ValueError(t_("draagkracht: unknown indicator {name}; use one of {v1}", name=repr(name), v1=known))
    for name in policy.weights:
        if name not in policy.thresholds or policy.thresholds[name] <= 0:
            raise ValueError(t_(
                "draagkracht.thresholds.{name}: needs a positive threshold for weighted indicator", name=name))
    muni_values = {
        m.code: {name: indicator(m.indicators, name) for name in policy.weights} for m in region.municipalities
    }
    regional_mean: dict[str, float | None] = {}
    for name in policy.weights:
        values = [v for w in region.wijken if (v := indicator(w.indicators, name)) is not None]
        regional_mean[name] = sum(values) / len(values) if values else None

    out: dict[str, WijkCapacity] = {}
    for w in region.wijken:
        inputs: dict[str, float | None] = {}
        filled: list[str] = []
        pressure = 0.0
        for name, weight in policy.weights.items():
            value = indicator(w.indicators, name)
            if value is None:
                value = muni_values[w.municipality][name]
                source = "municipality"
                if value is None:
                    value = regional_mean[name]
                    source = "regional mean"
                if value is not None:
                    filled.append(f"{name} from {source}")
            inputs[name] = value
            if value is not None:
                pressure += weight * min(1.0, max(0.0, value / policy.thresholds[name]))
        index = min(1.0, max(0.0, 1.0 - pressure))
        inhabitants = w.indicators.a_inw
        computed = math.floor(policy.places_per_1000 * (inhabitants or 0.0) / 1000.0 * index + 1e-9)
        overridden = w.code in policy.overrides
        cap = float(policy.overrides[w.code]) if overridden else float(computed)
        out[w.code] = WijkCapacity(
            wijk=w.code,
            municipality=w.municipality,
            inhabitants=inhabitants,
            inputs=inputs,
            index=round(index, 4),
            capacity=cap,
            overridden=overridden,
            filled=filled,
        )
    return out
