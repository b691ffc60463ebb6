"""The region: municipalities, wijken, provision types, current capacity, keys and money.

Pure data with validation. Codes follow CBS: municipalities ``GMgggg``, wijken ``WKggggww``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from shapely.geometry.base import BaseGeometry

from models.i18n import t_
from models.limits import MAX_AREA_HA, MAX_DRAAGKRACHT_WEIGHT, MAX_EUROS, MAX_INHABITANTS, MAX_PLACES

GM_PATTERN = r"^GM\d{4}$"
WK_PATTERN = r"^WK\d{6}$"
TYPE_PATTERN = r"^[a-z][a-z0-9_]*$"

#: The CBS indicators a region pack keeps per municipality and wijk.
INDICATORS: tuple[str, ...] = (
    "a_inw",  # inhabitants
    "a_hh",  # private households
    "a_1p_hh",  # one-person households
    "p_wcorpw",  # % rented dwellings owned by housing corporations
    "p_hh_li",  # % households with low income (national bottom 40 %)
    "a_woning",  # dwelling stock
    "a_opp_ha",  # area in hectares
)

SHARE_TOLERANCE = 1e-4  # shares must sum to 1 within 0.01 %
NORMALISE_ABOVE = 1e-9  # a key whose shares sum further from 1 than this is normalised (and says so)
#: the credit line CBS asks for wherever its figures or boundaries are shown or written
CBS_CREDIT = "Bron: CBS (CC BY 4.0)"


class Strict(BaseModel):
    """Base for all domain models: unknown fields are an error, not silently dropped, and every number must be
    finite (``inf`` and ``nan`` are refused with the field named; ceilings in ``models.limits``)."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True, allow_inf_nan=False)


class Indicators(Strict):
    """CBS figures for one area. ``None`` means CBS gave no value (secret or not published)."""

    a_inw: float | None = Field(None, ge=0, le=MAX_INHABITANTS, description="inhabitants")
    a_hh: float | None = Field(None, ge=0, le=MAX_INHABITANTS, description="private households")
    a_1p_hh: float | None = Field(None, ge=0, le=MAX_INHABITANTS, description="one-person households")
    p_wcorpw: float | None = Field(None, ge=0, le=100, description="% dwellings owned by corporations")
    p_hh_li: float | None = Field(None, ge=0, le=100, description="% low-income households")
    a_woning: float | None = Field(None, ge=0, le=MAX_INHABITANTS, description="dwelling stock")
    a_opp_ha: float | None = Field(None, ge=0, le=MAX_AREA_HA, description="area (ha)")
    own: dict[str, float | None] = Field(
        default_factory=dict, description="the region's own indicators (declared in the region's `indicators`)")

    @field_validator("*")
    @classmethod
    def _finite(cls, v: object) -> object:
        values = v.values() if isinstance(v, dict) else [v]
        if any(isinstance(x, float) and not math.isfinite(x) for x in values):
            raise ValueError(t_("must be a finite number"))
        return v


class OwnIndicator(Strict):
    """An indicator the region adds to the CBS ones (a Leefbaarometer score, a municipal nuisance index): a column
    of the same name in ``wijken.csv`` and ``municipalities.csv``, usable in draagkracht weights and in keys."""

    label: str = Field(min_length=1)
    source: str = Field(min_length=1, description="where the figures come from (document, monitor, year)")
    unit: str | None = None


class Municipality(Strict):
    code: str = Field(pattern=GM_PATTERN, description="CBS municipality code GMgggg")
    name: str = Field(min_length=1)
    role: Literal["centrumgemeente", "regiogemeente"] = "regiogemeente"
    indicators: Indicators = Field(default_factory=Indicators)


class Wijk(Strict):
    code: str = Field(pattern=WK_PATTERN, description="CBS wijk code WKggggww")
    name: str = Field(min_length=1)
    municipality: str = Field(pattern=GM_PATTERN)
    indicators: Indicators = Field(default_factory=Indicators)
    centroid_lon: float | None = Field(None, ge=-180, le=180)
    centroid_lat: float | None = Field(None, ge=-90, le=90)

    @model_validator(mode="after")
    def _code_matches_municipality(self) -> Wijk:
        if wijk_municipality_code(self.code) != self.municipality:
            raise ValueError(t_(
                "wijk {code} does not lie in municipality {municipality}",
                code=self.code, municipality=self.municipality))
        return self


