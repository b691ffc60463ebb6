"""Everything the formulation needs, derived once from a region and a scenario before the model is built.

This includes the geography the spreading rules use (adjacency, distances, candidate-site matches), worked
out from the region's own boundaries: the formulation modules read only these inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from models import Region, Scenario
from models.money import grant_for_year
from models.region import wijk_municipality_code
from optimiser import geography
from optimiser.fair_share_table import fair_share_targets, host_shares
from optimiser.wijk_capacity import WijkCapacity, capacities


@dataclass
class ModelData:
    region: Region
    scenario: Scenario
    years: list[int]
    types: list[str]
    munis: list[str]
    wijken: dict[str, list[str]]  # municipality -> wijk codes where new places can go
    demand: dict[tuple[str, int], int]
    existing: dict[tuple[str, str], int]  # (municipality, type) -> places today
    allowed: dict[str, list[str]]  # type -> municipalities that may open new places in at least one year
    #: (type, year) -> municipality -> share of the key in force that year, over the type's hosts; empty when fair
    #: share is off
    shares: dict[tuple[str, int], dict[str, float]]
    draagkracht: dict[str, WijkCapacity] = field(default_factory=dict)
    existing_load: dict[str, float] = field(default_factory=dict)  # wijk -> weighted places today
    grants: dict[int, float] = field(default_factory=dict)  # year -> money for the scenario's domains
    pay_shares: dict[tuple[str, int], float] = field(default_factory=dict)  # (municipality, year) -> share
    names: dict[str, str] = field(default_factory=dict)
    #: wijk -> neighbouring wijken (for ``spreading.mode: neighbour_cap``)
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    #: wijk pairs closer than ``spreading.min_distance_m`` (for ``spreading.mode: min_distance``)
    close_pairs: list[tuple[str, str, float]] = field(default_factory=list)
    #: type -> wijk -> most new places at the scenario's candidate sites there (None: no maximum)
    candidate_room: dict[str, dict[str, int | None]] = field(default_factory=dict)
    #: (municipality, type, year) -> the host's cell in the fair-share table (as ``regio apportion``); empty when
    #: fair share is off
    targets: dict[tuple[str, str, int], int] = field(default_factory=dict)
    #: (type, year) -> municipalities that may open new places of the type that year (hosting "from year Y")
    opens: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    #: building name -> its types in the scenario (``ProvisionType.building``)
    buildings: dict[str, list[str]] = field(default_factory=dict)
    #: building name -> the areas it may stand in: its wijk from the pack; else the wijken of the municipality
    #: holding its places today; else those of every municipality that may host one of its types
    building_areas: dict[str, list[str]] = field(default_factory=dict)
    #: (area, site group) -> how many wijken the area stands for in the site rules (1 where absent); set by
    #: ``coarsen``, whose areas are whole municipalities
    site_slots: dict[tuple[str, str], int] = field(default_factory=dict)

    def site_groups(self) -> dict[str, list[str]]:
        """Site group -> its clustered types, in the region's order (types of one group share sites)."""
        groups: dict[str, list[str]] = {}
        for p in self.types:
            ptype = self.region.provision_type(p)
            if ptype.clustered:
                groups.setdefault(ptype.sites_of, []).append(p)
        return groups

    def carries_site(self, wijk: str, types: list[str]) -> bool:
        """Whether the wijk's draagkracht, beside its load today, carries the smallest site of these types."""
        smallest = self.region.provision_type(types[0]).site_min or 1
        weight = min(self.region.provision_type(p).draagkracht_weight for p in types)
        return self.draagkracht[wijk].capacity - self.existing_load.get(wijk, 0.0) >= weight * smallest - 1e-9

    def may_open(self, m: str, p: str, t: int) -> bool:
        return m in self.opens.get((p, t), self.allowed[p])

    def quota(self, m: str, p: str, t: int) -> float:
        return self.shares.get((p, t), {}).get(m, 0.0) * self.demand[p, t]

    def prev(self, t: int) -> int | None:
        i = self.years.index(t)
        return self.years[i - 1] if i > 0 else None

    def label(self, code: str) -> str:
        return self.names.get(code, code)

    def wijk_label(self, wijk: str) -> str:
        muni = wijk_municipality_code(wijk)
        return f"{self.label(wijk)} ({self.label(muni)})"

    def type_label(self, p: str) -> str:
        return self.region.provision_type(p).label


