"""Spatial spreading of new places, and candidate sites.

- ``min_distance``: new sites (clustered types) or new places (dispersed types) of one type may not stand
  in two wijken whose centroids are closer than ``min_distance_m`` metres;
- ``neighbour_cap``: new places of one type in a wijk together with its neighbours stay within
  ``neighbour_cap``;
- candidate sites: where the scenario lists addresses for a type, its new places go only to the wijken
  holding one (matched by a spatial join), at most the sites' ``max_places`` per wijk.

New places never close, so every rule is stated for the last year and holds for all years. Adjacency,
distances and site matches come worked out in the model's inputs (see ``inputs``).
"""

from __future__ import annotations

import logging

import pulp

from models.region import wijk_municipality_code
from optimiser.formulation.base import AllocationModel, name

log = logging.getLogger(__name__)


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.spreading
    last = d.years[-1]
    if policy.mode == "min_distance":
        _min_distance(model, last, policy.min_distance_m)
    elif policy.mode == "neighbour_cap":
        _neighbour_cap(model, last, policy.neighbour_cap)
    if d.scenario.candidate_sites:
        _candidate_sites(model, last)


def _min_distance(model: AllocationModel, last: int, within_m: float) -> None:
    d = model.data
    pairs = d.close_pairs
    if not pairs:
        return
    for p in d.types:
        label = d.type_label(p)
        opened: dict[str, pulp.LpVariable] = {}
        for w in sorted({a for pair in pairs for a in pair[:2]}):
            if (w, p, last) not in model.y:
                continue
            flag = model.prob.add_variable(name("open", w, p), lowBound=0, upBound=1, cat="Integer")
            top = max(d.demand[p, t] for t in d.years)
            model.hard(model.y[w, p, last] <= top * flag, "open", w, p)
            opened[w] = flag
        for a, b, _dist in pairs:
            if a in opened and b in opened:
                model.soft("min_distance", (p,), f"{label} sites at least {within_m:,.0f} m apart", "sites",
                           opened[a] + opened[b], "<=", 1, at=(a, b), ptype=p,
                           params={"label": label, "distance": round(within_m)})


def _neighbour_cap(model: AllocationModel, last: int, cap: int) -> None:
    d = model.data
    neighbours = d.neighbours
    if neighbours and not any(neighbours.values()):
        log.warning("region %s has no wijk boundaries: the neighbour cap holds for each wijk on its own",
                    d.region.code)
    for p in d.types:
        for w, around in neighbours.items():
            area = [a for a in [w, *sorted(around)] if (a, p, last) in model.y]
            if (w, p, last) not in model.y or not area:
                continue
            model.soft("neighbour_cap", (w,), f"new places in and around wijk {d.wijk_label(w)}", "places",
                       pulp.lpSum(model.y[a, p, last] for a in area), "<=", cap, at=(p,),
                       municipality=wijk_municipality_code(w), params={"wijk": d.wijk_label(w)})


def _candidate_sites(model: AllocationModel, last: int) -> None:
    d = model.data
    for p, room in d.candidate_room.items():
        if p not in d.types:
            continue
        top = max(d.demand[p, t] for t in d.years)
        for (a, q, t), var in model.y.items():
            if q != p or t != last:
                continue
            limit = room.get(a, 0)
            model.soft("candidate_sites", (p,), f"{d.type_label(p)} only at the candidate sites", "places", var,
                       "<=", top if limit is None else limit, at=(a,), ptype=p,
                           params={"label": d.type_label(p)})