class Building(Strict):
    """A named building that holds every place of the types naming it, today's and new: they all stand in one
    wijk of one municipality. Places of one of its types may give way to places of another in it (rooms
    rebuilt for another use): a conversion in the building, not a closure plus a new place elsewhere."""

    name: str = Field(min_length=1)
    wijk: str | None = Field(
        None, pattern=WK_PATTERN, description="the wijk it stands in; None: not known, the model chooses one"
    )
    source: str | None = None


class ProvisionType(Strict):
    """A kind of place or dwelling the region must provide."""

    code: str = Field(pattern=TYPE_PATTERN)
    label: str
    domain: Literal["bw", "mo", "vo", "wonen"] = Field(
        description="which grant pays for it: BW integratie-uitkering, DU MO, DU VO, or housing"
    )
    unit: Literal["places", "dwellings", "houses"] = "places"
    site_min: int | None = Field(None, ge=1, le=MAX_PLACES, description="smallest site (clustered types)")
    site_max: int | None = Field(None, ge=1, le=MAX_PLACES, description="largest site (clustered types)")
    site_group: str | None = Field(
        None, description="types with the same site group share sites (e.g. BW and BW plus); default: own code"
    )
    scope: Literal["local", "regional"] = "regional"
    allowed_municipalities: list[str] | None = Field(
        None, description="municipalities that may host this type; None means all"
    )
    cost_per_place_year: float = Field(0.0, ge=0, le=MAX_EUROS, description="operating cost per place per year (EUR)")
    capex_per_unit: float = Field(0.0, ge=0, le=MAX_EUROS, description="one-off capital cost per new unit (EUR)")
    cofinancing_per_unit: float = Field(
        0.0, ge=0, le=MAX_EUROS,
        description="one-off co-financing per new unit (EUR); it covers the unit's capital cost, at most all of it")
    draagkracht_weight: float = Field(1.0, ge=0, le=MAX_DRAAGKRACHT_WEIGHT, description="load of one place on its wijk")
    placement: Literal["wijk", "municipality"] = Field(
        "wijk", description="where new places are located: in wijken, or as a task of the municipality as a whole "
        "(dispersed types only; no wijk, so no draagkracht load)"
    )
    confidential: bool = Field(
        False, description="its addresses are confidential: results show it per municipality, never per wijk, "
        "unless confidential detail is asked for explicitly; default true for domain vo (vrouwenopvang), false "
        "otherwise"
    )
    building: Building | None = Field(
        None, description="the building that holds all its places (types naming the same building share it)"
    )
    source: str | None = None

    @property
    def clustered(self) -> bool:
        return self.site_min is not None

    @property
    def in_wijken(self) -> bool:
        """New places get a wijk (where the region has wijk data)."""
        return self.placement == "wijk"

    @property
    def cost_per_year(self) -> int:
        """What one place costs in a year, in whole euros (the model's and every report's figure)."""
        return round(self.cost_per_place_year)

    @property
    def capital_per_opening(self) -> int:
        """The capital cost of one new unit, in whole euros."""
        return round(self.capex_per_unit)

    @property
    def cofinancing_per_opening(self) -> int:
        """The co-financing used against one new unit's capital cost, in whole euros: at most that cost.
        Co-financing lowers a capital cost and is never income, so it pays for nothing else."""
        return min(round(self.cofinancing_per_unit), self.capital_per_opening)

    @property
    def cost_per_opening(self) -> int:
        """What opening one new unit costs once, in whole euros: capital cost less the co-financing used
        against it, never below 0."""
        return self.capital_per_opening - self.cofinancing_per_opening

    @property
    def sites_of(self) -> str:
        return self.site_group or self.code

    @model_validator(mode="before")
    @classmethod
    def _vrouwenopvang_is_confidential(cls, data: object) -> object:
        """A vrouwenopvang type is confidential unless its pack says otherwise: a pack cannot forget it."""
        if isinstance(data, dict) and data.get("confidential") is None:
            data = {**data, "confidential": data.get("domain") == "vo"}
        return data

    @model_validator(mode="after")
    def _sites(self) -> ProvisionType:
        if self.placement == "municipality" and self.site_min is not None:
            raise ValueError(t_(
                "type {code}: a type with sites is placed in wijken, not at municipality level", code=self.code))
        if self.placement == "municipality" and self.building is not None:
            raise ValueError(t_(
                "type {code}: a type in a building is placed in a wijk, not at municipality level", code=self.code))
        if (self.site_min is None) != (self.site_max is None):
            raise ValueError(t_("type {code}: give both site_min and site_max, or neither", code=self.code))
        if self.site_min is not None and self.site_max is not None and self.site_min > self.site_max:
            raise ValueError(t_(
                "type {code}: site_min {site_min} exceeds site_max {site_max}",
                code=self.code, site_min=self.site_min, site_max=self.site_max))
        if self.allowed_municipalities is not None:
            for code in self.allowed_municipalities:
                if not _matches(code, GM_PATTERN):
                    raise ValueError(t_(
                        "type {code}: allowed municipality {code_} is not a GMgggg code",
                        code=self.code, code_=repr(code)))
        return self


