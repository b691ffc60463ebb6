"""Transitions over the years (when the policy is enabled).

- no closing before opening: today's places of a type closed up to year t, region-wide, at most the new
  places opened up to the year before plus the fall in demand below today's places;
- at most ``max_shift_per_year`` places of a type close in one year, region-wide;
- keep current: no municipality closes any of today's places of the type;
- precedence: ``then`` closes places only once the ``first`` types together held their target (their
  demand in the last year) in the year before; in the first year only when they already do today.
"""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    policy = r.scenario.transitions
    if not policy.enabled:
        return []
    bad: list[str] = []
    for p in r.types:
        today = sum(r.today[m, p] for m in r.munis)
        if today <= 0:
            continue
        for t in r.years:
            prev = r.prev(t)
            closed = sum(r.closed(m, p, t) for m in r.munis)
            if policy.no_close_before_open:
                opened_before = sum(r.new[m, p, prev] for m in r.munis) if prev is not None else 0
                fall = max(0, today - r.scenario.demand[p][t])
                if closed > opened_before + fall:
                    bad.append(f"{p} {t}: {closed} places closed, but only {opened_before} opened before "
                               f"and demand fell by {fall}")
            if p in policy.max_shift_per_year:
                before = sum(r.closed(m, p, prev) for m in r.munis) if prev is not None else 0
                most = policy.max_shift_per_year[p]
                if closed - before > most:
                    bad.append(f"{p} {t}: {closed - before} places close in one year, at most {most} may")
            if p in policy.keep_current:
                for m in r.munis:
                    if r.closed(m, p, t) > 0:
                        bad.append(f"{p} in {r.name(m)}, {t}: {r.closed(m, p, t)} of today's places cut")
    last = r.years[-1]
    for rule in policy.precedence:
        then = rule.then
        if then not in r.types:
            continue
        target = sum(r.scenario.demand[f][last] for f in rule.first)
        names = " + ".join(rule.first)
        for t in r.years:
            closed = sum(r.closed(m, then, t) for m in r.munis)
            if closed <= 0:
                continue
            prev = r.prev(t)
            if prev is None:
                held, when = sum(r.today[m, f] for m in r.munis for f in rule.first if f in r.types), "today"
            else:
                held, when = sum(r.places[m, f, prev] for m in r.munis for f in rule.first), f"in {prev}"
            if held < target:
                bad.append(f"{then} {t}: {closed} places closed while {names} held {held} {when}, "
                           f"below their target {target}")
    return bad
