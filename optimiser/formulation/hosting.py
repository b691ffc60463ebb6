"""Local versus regional types and caps: which municipalities may host a type, and how many places.

Non-hosts get no new places in the years they may not host (variable bounds and ``no_opening`` rows, see
``core``); caps per municipality and type are a group ``cap(m,p)`` with a row per year in which a cap holds
(``Scenario.cap``: a number for every year, or "from year Y on, at most").
"""

from __future__ import annotations

from optimiser.formulation.base import AllocationModel


def add(model: AllocationModel) -> None:
    d = model.data
    for m, per_type in d.scenario.caps.items():
        for p, rule in per_type.items():
            if p not in d.types:
                continue
            params: dict[str, str | int | float] = {"label": d.type_label(p), "municipality": d.label(m)}
            if isinstance(rule, int):
                params["limit"] = rule
                desc = f"the scenario's cap of {rule} {d.type_label(p)} places in {d.label(m)}"
            else:
                steps = ", ".join(f"{v} from {y}" for y, v in rule.items())
                params["steps"] = ";".join(f"{y}:{v}" for y, v in rule.items())
                desc = f"the scenario's cap on {d.type_label(p)} places in {d.label(m)} ({steps})"
            for t in d.years:
                cap = d.scenario.cap(m, p, t)
                if cap is None:
                    continue
                model.soft(
                    "cap",
                    (m, p),
                    desc,
                    "places",
                    model.x[m, p, t],
                    "<=",
                    cap,
                    at=(t,),
                    municipality=m,
                    ptype=p,
                    params=params,
                )
