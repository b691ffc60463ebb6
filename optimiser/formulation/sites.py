"""Sites: new places of a clustered type come in whole sites of ``site_min``..``site_max`` places.

Types with the same ``site_group`` share sites (a BW location of 20-24 places holds BW and BW plus).
At most ``max_sites_per_wijk`` sites of a group per wijk (or municipality without wijk data).
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.sites
    groups: dict[str, list[str]] = {}
    for p in d.types:
        ptype = d.region.provision_type(p)
        if ptype.clustered:
            groups.setdefault(ptype.sites_of, []).append(p)
    for group, types in groups.items():
        first = d.region.provision_type(types[0])
        lo, hi = first.site_min or 1, first.site_max or 1
        label = " + ".join(d.type_label(p) for p in types)
        hosts = [m for m in d.munis if any(m in d.allowed[p] for p in types)]
        weight = min(d.region.provision_type(p).draagkracht_weight for p in types)
        for m in hosts:
            areas = model.wijk_areas(m)
            if d.draagkracht and d.wijken[m]:
                # a site fits only where the wijk can carry its smallest size
                fits = [a for a in areas
                        if d.draagkracht[a].capacity - d.existing_load.get(a, 0.0) >= weight * lo - 1e-9]
                for a in set(areas) - set(fits):
                    for p in types:
                        for t in d.years:
                            if (a, p, t) in model.y:
                                model.y[a, p, t].upBound = 0
                areas = fits
            for t in d.years:
                # municipal site count: the same rule one level up, which the solver can branch on first
                total = model.prob.add_variable(name("municipal_sites", m, group, t), lowBound=0,
                                                upBound=policy.max_sites_per_wijk * max(1, len(areas)), cat="Integer")
                municipal = pulp.lpSum(model.new[m, p, t] for p in types if m in d.allowed[p])
                model.hard(municipal >= lo * total, "municipal_site_min", m, group, t)
                model.hard(municipal <= hi * total, "municipal_site_max", m, group, t)
                counts = []
                for a in areas:
                    n = model.prob.add_variable(name("sites", a, group, t), lowBound=0,
                                                upBound=policy.max_sites_per_wijk * 100, cat="Integer")
                    model.sites[a, group, t] = n
                    counts.append(n)
                    places = pulp.lpSum(model.y[a, p, t] for p in types if (a, p, t) in model.y)
                    model.hard(places >= lo * n, "site_min", a, group, t)
                    model.hard(places <= hi * n, "site_max", a, group, t)
                    model.soft("sites", (group,), f"at most {policy.max_sites_per_wijk} {label} site(s) per wijk",
                               "sites", n, "<=", policy.max_sites_per_wijk, at=(a, t))
                    prev = d.prev(t)
                    if prev is not None:
                        model.hard(n >= model.sites[a, group, prev], "sites_grow", a, group, t)
                model.hard(total == pulp.lpSum(counts), "municipal_sites", m, group, t)
