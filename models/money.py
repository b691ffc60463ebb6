"""Money over the years: grants published for some years only, read for any year."""

from __future__ import annotations

from collections.abc import Mapping


def grant_for_year(amounts: Mapping[int, float], year: int) -> float:
    """A grant in a year: the stated figure, else linear between the nearest stated years, else the
    nearest stated year's figure (grants are published for some years only)."""
    if year in amounts:
        return amounts[year]
    before = [y for y in amounts if y < year]
    after = [y for y in amounts if y > year]
    if before and after:
        y0, y1 = max(before), min(after)
        return amounts[y0] + (amounts[y1] - amounts[y0]) * (year - y0) / (y1 - y0)
    return amounts[max(before)] if before else amounts[min(after)]