def prepare(region: Region, scenario: Scenario) -> ModelData:
    scenario.check_against(region)
    types = [t.code for t in region.provision_types if t.code in scenario.demand]
    munis = [m.code for m in region.municipalities]
    names = region.names()

    wijken: dict[str, list[str]] = {m: [w.code for w in region.wijken_of(m)] for m in munis}

    existing = {(m, p): n for p in types for m, n in region.current_places(p).items()}
    existing_load = region.existing_load(types)

    allowed: dict[str, list[str]] = {}
    shares: dict[tuple[str, int], dict[str, float]] = {}
    opens: dict[tuple[str, int], list[str]] = {}
    for p in types:
        allowed[p] = scenario.hosts(region, p)
        for t in scenario.years:
            opens[p, t] = scenario.hosts(region, p, t)
        if scenario.fair_share.enabled:
            if not allowed[p]:
                raise ValueError(f"hosting.{p}: no municipality may open new places of type {p} in any year, "
                                 "so it has no fair share to steer toward")
            for t in scenario.years:
                shares[p, t] = host_shares(region, scenario, p, t)

    draagkracht = capacities(region, scenario.draagkracht) if scenario.draagkracht.enabled else {}

    domains = {region.provision_type(p).domain for p in types}
    by_domain: dict[str, dict[int, float]] = {}
    for g in region.grants:
        if g.domain in domains:
            by_domain.setdefault(g.domain, {})
            by_domain[g.domain][g.year] = by_domain[g.domain].get(g.year, 0.0) + g.amount
    grants = {t: sum(grant_for_year(a, t) for a in by_domain.values()) for t in scenario.years}

    pay_shares: dict[tuple[str, int], float] = {}
    budget = scenario.budget
    if budget.payment_key is not None:
        target = region.keys[budget.payment_key].shares
        start_key = region.keys[budget.historical_key].shares if budget.historical_key else target
        start = budget.ingroeipad_start if budget.ingroeipad_start is not None else scenario.years[0]
        for t in scenario.years:
            step = min(1.0, max(0.0, (t - start + 1) / budget.ingroeipad_years))
            for m in munis:
                pay_shares[m, t] = (1 - step) * start_key[m] + step * target[m]

    spreading = scenario.spreading
    neighbours = geography.adjacency(region) if spreading.mode == "neighbour_cap" else {}
    close_pairs = geography.distance_pairs(region, spreading.min_distance_m) if spreading.mode == "min_distance" else []
    candidate_room = geography.candidate_room(region, scenario.candidate_sites)
    targets = fair_share_targets(region, scenario) if scenario.fair_share.enabled else {}

    buildings = region.buildings(types)
    building_areas: dict[str, list[str]] = {}
    for b, ours in buildings.items():
        given = region.building(b).wijk
        held = [m for m in munis if any(existing[m, p] for p in ours)]
        around = held or [m for m in munis if any(m in allowed[p] for p in ours)]
        building_areas[b] = [given] if given else [a for m in around for a in wijken[m] or [m]]

    demand = {(p, t): scenario.demand[p][t] for p in types for t in scenario.years}
    return ModelData(
        region=region,
        scenario=scenario,
        years=list(scenario.years),
        types=types,
        munis=munis,
        wijken=wijken,
        demand=demand,
        existing=existing,
        allowed=allowed,
        shares=shares,
        draagkracht=draagkracht,
        existing_load=existing_load,
        grants=grants,
        pay_shares=pay_shares,
        names=names,
        neighbours=neighbours,
        close_pairs=close_pairs,
        candidate_room=candidate_room,
        targets=targets,
        opens=opens,
        buildings=buildings,
        building_areas=building_areas,
    )


def coarsen(data: ModelData) -> ModelData:
    """The same inputs with each municipality's wijken taken together as one area: a relaxation of the model.

    Every rule about a wijk becomes the sum of its wijken's rules, which every allocation over the wijken
    meets: the municipality carries the sum of its wijken's draagkracht and their load today; it holds at most
    ``max_sites_per_wijk`` sites of a group per wijk that can carry one (``site_slots``), each still of the
    group's smallest to largest size; a building stands in the municipality of one of its wijken; candidate
    sites give the municipality the room of its wijken together. Rules between wijken (neighbour cap, minimum
    distance) are left out. So each objective term's optimum over these inputs is at most its optimum over the
    wijken (``optimiser.solving`` uses it as a bound), and an allocation per municipality found here is one
    the wijken may or may not be able to hold.
    """
    region_of = {w: m for m, ws in data.wijken.items() for w in ws}
    slots = {(m, group): sum(1 for w in ws if not data.draagkracht or data.carries_site(w, types))
             for group, types in data.site_groups().items() for m, ws in data.wijken.items() if ws}
    draagkracht: dict[str, WijkCapacity] = {}
    for cap in data.draagkracht.values():
        m = cap.municipality
        held = draagkracht[m].capacity if m in draagkracht else 0.0
        draagkracht[m] = WijkCapacity(wijk=m, municipality=m, inhabitants=None, inputs={}, index=0.0,
                                      capacity=held + cap.capacity,
                                      overridden=cap.overridden or (m in draagkracht and draagkracht[m].overridden))
    load: dict[str, float] = {}
    for w, v in data.existing_load.items():
        load[region_of.get(w, w)] = load.get(region_of.get(w, w), 0.0) + v
    room: dict[str, dict[str, int | None]] = {}
    for p, per_wijk in data.candidate_room.items():
        together: dict[str, int | None] = {}
        for a, most in per_wijk.items():
            m = region_of.get(a, a)
            so_far = together.get(m, 0)
            together[m] = None if most is None or so_far is None else so_far + most
        room[p] = together
    areas = {b: sorted({region_of.get(a, a) for a in where}) for b, where in data.building_areas.items()}
    return replace(data, wijken={m: [] for m in data.wijken}, draagkracht=draagkracht, existing_load=load,
                   neighbours={}, close_pairs=[], candidate_room=room, building_areas=areas, site_slots=slots)
