"""Disruption, the last objective: what the allocation changes from today, then how evenly it loads wijken.

Counted from the allocation: today's places closed by the last year and the sites standing in the last
year, each weighing ``DISRUPTION``, less the places converted in a building (today's places of its
types closed, up to the new places of its types); plus ``SPREAD`` times the largest draagkracht use (in
permille, rounded up) of any wijk that may receive new places, where weights and loads are counted in
thousandths of a place and capacities in whole places, and a building adds the most it grows in any
year. The reported ``disruption`` objective must be this count.
The weights are the ones the model states in its objective, repeated here so the count stays independent.
"""

from __future__ import annotations

from optimiser.verify.reading import Reading
from optimiser.wijk_capacity import capacities

DISRUPTION = 10**6  # per closed place or opened site
SPREAD = 100  # per permille of the largest draagkracht use


def largest_use(r: Reading) -> int:
    """The largest draagkracht use in permille, rounded up, over the wijken that may receive new places."""
    policy = r.scenario.draagkracht
    if not policy.enabled or not r.region.wijken:
        return 0
    last = r.years[-1]
    existing = r.region.existing_load(r.types)
    housed = {p for types in r.buildings.values() for p in types}
    largest = 0
    for w, cap in capacities(r.region, policy).items():
        types = [p for p in r.types if r.wijk_muni[w] in r.hosts[p]]
        whole = round(cap.capacity)
        if not types or cap.capacity <= 0 or whole <= 0:
            continue
        load = sum(round(1000 * r.region.provision_type(p).draagkracht_weight) * r.new_in[w, p, last]
                   for p in types if p not in housed)
        load += round(1000 * existing.get(w, 0.0))
        load += sum(round(1000 * max(r.growth(b, t) for t in r.years)) for b in r.buildings if r.stands(b) == w)
        largest = max(largest, -(-load // whole))
    return largest


def count(r: Reading) -> int:
    last = r.years[-1]
    closed = sum(r.closed(m, p, last) for m in r.munis for p in r.types)
    converted = sum(min(sum(r.closed(m, p, last) for m in r.munis for p in types),
                        sum(r.new[m, p, last] for m in r.munis for p in types)) for types in r.buildings.values())
    sites = sum(n for (_a, _p, t), n in r.sites_in.items() if t == last)
    return DISRUPTION * (closed - converted + sites) + SPREAD * largest_use(r)


def check(r: Reading) -> list[str]:
    if r.redacted:
        return []  # the count needs the fullest wijk, and a redacted copy leaves confidential places out of it
    differs = r.objective_differs("disruption", count(r))
    return [differs] if differs else []
