"""Places follow clients: every place of a type above its demand in a year is reported, with causes that
account for it.

Per type and year, the surplus is the places held region-wide minus the demand. The result reports each
positive surplus once, with the places and the demand, and causes (``models.SURPLUS_CAUSES``) that add up
to it; each cause covers no more than the allocation and the rules allow:

- keep current, precedence (the type may not shrink yet), closing pace (the year closes the most allowed):
  today's places still held above demand;
- precedence, for a ``first`` type in the year before its ``then`` type shrinks: up to the rule's target
  minus the ``first`` types' demand that year;
- not yet closable: today's places that close in the next year;
- site size: new places of a clustered type (sites on);
- opened earlier: places opened in earlier years, when demand fell;
- fair-share band: the band's minimum per municipality, summed, above demand.

No surplus may be left without a cause. The reported ``surplus`` objective is the surplus beyond next
year's closures, summed.
"""

from __future__ import annotations

import math

from models import SURPLUS_CAUSES
from optimiser.verify.fair_share import shares
from optimiser.verify.reading import Reading


def _after(r: Reading, t: int) -> int | None:
    i = r.years.index(t)
    return r.years[i + 1] if i + 1 < len(r.years) else None


def _room(r: Reading, p: str, t: int) -> dict[str, int]:
    """What each cause may account for in type p's surplus in year t."""
    sc = r.scenario
    policy = sc.transitions
    prev, after = r.prev(t), _after(r, t)
    demand = sc.demand[p][t]
    today = sum(r.today[m, p] for m in r.munis)

    def closed(year: int, q: str = p) -> int:
        return sum(r.closed(m, q, year) for m in r.munis)

    kept_over = max(0, today - closed(t) - demand)
    room = dict.fromkeys(SURPLUS_CAUSES, 0)
    if policy.enabled and p in policy.keep_current:
        room["keep_current"] = kept_over
    if policy.enabled:
        last = r.years[-1]
        for rule in policy.precedence:
            firsts = [f for f in rule.first if f in r.types]
            target = sum(sc.demand[f][last] for f in firsts)
            if rule.then == p:
                if prev is None:
                    held = sum(r.today[m, f] for m in r.munis for f in firsts)
                else:
                    held = sum(r.places[m, f, prev] for m in r.munis for f in firsts)
                if held < target:
                    room["precedence"] = max(room["precedence"], kept_over)
            if p in firsts and after is not None and rule.then in r.types and closed(after, rule.then) > closed(
                    t, rule.then):
                room["precedence"] += max(0, target - sum(sc.demand[f][t] for f in firsts))
        if p in policy.max_shift_per_year and today > 0:
            closing = closed(t) - (closed(prev) if prev is not None else 0)
            if closing >= policy.max_shift_per_year[p]:
                room["closing_pace"] = kept_over
    if after is not None:
        room["not_yet_closable"] = closed(after) - closed(t)
    if r.region.provision_type(p).clustered and sc.sites.enabled:
        room["site_size"] = sum(r.new[m, p, t] for m in r.munis)
    if prev is not None and demand < sc.demand[p][prev]:
        room["opened_earlier"] = sum(r.new[m, p, prev] for m in r.munis)
    if sc.fair_share.enabled and sc.fair_share.tolerance is not None:
        band = sum(max(0, math.ceil(share * demand - sc.fair_share.tolerance - 1e-9))
                   for share in shares(r, p, t).values())
        room["fair_share_band"] = max(0, band - demand)
    return room


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    reported = {(s.type, s.year): s for s in r.result.surplus}
    penalised = 0
    for p in r.types:
        for t in r.years:
            demand = r.scenario.demand[p][t]
            held = sum(r.places[m, p, t] for m in r.munis)
            over = held - demand
            after = _after(r, t)
            leaving = sum(r.closed(m, p, after) - r.closed(m, p, t) for m in r.munis) if after is not None else 0
            penalised += max(0, over - leaving)
            row = reported.pop((p, t), None)
            if over <= 0:
                if row is not None:
                    bad.append(f"{p} {t}: a surplus of {row.surplus} reported, but {held} places hold "
                               f"a demand of {demand}")
                continue
            if row is None:
                bad.append(f"{p} {t}: {held} places for a demand of {demand}, the surplus of {over} is not reported")
                continue
            if (row.places, row.demand, row.surplus) != (held, demand, over):
                bad.append(f"{p} {t}: surplus reported as {row.places} places - {row.demand} demand = "
                           f"{row.surplus}, the allocation gives {held} - {demand} = {over}")
            if sum(row.causes.values()) != over:
                bad.append(f"{p} {t}: the causes account for {sum(row.causes.values())} of a surplus of {over}")
            room = _room(r, p, t)
            for cause, amount in row.causes.items():
                if cause not in SURPLUS_CAUSES:
                    bad.append(f"{p} {t}: unknown surplus cause {cause!r}")
                elif cause == "unexplained":
                    if amount:
                        bad.append(f"{p} {t}: {amount} places above demand without a cause")
                elif amount > room[cause]:
                    bad.append(f"{p} {t}: {amount} places put down to {cause}, which accounts for at most "
                               f"{room[cause]}")
    for p, t in reported:
        bad.append(f"{p} {t}: a surplus reported for a type or year outside the scenario")
    differs = r.objective_differs("surplus", penalised)
    if differs:
        bad.append(differs)
    return bad