class YearCost(NamedTuple):
    """The cost of one year's places, in whole euros (``Region.cost_of_year``)."""

    running: int  # places held, at their yearly cost
    capital: int  # units opened, at their capital cost
    cofinancing: int  # co-financing used against that capital cost (at most all of it)
    cofinancing_unused: int  # co-financing of the units opened beyond their capital cost: it pays for nothing

    @property
    def total(self) -> int:
        return self.running + self.capital - self.cofinancing


class Capacity(Strict):
    """Places of one type that exist today in a municipality (and wijk, where known)."""

    municipality: str = Field(pattern=GM_PATTERN)
    type: str = Field(pattern=TYPE_PATTERN)
    places: int = Field(ge=0, le=MAX_PLACES)
    wijk: str | None = Field(None, pattern=WK_PATTERN)
    source: str | None = None


class DistributionKey(Strict):
    """Shares per municipality (verdeelsleutel). Shares sum to 1 within 0.01 %.

    This is the one place where a key's shares are normalised: shares that sum to 1 within the
    tolerance but not exactly (a document's percentages rounded to two decimals, say 99.99 %) are
    divided by their sum when the key is read, and ``source_sum`` records the sum as given, so every
    report can say the key was normalised. A sum further from 1 than the tolerance stays an error.
    Differences from 1 below ``NORMALISE_ABOVE`` are floating-point noise and left as they are.
    """

    label: str
    shares: dict[str, float]
    proxy: bool = Field(False, description="computed from indicators because no official key exists")
    source: str | None = None
    source_sum: float | None = Field(
        None, description="the sum of the shares as given, when it was not 1 and they were normalised to sum to 1"
    )

    @field_validator("shares")
    @classmethod
    def _valid_shares(cls, shares: dict[str, float]) -> dict[str, float]:
        if not shares:
            raise ValueError(t_("a key needs at least one share"))
        for code, value in shares.items():
            if not _matches(code, GM_PATTERN):
                raise ValueError(t_("share for {code}: not a GMgggg municipality code", code=repr(code)))
            if not math.isfinite(value) or value < 0:
                raise ValueError(t_("share for {code}: {value} is not a non-negative number", code=code, value=value))
        total = sum(shares.values())
        if abs(total - 1.0) > SHARE_TOLERANCE + 1e-12:
            raise ValueError(
                t_(
                    "shares sum to {total}, not 1 (tolerance 0.01 %); normalise them or correct the key",
                    total=format(total, '.6f'))
            )
        return shares

    @model_validator(mode="after")
    def _normalised(self) -> DistributionKey:
        total = sum(self.shares.values())
        if abs(total - 1.0) > NORMALISE_ABOVE:
            # written to __dict__: an assignment would run this validator again
            self.__dict__["shares"] = {code: value / total for code, value in self.shares.items()}
            self.__dict__["source_sum"] = round(total, 12)
        return self

    @property
    def normalised(self) -> bool:
        """Whether the source's shares did not sum to 1 and were normalised."""
        return self.source_sum is not None


class Grant(Strict):
    """Money the region receives for a domain in a year (integratie-uitkering, DU MO/VO, other)."""

    label: str
    domain: Literal["bw", "mo", "vo", "wonen"]
    year: int = Field(ge=2000, le=2100)
    amount: float = Field(ge=0, le=MAX_EUROS)
    recipient: str = Field(pattern=GM_PATTERN)
    source: str | None = None


