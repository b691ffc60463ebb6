"""How amounts read in messages and reports: one place for euros and quantities with their unit."""

from __future__ import annotations


def euro(amount: float) -> str:
    """Whole euros with thousands separators: ``€13,365,589``."""
    return f"€{amount:,.0f}"


def quantity(amount: float, unit: str) -> str:
    """An amount in its unit: euros as ``euro``, anything else as ``3 places``."""
    return euro(amount) if unit == "EUR" else f"{amount:g} {unit}"
