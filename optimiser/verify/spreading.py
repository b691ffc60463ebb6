"""Spreading of new places over wijken, and candidate sites, in the last year (new places never close,
so the last year bounds every earlier one). Geometry comes from the region's own boundaries. Types that a
redacted copy shows per municipality only have no wijken to check.

- ``min_distance``: no type has new places (for a clustered type: sites) in two wijken whose centroids
  lie closer than ``min_distance_m``;
- ``neighbour_cap``: the new places of one type in a wijk of a host municipality together with its
  neighbouring wijken stay within ``neighbour_cap``;
- candidate sites: a type named by any candidate site gets new places only in areas holding one of its
  sites, at most the sum of their ``max_places`` there (no limit when a site gives none).
"""

from __future__ import annotations

from optimiser import geography
from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    policy = r.scenario.spreading
    last = r.years[-1]
    bad: list[str] = []
    if policy.mode == "min_distance":
        bad += _min_distance(r, last, policy.min_distance_m)
    elif policy.mode == "neighbour_cap":
        bad += _neighbour_cap(r, last, policy.neighbour_cap)
    if r.scenario.candidate_sites:
        bad += _candidate_sites(r, last)
    return bad


def _located(r: Reading) -> list[str]:
    """The types whose new places the result shows per wijk."""
    return [p for p in r.types if p not in r.redacted]


def _min_distance(r: Reading, last: int, within_m: float) -> list[str]:
    bad: list[str] = []
    pairs = geography.distance_pairs(r.region, within_m)
    for p in _located(r):
        for a, b, dist in pairs:
            if r.new_in[a, p, last] > 0 and r.new_in[b, p, last] > 0:
                bad.append(f"{p}: new places in {r.name(a)} and {r.name(b)}, {dist:,.0f} m apart "
                           f"(at least {within_m:,.0f} m)")
    return bad


def _neighbour_cap(r: Reading, last: int, cap: int) -> list[str]:
    bad: list[str] = []
    neighbours = geography.adjacency(r.region)
    for p in _located(r):
        for w, around in neighbours.items():
            if r.wijk_muni[w] not in r.hosts[p]:
                continue
            window = [w, *sorted(around)]
            placed = sum(r.new_in[a, p, last] for a in window)
            if placed > cap:
                bad.append(f"{p} in and around {r.name(w)}, {last}: {placed} new places above the cap of {cap}")
    return bad


def _candidate_sites(r: Reading, last: int) -> list[str]:
    bad: list[str] = []
    for p, room in geography.candidate_room(r.region, r.scenario.candidate_sites).items():
        if p not in _located(r):
            continue
        for m in r.hosts[p]:
            for a in r.areas(m, p):
                placed = r.new_in[a, p, last]
                if not placed or a in room and room[a] is None:
                    continue
                if a not in room:
                    bad.append(f"{p} in {r.name(a)}, {last}: {placed} new places where no candidate site lies")
                elif placed > (limit := room[a] or 0):
                    bad.append(f"{p} in {r.name(a)}, {last}: {placed} new places above the candidate sites' "
                               f"{limit}")
    return bad
