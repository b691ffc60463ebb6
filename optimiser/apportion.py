"""Apportionment: whole numbers from shares, with totals that hold."""

from __future__ import annotations

import math
from collections.abc import Mapping


def hamilton(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Largest remainder: floor of each quota, then one more to the largest remainders.

    Ties between equal remainders go to the larger quota, then to the earlier party in ``weights``.
    """
    if total < 0 or int(total) != total:
        raise ValueError(f"total: {total!r} is not a non-negative whole number")
    mass = sum(weights.values())
    if any(w < 0 or math.isnan(w) for w in weights.values()) or mass <= 0:
        raise ValueError(f"weights: need non-negative numbers with a positive sum, got {dict(weights)}")
    quota = {k: total * w / mass for k, w in weights.items()}
    seats = {k: math.floor(q + 1e-9) for k, q in quota.items()}
    order = sorted(weights, key=lambda k: (-(quota[k] - seats[k]), -quota[k], list(weights).index(k)))
    for k in order[: total - sum(seats.values())]:
        seats[k] += 1
    return seats
