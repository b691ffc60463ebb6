"""How amounts read in messages and reports: one place for euros and quantities with their unit."""

from __future__ import annotations


def euro(amount: float) -> str:
    """Whole euros with thousands separators: ``€13,365,589``."""
    return f"€{amount:,.0f}"


def quantity(amount: float, unit: str) -> str:
    """An amount in its unit: euros as ``euro``, anything else as ``3 places`` or ``1 place``."""
    if unit == "EUR":
        return euro(amount)
    if amount == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{amount:g} {unit}"


def percent_sum(total: float) -> str:
    """A sum of shares as a percentage with as many decimals as it takes not to read as 100 %:
    ``99.99 %``, ``99.995 %``."""
    for decimals in range(2, 10):
        shown = f"{total * 100:.{decimals}f}"
        if float(shown) != 100:
            return f"{shown} %"
    return f"{total * 100:.10f} %"


def normalised_note(name: str, source_sum: float) -> str:
    """The line every output gives for a key whose source shares did not sum to 1."""
    return f"Key {name}: its shares sum to {percent_sum(source_sum)} in the source; normalised to 100 %."
