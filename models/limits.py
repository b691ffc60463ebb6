"""Plausibility ceilings for the numbers that enter the product, each with its reason.

A region pack, a scenario file, an API body or a form may hold numbers that are well formed but absurd
(``demand: 1e30``, ``places_per_1000: 1e30``). Left through, they reach the solver as coefficients it
cannot represent and come back as a crash instead of an answer. Every input model checks its numbers
against these ceilings and names the field; infinite and NaN values are refused everywhere (``Strict``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from models.i18n import t_

#: Places or dwellings of one type (demand, caps, site sizes, capacities, wijk overrides, today's places).
#: The Netherlands has about 18 million inhabitants and its largest centrumgemeente regions hold well under a
#: million; places of one type are counted in tens to thousands. A region whose inhabitants are known is held
#: to its own population instead (``Scenario.check_against``): no type needs more places than there are people.
MAX_PLACES = 1_000_000

#: Inhabitants, households and dwellings of one area (CBS indicators): more than the Netherlands has.
MAX_INHABITANTS = 20_000_000

#: Area of one area in hectares (CBS ``a_opp_ha``): the Netherlands, water included, is about 4.2 million ha.
MAX_AREA_HA = 5_000_000.0

#: The draagkracht load of one place of a type, in places: a place that weighs as much as a hundred is a typo.
MAX_DRAAGKRACHT_WEIGHT = 100.0

#: Draagkracht places per 1,000 inhabitants: more than one place per inhabitant is not a capacity.
MAX_PLACES_PER_1000 = 1000.0

#: Money in euros (grants, costs per place, extra money, fixed costs, caps on payments): a trillion euros is
#: more than the whole Dutch state budget; any larger figure is a typing error.
MAX_EUROS = 1e12

#: Distances in metres (spreading): the Netherlands is about 300 km across.
MAX_DISTANCE_M = 400_000.0

#: Solver time per lexicographic stage in seconds: a week. Longer is a typing error, not a wish.
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0

#: Solver threads.
MAX_THREADS = 1024

#: Solver seeds: HiGHS, CBC and CP-SAT all take a 32-bit seed.
MAX_SEED = 2**31 - 1

#: Years of an ingroeipad (the move from the historical to the objective payment key).
MAX_INGROEIPAD_YEARS = 100

#: Draagkracht indicator thresholds: the indicators are percentages, 100 is full pressure at most; a larger
#: threshold is allowed up to this bound for indicators on other scales.
MAX_THRESHOLD = 1e6


def shown(value: float) -> str:
    """A number as a message shows it: whole numbers with thousands separators, others in short form."""
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def _number(value: float) -> float | str:
    """A number for a message: as it is (worded in the reader's format), or in short form when it is too large
    to write out."""
    return value if math.isfinite(value) and abs(value) < 1e15 else f"{value:g}"


def check_range(path: str, value: float, high: float, low: float = 0.0, what: str = "") -> None:
    """Raise ValueError naming ``path`` when ``value`` is not a finite number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(t_("{path}: {value} is not a number", path=path, value=repr(value)))
    if not math.isfinite(value):
        raise ValueError(t_("{path}: {value} is not a finite number", path=path, value=str(value)))
    if value < low:
        raise ValueError(t_("{path}: {value} is negative", path=path, value=_number(value)) if low == 0 else
                         t_("{path}: {value} is below the plausible minimum of {low}", path=path,
                            value=_number(value), low=_number(low)))
    if value > high:
        if what:
            raise ValueError(t_("{path}: {value} is above the plausible maximum of {high} {what}", path=path,
                                value=_number(value), high=_number(high), what=what))
        raise ValueError(t_("{path}: {value} is above the plausible maximum of {high}", path=path,
                            value=_number(value), high=_number(high)))


def numbers(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every number in a nested structure of mappings and lists, with its dotted path (``caps.GM0503.bw``).

    Validators use it so a check holds whatever shape a field takes (a number, or numbers per year)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from numbers(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from numbers(v, f"{path}[{i}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, value


def empty_lists(value: Any, path: str) -> Iterator[str]:
    """The dotted paths of empty lists in a nested structure of mappings and lists."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from empty_lists(v, f"{path}.{k}")
    elif isinstance(value, list):
        if not value:
            yield path
        for i, v in enumerate(value):
            yield from empty_lists(v, f"{path}[{i}]")
