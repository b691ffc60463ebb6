"""Sites: new places of a clustered type come in whole sites of ``site_min``..``site_max`` places.

Types with the same ``site_group`` share sites (a BW location of 20-24 places holds BW and BW plus).
At most ``max_sites_per_wijk`` sites of a group per wijk (or municipality without wijk data).

The smallest and largest site size are groups ``site_min(group)`` and ``site_max(group)``, a row per area
and year (and the same rule per municipality, which the solver branches on first). A wijk whose draagkracht
cannot carry the smallest site gets no site: its new places are held at 0 by ``site_min`` and by its
``draagkracht`` group, so relaxing either lets them in (its sites still counted and sized by the other rules).
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name
from optimiser.formulation.draagkracht import description as draagkracht_description
from optimiser.formulation.draagkracht import draagkracht_params


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.sites
    for group, types in d.site_groups().items():
        first = d.region.provision_type(types[0])
        lo, hi = first.site_min or 1, first.site_max or 1
        label = " + ".join(d.type_label(p) for p in types)
        hosts = [m for m in d.munis if any(m in d.allowed[p] for p in types)]
        top_places = sum(max(d.demand[p, t] for t in d.years) for p in types)
        smallest = f"{label} sites of at least {lo} places"
        largest = f"{label} sites of at most {hi} places"
        for m in hosts:
            areas = model.wijk_areas(m)
            if d.draagkracht and d.wijken[m]:
                # a site fits only where the wijk can carry its smallest size
                fits = [a for a in areas if d.carries_site(a, types)]
                for a in sorted(set(areas) - set(fits)):
                    for p in types:
                        for t in d.years:
                            if (a, p, t) in model.y:
                                var = model.y[a, p, t]
                                top = var.upBound
                                model.bound("site_min", (group,), smallest, "places", var, top,
                                            ptype=group, params={"label": label, "size": lo})
                                model.bound("draagkracht", (a,), draagkracht_description(d, a), "weighted places",
                                            var, top, municipality=m, kind="draagkracht_override"
                                            if d.draagkracht[a].overridden else "draagkracht",
                                            params=draagkracht_params(d, a))
            slots = {a: d.site_slots.get((a, group), 1) for a in areas}
            for t in d.years:
                # municipal site count: the same rule one level up, which the solver can branch on first; its
                # bound is the per-wijk counts' (the sites-per-wijk rule itself is a row, so it can be relaxed)
                total = model.prob.add_variable(name("municipal_sites", m, group, t), lowBound=0,
                                                upBound=policy.max_sites_per_wijk * 100 * max(1, sum(slots.values())),
                                                cat="Integer")
                municipal = pulp.lpSum(model.new[m, p, t] for p in types if m in d.allowed[p])
                model.soft("site_min", (group,), smallest, "places", municipal - lo * total, ">=", 0,
                           at=("total", m, t),
                           ptype=group, params={"label": label, "size": lo})
                model.soft("site_max", (group,), largest, "places", municipal - hi * total, "<=", 0,
                           at=("total", m, t), ptype=group,
                           params={"label": label, "size": hi})
                # relaxed, sites grow beyond their largest size; they do not vanish (rows added only then)
                model.groups[name("site_max", group)].links.append(
                    (name("site_max_grows", "total", m, group, t),
                     model.groups[name("site_max", group)].slacks[-1] <= top_places * total))
                counts = []
                for a in areas:
                    most = policy.max_sites_per_wijk * slots[a]
                    n = model.prob.add_variable(name("sites", a, group, t), lowBound=0,
                                                upBound=most * 100, cat="Integer")
                    model.sites[a, group, t] = n
                    counts.append(n)
                    places = pulp.lpSum(model.y[a, p, t] for p in types if (a, p, t) in model.y)
                    model.soft("site_min", (group,), smallest, "places", places - lo * n, ">=", 0, at=(a, t),
                               ptype=group, params={"label": label, "size": lo})
                    model.soft("site_max", (group,), largest, "places", places - hi * n, "<=", 0, at=(a, t),
                               ptype=group, params={"label": label, "size": hi})
                    model.groups[name("site_max", group)].links.append(
                        (name("site_max_grows", a, group, t), model.groups[name("site_max", group)].slacks[-1]
                         <= top_places * n))
                    model.soft("sites", (group,), f"at most {policy.max_sites_per_wijk} {label} site(s) per wijk",
                               "sites", n, "<=", most, at=(a, t), ptype=group,
                               params={"label": label, "limit": policy.max_sites_per_wijk})
                    prev = d.prev(t)
                    if prev is not None:
                        model.hard(n >= model.sites[a, group, prev], "sites_grow", a, group, t)
                model.hard(total == pulp.lpSum(counts), "municipal_sites", m, group, t)
