"""What the checks read: a result's allocation rows summed per municipality and per area, next to the
figures every rule needs from the region and the scenario (today's places, hosts, years).

Nothing here comes from the optimisation model: the sums are made from ``Result.allocation`` alone, and
the scenario's derived sets are worked out again from the region and the scenario.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models import Region, Result, Scenario

#: (municipality or area, type, year)
Key = tuple[str, str, int]


@dataclass
class Reading:
    region: Region
    scenario: Scenario
    result: Result
    years: list[int]
    #: the scenario's types, in the region's order
    types: list[str]
    munis: list[str]
    #: wijk -> its municipality
    wijk_muni: dict[str, str]
    #: municipality -> its wijken
    wijken: dict[str, list[str]]
    #: (municipality, type) -> places today
    today: dict[tuple[str, str], int]
    #: type -> municipalities that may host new places of it
    hosts: dict[str, list[str]]
    #: display names of municipalities and wijken by code
    names: dict[str, str]
    #: types whose new places are a task of the municipality as a whole, not located in a wijk
    municipal_types: set[str] = field(default_factory=set)
    #: confidential types a redacted copy of a result shows per municipality only (``Result.redacted``):
    #: their new places are read per municipality, and what needs their wijken is not checked (``UNCHECKED``)
    redacted: set[str] = field(default_factory=set)
    #: building name -> its types among the scenario's
    buildings: dict[str, list[str]] = field(default_factory=dict)
    #: (municipality, type, year) -> all places held
    places: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    #: (municipality, type, year) -> cumulative new places
    new: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    #: (municipality, type, year) -> today's places still held
    kept: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    #: (area, type, year) -> cumulative new places in the area (a wijk, or a municipality without wijk)
    new_in: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    #: (area, type, year) -> sites reported in the area
    sites_in: dict[Key, int] = field(default_factory=lambda: defaultdict(int))

    def prev(self, t: int) -> int | None:
        i = self.years.index(t)
        return self.years[i - 1] if i > 0 else None

    def closed(self, m: str, p: str, t: int) -> int:
        """Today's places of type p in municipality m closed up to year t."""
        return self.today[m, p] - self.kept[m, p, t]

    def areas(self, m: str, p: str | None = None) -> list[str]:
        """Where new places of municipality m (of type p) go: its wijken, or the municipality itself without
        wijk data, for a type placed at municipality level, or for a type a redacted copy shows per municipality."""
        if p is not None and (p in self.municipal_types or p in self.redacted):
            return [m]
        return self.wijken.get(m) or [m]

    def building_areas(self, b: str) -> list[str]:
        """The areas holding new places of building b's types in any year, sorted (one, unless it breaks
        the rule)."""
        types = self.buildings[b]
        return sorted({a for (a, p, _t), n in self.new_in.items() if p in types and n > 0})

    def stands(self, b: str) -> str | None:
        """Where building b stands: the one area of its new places, else the pack's wijk, else None (not
        known, or its new places spread over several areas)."""
        areas = self.building_areas(b)
        return areas[0] if len(areas) == 1 else None if areas else self.region.building(b).wijk

    def growth(self, b: str, t: int) -> float:
        """What building b adds to its wijk's draagkracht load in year t (``Region.building_growth``)."""
        types = self.buildings[b]
        return self.region.building_growth(b, self.types, {p: sum(self.places[m, p, t] for m in self.munis)
                                                           for p in types})

    def added_load(self, w: str, t: int) -> float:
        """The draagkracht load the allocation adds to wijk w in year t: the weighted new places of types
        outside buildings, and the growth of each building standing there. A building whose new places
        spread over several areas (a breach the ``buildings`` check names) adds its new places where they are."""
        housed = {p for types in self.buildings.values() for p in types}
        load = self.region.weighted_load({p: self.new_in[w, p, t] for p in self.types if p not in housed})
        for b, types in self.buildings.items():
            if self.stands(b) == w:
                load += self.growth(b, t)
            elif len(self.building_areas(b)) > 1:
                load += self.region.weighted_load({p: self.new_in[w, p, t] for p in types})
        return load

    def objective_differs(self, term: str, actual: float) -> str | None:
        """Why the reported objective term disagrees with the value counted from the allocation, or None.

        Each stage fixes its term at the stage's optimum before the next, so in an optimal result every
        reported term is exactly what the allocation gives; after a time limit, or with a relative gap
        allowed, a later stage may still have lowered an earlier term, so the count may only be lower.
        A term not reported is not checked.
        """
        reported = self.result.objective.get(term)
        if reported is None:
            return None
        exact = self.result.status == "optimal" and self.scenario.solver.gap == 0
        if round(actual) == round(reported) or (not exact and actual < reported):
            return None
        return f"objective {term} is {reported:,.0f}, but the allocation gives {actual:,.0f}"

    def name(self, code: str) -> str:
        """A municipality or wijk as ``name (code)`` for messages."""
        shown = self.names.get(code)
        return f"{shown} ({code})" if shown and shown != code else code


def read(region: Region, scenario: Scenario, result: Result) -> Reading:
    types = [t.code for t in region.provision_types if t.code in scenario.demand]
    munis = [m.code for m in region.municipalities]
    today = {(m, p): n for p in types for m, n in region.current_places(p).items()}
    hosts = {p: scenario.hosts(region, p) for p in types}
    reading = Reading(
        region=region,
        scenario=scenario,
        result=result,
        years=list(scenario.years),
        types=types,
        munis=munis,
        wijk_muni=region.wijk_municipality(),
        wijken={m: [w.code for w in region.wijken_of(m)] for m in munis},
        today=today,
        hosts=hosts,
        names=region.names(),
        municipal_types={p for p in types if not region.provision_type(p).in_wijken},
        redacted=set(result.redacted),
        buildings=region.buildings(types),
    )
    for a in result.allocation:
        key = a.municipality, a.type, a.year
        reading.places[key] += a.places
        reading.new[key] += a.new_places
        reading.kept[key] += a.places - a.new_places
        area = a.wijk or a.municipality
        reading.new_in[area, a.type, a.year] += a.new_places
        reading.sites_in[area, a.type, a.year] += a.sites
    return reading
