"""Local versus regional types and caps: which municipalities may host a type, and how many places.

Non-hosts get no new places (variable bounds, see ``core``); caps per municipality and type are a group.
"""

from __future__ import annotations

from optimiser.formulation.base import AllocationModel


def add(model: AllocationModel) -> None:
    d = model.data
    for m, per_type in d.scenario.caps.items():
        for p, cap in per_type.items():
            if p not in d.types:
                continue
            for t in d.years:
                model.soft(
                    "cap",
                    (m, p),
                    f"cap of {cap} {d.type_label(p)} places in {d.label(m)}",
                    "places",
                    model.x[m, p, t],
                    "<=",
                    cap,
                    at=(t,),
                )
