"""An independent check of a result against its region and scenario.

It reads only the allocation rows and the input data, never the model's variables or rows, and returns
a list of violations in words (empty when the result respects every rule).
"""

from __future__ import annotations

from collections import defaultdict

from models import Region, Result, Scenario
from optimiser.formulation.inputs import grant_for_year
from optimiser.wijk_capacity import capacities


def verify(region: Region, scenario: Scenario, result: Result) -> list[str]:
    bad: list[str] = []
    years = scenario.years
    types = list(scenario.demand)
    munis = [m.code for m in region.municipalities]
    wijk_muni = {w.code: w.municipality for w in region.wijken}
    today = {(m, p): 0 for m in munis for p in types}
    for c in region.capacity:
        if c.type in scenario.demand:
            today[c.municipality, c.type] += c.places

    places: dict[tuple[str, str, int], int] = defaultdict(int)
    new: dict[tuple[str, str, int], int] = defaultdict(int)
    new_in: dict[tuple[str, str, int], int] = defaultdict(int)  # (area, type, year)
    sites_in: dict[tuple[str, str, int], int] = defaultdict(int)
    for a in result.allocation:
        if a.places < 0 or a.new_places < 0 or a.sites < 0:
            bad.append(f"negative figure in {a}")
        if a.wijk is not None and wijk_muni.get(a.wijk) != a.municipality:
            bad.append(f"wijk {a.wijk} is not in {a.municipality}")
        places[a.municipality, a.type, a.year] += a.places
        new[a.municipality, a.type, a.year] += a.new_places
        area = a.wijk or a.municipality
        new_in[area, a.type, a.year] += a.new_places
        sites_in[area, a.type, a.year] += a.sites

    for p in types:
        ptype = region.provision_type(p)
        hosts = scenario.hosting.get(p) or ptype.allowed_municipalities or munis
        for t in years:
            total = sum(places[m, p, t] for m in munis)
            unmet = result.unmet[p][t]
            if total + unmet < scenario.demand[p][t]:
                bad.append(f"{p} {t}: places {total} + unmet {unmet} < demand {scenario.demand[p][t]}")
            for m in munis:
                closed = today[m, p] - (places[m, p, t] - new[m, p, t])
                if closed < 0:
                    bad.append(f"{p} {m} {t}: more existing places than today")
                if new[m, p, t] and m not in hosts:
                    bad.append(f"{p} {t}: new places in {m}, which may not host it")
                cap = scenario.caps.get(m, {}).get(p)
                if cap is not None and places[m, p, t] > cap:
                    bad.append(f"{p} {m} {t}: {places[m, p, t]} places above cap {cap}")
                if p in scenario.transitions.keep_current and scenario.transitions.enabled and closed > 0:
                    bad.append(f"{p} {m} {t}: {closed} places cut")
            i = years.index(t)
            if i:
                for m in munis:
                    if new[m, p, t] < new[m, p, years[i - 1]]:
                        bad.append(f"{p} {m} {t}: new places decreased")
            if scenario.transitions.enabled and scenario.transitions.no_close_before_open:
                base = sum(today[m, p] for m in munis)
                if base:
                    closed_t = sum(today[m, p] - (places[m, p, t] - new[m, p, t]) for m in munis)
                    opened_before = sum(new[m, p, years[i - 1]] for m in munis) if i else 0
                    if closed_t > opened_before + max(0, base - scenario.demand[p][t]):
                        bad.append(f"{p} {t}: {closed_t} places closed before replacements opened")
    if scenario.sites.enabled:
        group_of = {p: region.provision_type(p).sites_of for p in types if region.provision_type(p).clustered}
        grouped: dict[tuple[str, str, int], int] = defaultdict(int)
        grouped_sites: dict[tuple[str, str, int], int] = defaultdict(int)
        for (area, p, t), n_new in new_in.items():
            if p in group_of:
                grouped[area, group_of[p], t] += n_new
                grouped_sites[area, group_of[p], t] += sites_in[area, p, t]
        for (area, g, t), n_new in grouped.items():
            pt = next(region.provision_type(p) for p, q in group_of.items() if q == g)
            n = grouped_sites[area, g, t]
            if not (pt.site_min * n <= n_new <= pt.site_max * n):
                bad.append(f"{g} {area} {t}: {n_new} new places do not fit {n} sites of {pt.site_min}-{pt.site_max}")
            if n > scenario.sites.max_sites_per_wijk:
                bad.append(f"{g} {area} {t}: {n} sites above the maximum")

    if scenario.draagkracht.enabled and region.wijken:
        caps = capacities(region, scenario.draagkracht)
        for t in years:
            for w, cap in caps.items():
                load = region.weighted_load({p: new_in[w, p, t] for p in types})
                load += region.existing_load(scenario.demand).get(w, 0.0)
                if load > cap.capacity + 1e-6:
                    bad.append(f"draagkracht {w} {t}: load {load} above capacity {cap.capacity}")

    if scenario.budget.enabled:
        domains = {region.provision_type(p).domain for p in types}
        by_domain: dict[str, dict[int, float]] = defaultdict(dict)
        for g in region.grants:
            if g.domain in domains:
                by_domain[g.domain][g.year] = by_domain[g.domain].get(g.year, 0.0) + g.amount
        for i, t in enumerate(years):
            held = {(m, p): places[m, p, t] for p in types for m in munis}
            opened = {(m, p): new[m, p, t] - (new[m, p, years[i - 1]] if i else 0) for p in types for m in munis}
            cost = region.cost_of_year(held, opened)
            grants = sum(grant_for_year(a, t) for a in by_domain.values())
            available = grants + scenario.budget.extra.get(t, 0.0) - scenario.budget.fixed_costs.get(t, 0.0)
            if cost > round(available) + 1e-6:
                bad.append(f"budget {t}: cost {cost:,.0f} above available {available:,.0f}")

    if scenario.fair_share.enabled and scenario.fair_share.tolerance is not None:
        tol = scenario.fair_share.tolerance
        for r in result.fair_share:
            if abs(r.places - r.quota) > tol + 1e-9:
                bad.append(f"fair share {r.municipality} {r.type} {r.year}: gap {r.gap} beyond ±{tol}")
    return bad