class Fact(Strict):
    """A figure from a seed document kept for reference, reports and tests."""

    key: str
    value: float | str
    unit: str | None = None
    note: str | None = None
    source: str


class Region(Strict):
    """A centrumgemeente region: its municipalities and wijken, what it provides today, keys and money.

    ``boundaries`` holds the wijk polygons in EPSG:28992 (metres) by wijk code, as loaded with the pack.
    They belong to the region object itself, so a region handed to a worker process or loaded from any
    folder carries its own geometry; they are left out of the region's JSON form.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    centrumgemeente: str = Field(pattern=GM_PATTERN)
    municipalities: list[Municipality]
    wijken: list[Wijk] = Field(default_factory=list)
    provision_types: list[ProvisionType]
    capacity: list[Capacity] = Field(default_factory=list)
    keys: dict[str, DistributionKey] = Field(default_factory=dict)
    grants: list[Grant] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    indicators: dict[str, OwnIndicator] = Field(
        default_factory=dict, description="the region's own indicators by column name, with their sources")
    default_scenario: str | None = None
    boundaries: SkipJsonSchema[dict[str, BaseGeometry]] = Field(
        default_factory=dict, exclude=True, repr=False,
        description="wijk polygons in EPSG:28992 (metres) by wijk code; wijken without one use their centroid")

    @model_validator(mode="after")
    def _references(self) -> Region:
        gm = {m.code for m in self.municipalities}
        if len(gm) != len(self.municipalities):
            raise ValueError(t_("municipalities: a code appears twice"))
        if self.centrumgemeente not in gm:
            raise ValueError(t_(
                "centrumgemeente {centrumgemeente} is not one of the municipalities",
                centrumgemeente=self.centrumgemeente))
        wk = {w.code for w in self.wijken}
        if len(wk) != len(self.wijken):
            raise ValueError(t_("wijken: a code appears twice"))
        for name in self.indicators:
            if name in (*INDICATORS, "pct_1p_hh") or not re.fullmatch(TYPE_PATTERN, name):
                raise ValueError(t_("indicators.{name}: an own indicator needs a name of its own in lower case "
                                    "(not a CBS indicator)", name=name))
        areas: list[Municipality | Wijk] = [*self.municipalities, *self.wijken]
        for area in areas:
            stray = sorted(set(area.indicators.own) - set(self.indicators))
            if stray:
                raise ValueError(t_("{code}: indicator {name} is not declared in the region's indicators",
                                    code=area.code, name=stray[0]))
        for w in self.wijken:
            if w.municipality not in gm:
                raise ValueError(t_(
                    "wijk {code}: unknown municipality {municipality}", code=w.code, municipality=w.municipality))
        types = {t.code for t in self.provision_types}
        if len(types) != len(self.provision_types):
            raise ValueError(t_("provision_types: a code appears twice"))
        bounds: dict[str, tuple[int | None, int | None]] = {}
        for t in self.provision_types:
            if t.site_group is not None:
                seen = bounds.setdefault(t.site_group, (t.site_min, t.site_max))
                if seen != (t.site_min, t.site_max):
                    raise ValueError(
                        t_(
                            "type {code}: site group {site_group} needs the same site bounds on all its types",
                            code=t.code, site_group=repr(t.site_group))
                    )
        for t in self.provision_types:
            for code in t.allowed_municipalities or []:
                if code not in gm:
                    raise ValueError(t_(
                        "type {code}: allowed municipality {code_} is not in the region", code=t.code, code_=code))
        wijk_of: dict[str, str | None] = {}
        for t in self.provision_types:
            if t.building is None:
                continue
            b = t.building
            if b.wijk is not None and b.wijk not in wk:
                raise ValueError(t_(
                    "type {code}: building {name} stands in unknown wijk {wijk}",
                    code=t.code, name=repr(b.name), wijk=b.wijk))
            seen_wijk = wijk_of.setdefault(b.name, b.wijk)
            if seen_wijk != b.wijk:
                raise ValueError(t_(
                    "type {code}: building {name} needs the same wijk on all its types ({v1} and {v2})",
                    code=t.code, name=repr(b.name), v1=seen_wijk or 'none', v2=b.wijk or 'none'))
        for i, c in enumerate(self.capacity):
            if c.municipality not in gm:
                raise ValueError(t_(
                    "capacity[{i}].municipality: unknown municipality {municipality}",
                    i=i, municipality=c.municipality))
            if c.type not in types:
                raise ValueError(t_("capacity[{i}].type: unknown provision type {type}", i=i, type=repr(c.type)))
            if c.wijk is not None and c.wijk not in wk:
                raise ValueError(t_("capacity[{i}].wijk: unknown wijk {wijk}", i=i, wijk=c.wijk))
        self._buildings_hold_their_places()
        for name, key in self.keys.items():
            missing = gm - set(key.shares)
            extra = set(key.shares) - gm
            if extra:
                raise ValueError(t_("keys.{name}: {v1} not in the region", name=name, v1=sorted(extra)))
            if missing:
                raise ValueError(t_("keys.{name}: no share for {v1}", name=name, v1=sorted(missing)))
        for i, g in enumerate(self.grants):
            if g.recipient not in gm:
                raise ValueError(t_(
                    "grants[{i}].recipient: unknown municipality {recipient}", i=i, recipient=g.recipient))
        strays = sorted(set(self.boundaries) - wk)
        if strays:
            raise ValueError(t_("boundaries: {v1} not among the region's wijken", v1=', '.join(strays[:5])))
        for code, shape in self.boundaries.items():
            if shape.geom_type not in ("Polygon", "MultiPolygon") or shape.is_empty:
                raise ValueError(t_(
                    "boundaries.{code}: a {geom_type} is not a wijk polygon", code=code, geom_type=shape.geom_type))
        return self

    def _buildings_hold_their_places(self) -> None:
        """Today's places of a building's types stand in it: in one municipality, the one of its wijk when
        the building has one; a capacity row names no other wijk (the wijk is given on the building)."""
        where: dict[str, str] = {}
        for i, c in enumerate(self.capacity):
            b = self.provision_type(c.type).building
            if b is None:
                continue
            if c.wijk is not None and c.wijk != b.wijk:
                raise ValueError(t_(
                    "capacity[{i}].wijk: {type} stands in building {name}; give its wijk on the building, not {wijk} "
                    "on the capacity row", i=i, type=c.type, name=repr(b.name), wijk=c.wijk))
            muni = where.setdefault(b.name, wijk_municipality_code(b.wijk) if b.wijk else c.municipality)
            if c.municipality != muni:
                raise ValueError(t_(
                    "capacity[{i}].municipality: {type} stands in building {name} in {muni}, not in {municipality}",
                    i=i, type=c.type, name=repr(b.name), muni=muni, municipality=c.municipality))

    # -- lookups -------------------------------------------------------------------------------------
    def municipality(self, code: str) -> Municipality:
        for m in self.municipalities:
            if m.code == code:
                return m
        raise KeyError(t_("unknown municipality {code} in region {code_}", code=repr(code), code_=self.code))

    def provision_type(self, code: str) -> ProvisionType:
        for t in self.provision_types:
            if t.code == code:
                return t
        raise KeyError(t_("unknown provision type {code} in region {code_}", code=repr(code), code_=self.code))

    def wijken_of(self, municipality: str) -> list[Wijk]:
        return [w for w in self.wijken if w.municipality == municipality]

    def wijk_municipality(self) -> dict[str, str]:
        """The municipality of each wijk, by wijk code."""
        return {w.code: w.municipality for w in self.wijken}

    def type_labels(self) -> dict[str, str]:
        """The label of each provision type, by type code."""
        return {t.code: t.label for t in self.provision_types}

    def cost_of_year(self, places: Mapping[tuple[str, str], int], opened: Mapping[tuple[str, str], int]) -> YearCost:
        """The cost of one year in whole euros: every place held that year at its type's yearly cost, plus
        every unit opened that year at its capital cost less the co-financing used against it; both keyed
        by (municipality, type)."""
        types = [(self.provision_type(p), n) for (_m, p), n in opened.items()]
        return YearCost(
            running=sum(self.provision_type(p).cost_per_year * n for (_m, p), n in places.items()),
            capital=sum(t.capital_per_opening * n for t, n in types),
            cofinancing=sum(t.cofinancing_per_opening * n for t, n in types),
            cofinancing_unused=sum((round(t.cofinancing_per_unit) - t.cofinancing_per_opening) * n for t, n in types),
        )

    def buildings(self, types: Iterable[str]) -> dict[str, list[str]]:
        """The buildings of the given types: building name -> its types among them, in the region's order."""
        wanted = set(types)
        out: dict[str, list[str]] = {}
        for t in self.provision_types:
            if t.building is not None and t.code in wanted:
                out.setdefault(t.building.name, []).append(t.code)
        return out

    def building(self, name: str) -> Building:
        for t in self.provision_types:
            if t.building is not None and t.building.name == name:
                return t.building
        raise KeyError(t_("unknown building {name} in region {code}", name=repr(name), code=self.code))

    def existing_load(self, types: Iterable[str]) -> dict[str, float]:
        """The draagkracht load of today's located places of the given types, per wijk (weighted places).
        Today's places of a type in a building stand in the building's wijk, where the pack gives it."""
        wanted = set(types)
        out: dict[str, float] = {}
        for c in self.capacity:
            ptype = self.provision_type(c.type)
            wijk = c.wijk or (ptype.building.wijk if ptype.building else None)
            if wijk is not None and c.type in wanted:
                out[wijk] = out.get(wijk, 0.0) + ptype.draagkracht_weight * c.places
        return out

    def building_growth(self, name: str, types: Iterable[str], held: Mapping[str, int]) -> float:
        """What a building adds to its wijk's draagkracht load when it holds ``held`` places per type (of the
        given types): its weighted places above today's, never below 0. Places converted in the building
        (one of its types closing where another opens) add nothing; today's are counted where they stand."""
        ours = [p for p in types if (b := self.provision_type(p).building) is not None and b.name == name]
        today = self.weighted_load({p: sum(self.current_places(p).values()) for p in ours})
        return max(0.0, self.weighted_load({p: held.get(p, 0) for p in ours}) - today)

    def weighted_load(self, places: Mapping[str, int]) -> float:
        """The draagkracht load of places per type: each place weighs its type's ``draagkracht_weight``."""
        return sum(self.provision_type(p).draagkracht_weight * n for p, n in places.items())

    def current_places(self, type_code: str) -> dict[str, int]:
        """Current places of a type per municipality (0 where none)."""
        out = {m.code: 0 for m in self.municipalities}
        for c in self.capacity:
            if c.type == type_code:
                out[c.municipality] += c.places
        return out

    def population(self) -> float | None:
        """The region's inhabitants (the municipalities' ``a_inw``), or None when a municipality lacks it."""
        counts = [m.indicators.a_inw for m in self.municipalities]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)

    def names(self) -> dict[str, str]:
        """Display names of municipalities and wijken by code."""
        out = {m.code: m.name for m in self.municipalities}
        out.update({w.code: w.name for w in self.wijken})
        return out

    def modelling_choices(self) -> list[str]:
        """The pack's entries whose source or note says they are a modelling choice, one line each (what
        ``regio show`` lists and every result repeats before the scenario's own choices)."""
        label = "modelling choice"
        out = [f"type {t.code}: {t.source}" for t in self.provision_types if t.source and label in t.source]
        buildings: dict[str, str] = {}
        for t in self.provision_types:
            if t.building is not None and t.building.source and label in t.building.source:
                buildings.setdefault(t.building.name, t.building.source)
        out += [f"building {name}: {source}" for name, source in buildings.items()]
        by_source: dict[str, list[str]] = {}
        for c in self.capacity:
            if c.source and label in c.source:
                where = f"{self.municipality(c.municipality).name} {c.places} {c.type}"
                by_source.setdefault(c.source, []).append(where)
        out += [f"current places {', '.join(where)}: {source}" for source, where in by_source.items()]
        out += [f"key {name}: {k.source}" for name, k in self.keys.items() if k.source and label in k.source]
        for f in self.facts:
            if label in f"{f.source} {f.note or ''}":
                unit = f" {f.unit}" if f.unit else ""
                value = f"{f.value:g}" if isinstance(f.value, float | int) else f.value
                out.append(f"{f.key} = {value}{unit}: {f.note or f.source}")
        return out


def wijk_municipality_code(wijk: str) -> str:
    """The municipality code of a wijk code: ``WK050311`` lies in ``GM0503`` (CBS codes nest)."""
    return f"GM{wijk[2:6]}"


def _matches(value: str, pattern: str) -> bool:
    import re

    return re.fullmatch(pattern, value) is not None
