"""A scenario: the regional task and the policies that shape its allocation.

Every constraint family of the optimiser has a policy block here with an ``enabled`` switch, so a
working group can ask "what if" by editing one block.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, Literal, TypeVar, cast

from pydantic import Field, ValidationError, field_validator, model_validator

from models.i18n import t_
from models.limits import (
    MAX_DISTANCE_M,
    MAX_EUROS,
    MAX_INGROEIPAD_YEARS,
    MAX_PLACES,
    MAX_PLACES_PER_1000,
    MAX_SEED,
    MAX_THREADS,
    MAX_THRESHOLD,
    MAX_TIME_LIMIT_S,
    check_range,
    empty_lists,
    numbers,
    shown,
)
from models.region import GM_PATTERN, INDICATORS, TYPE_PATTERN, WK_PATTERN, DistributionKey, Region, Strict

#: years a "from year Y" step may name: the same range as a scenario's years (a step need not be one of the
#: scenario's own years: a step in a year the scenario skips applies from its next year on)
STEP_YEARS = (2000, 2100)

#: a cap: a number for every year, or "from year Y on, at most N" steps (no cap before the first step)
Cap = int | dict[int, int]
#: hosts of a type: a list for every year, or "from year Y on, these municipalities may open new places"
#: steps (before the first step the pack's ``allowed_municipalities`` apply, else all municipalities)
Hosts = list[str] | dict[int, list[str]]
#: a distribution key: a name for every year, or "from year Y on, this key" steps
KeyName = str | dict[int, str]
#: what-if shares ``{municipality: share}`` for every year, or "from year Y on, these shares" steps
#: ``{year: {municipality: share}}`` (before the first step the key's own shares apply)
KeyShares = dict[str, float] | dict[int, dict[str, float]]


V = TypeVar("V")


def _step(steps: dict[int, V], year: int) -> V | None:
    """The value of the last step at or before ``year`` (None before the first step)."""
    earlier = [y for y in steps if y <= year]
    return steps[max(earlier)] if earlier else None


def step_value(rule: V | dict[int, V], year: int) -> V | None:
    """The value of a rule in ``year``: the rule itself when it holds every year, else the value of its last
    step at or before the year (None before the first step)."""
    return _step(rule, year) if isinstance(rule, dict) else rule


def _is_year(raw: Any) -> bool:
    return (isinstance(raw, int) and not isinstance(raw, bool)) or (isinstance(raw, str) and raw.strip().isdigit())


def stepped_shares(raw: Any) -> bool:
    """Whether what-if shares are given "from year Y" (``{2026: {GM0503: 0.4, ...}}``) rather than for every
    year (``{GM0503: 0.4, ...}``): their keys are years, not municipality codes."""
    return isinstance(raw, dict) and any(_is_year(k) for k in raw)


def _step_year(path: str, raw: Any) -> int:
    """A step's year from a mapping key (JSON and the API store years as text)."""
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit():
        raise ValueError(t_("{path}: {raw} is not a year", path=path, raw=repr(raw)))
    year = int(text)
    if not STEP_YEARS[0] <= year <= STEP_YEARS[1]:
        raise ValueError(t_(
            "{path}: year {year} is outside {v1}-{v2}", path=path, year=year, v1=STEP_YEARS[0], v2=STEP_YEARS[1]))
    return year


def _whole(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value in (
            float("inf"), float("-inf")) or int(value) != value:
        raise ValueError(t_("{path}: {value} is not a whole number", path=path, value=repr(value)))
    if value < 0:
        raise ValueError(t_("{path}: {value} is negative", path=path, value=value))
    return int(value)


def _steps(path: str, rule: dict[Any, Any], what: str, value: Callable[[str, Any], V]) -> dict[int, V]:
    """``{year: value}`` steps in year order, each value checked by ``value(path.year, raw)``; an empty
    mapping is refused (``what`` names what a step gives: "number", "list", "key name")."""
    if not rule:
        raise ValueError(t_("{path}: no year given; give a {what}, or a mapping year -> {what}", path=path, what=what))
    steps = {}
    for y, raw in rule.items():
        year = _step_year(f"{path}.{y}", y)
        steps[year] = value(f"{path}.{year}", raw)
    return dict(sorted(steps.items()))


def _list(path: str, codes: Any) -> Any:
    if not isinstance(codes, list):
        raise ValueError(t_("{path}: give a list of municipality codes", path=path))
    return codes


def _key_name(path: str, name: Any) -> Any:
    if not isinstance(name, str):
        raise ValueError(t_("{path}: give the name of a key", path=path))
    return name


def _check_caps(raw: Any) -> Any:
    """Caps as ``{municipality: {type: number | {year: number}}}``; errors name the field path."""
    if not isinstance(raw, dict):
        return raw  # the field's own type check reports it
    out: dict[Any, Any] = {}
    for code, per_type in raw.items():
        if not isinstance(per_type, dict):
            raise ValueError(t_("caps.{code}: give a mapping type -> cap", code=code))
        out[code] = {}
        for t, cap in per_type.items():
            path = f"caps.{code}.{t}"
            if isinstance(cap, dict):
                out[code][t] = _steps(path, cap, "number", _whole)
            else:
                out[code][t] = _whole(path, cap)
    return out


def _check_hosting(raw: Any) -> Any:
    """Hosting as ``{type: [municipality, ...] | {year: [municipality, ...]}}``; errors name the field path."""
    if not isinstance(raw, dict):
        return raw
    out: dict[Any, Any] = {}
    for t, rule in raw.items():
        if isinstance(rule, dict):
            out[t] = _steps(f"hosting.{t}", rule, "list", _list)
        elif isinstance(rule, list):
            out[t] = rule
        else:
            raise ValueError(t_("hosting.{t}: give a list of municipality codes, or a mapping year -> list", t=t))
    return out


def _check_key(path: str, raw: Any) -> Any:
    """A key name, or ``{year: key name}`` steps; errors name the field path."""
    if isinstance(raw, dict):
        return _steps(path, raw, "key name", _key_name)
    if not isinstance(raw, str):
        raise ValueError(t_("{path}: give the name of a key, or a mapping year -> key name", path=path))
    return raw


def _check_shares(path: str, raw: Any) -> dict[str, float]:
    """What-if shares, checked and normalised exactly like a pack's key; errors name the municipality."""
    if not isinstance(raw, dict):
        raise ValueError(t_("{path}: give a mapping municipality -> share", path=path))
    try:
        return DistributionKey(label="what-if", shares=raw).shares
    except ValidationError as exc:
        error = exc.errors()[0]
        where = [path, *(str(p) for p in error["loc"][1:])]  # a share that is no number: ("shares", code)
        message = error["msg"].removeprefix("Value error, ")
        named = re.fullmatch(r"share for '?(.*?)'?: (.*)", message)
        if named:
            where, message = [*where, named[1]], named[2]
        value = error.get("input")  # a share pydantic refused is quoted, as ``models.errors.describe`` does
        shown = "" if isinstance(value, dict | list) or value is None else f" (value: {value!r})"
        raise ValueError(t_("{v1}: {message}{shown}", v1='.'.join(where), message=message, shown=shown)) from None


def _check_key_shares(raw: Any) -> Any:
    """What-if shares for every year, or ``{year: shares}`` steps; each set normalised on its own."""
    if not isinstance(raw, dict):
        return raw  # None, or the field's own type check reports it
    if not stepped_shares(raw):
        return _check_shares("key_shares", raw)
    return _steps("key_shares", raw, "mapping municipality -> share", _check_shares)


def _each_step(path: str, rule: V | dict[int, V]) -> list[tuple[str, V]]:
    """A rule's values with their field paths: the rule itself, or each step (``path.year``)."""
    if isinstance(rule, dict):
        return [(f"{path}.{year}", value) for year, value in rule.items()]
    return [(path, rule)]


class FairSharePolicy(Strict):
    """Each municipality's places per type stay within ``tolerance`` places of key share × regional total."""

    enabled: bool = True
    tolerance: float | None = Field(
        None, ge=0, le=MAX_PLACES, description="hard band in places around the exact quota; None = no hard band"
    )


class DraagkrachtPolicy(Strict):
    """Capacity per wijk for extra vulnerable housing, from CBS indicators (see README, 'Draagkracht').

    index = 1 - sum_i weight_i * min(1, indicator_i / threshold_i), clipped to [0, 1]
    capacity = floor(places_per_1000 * inhabitants / 1000 * index)
    """

    enabled: bool = True
    places_per_1000: float = Field(
        4.0, gt=0, le=MAX_PLACES_PER_1000, description="places per 1,000 inhabitants when index is 1")
    weights: dict[str, float] = Field(
        default_factory=lambda: {"p_hh_li": 0.4, "p_wcorpw": 0.3, "pct_1p_hh": 0.2},
        description="pressure indicators and their weights (sum at most 1)",
    )
    thresholds: dict[str, float] = Field(
        default_factory=lambda: {"p_hh_li": 70.0, "p_wcorpw": 80.0, "pct_1p_hh": 80.0},
        description="value at which an indicator counts as full pressure",
    )
    overrides: dict[str, float] = Field(
        default_factory=dict, description="capacity set by the working group per wijk (weighted places)"
    )

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        for name, w in weights.items():
            if w < 0:
                raise ValueError(t_("weight for {name} is negative ({w})", name=name, w=w))
        if sum(weights.values()) > 1 + 1e-9:
            raise ValueError(t_(
                "weights sum to {v1}; they may sum to at most 1", v1=format(sum(weights.values()), '.3f')))
        return weights

    @field_validator("overrides")
    @classmethod
    def _overrides(cls, overrides: dict[str, float]) -> dict[str, float]:
        import re

        for code, cap in overrides.items():
            if not re.fullmatch(WK_PATTERN, code):
                raise ValueError(t_("override {code} is not a WKggggww wijk code", code=repr(code)))
            if cap < 0:
                raise ValueError(t_("override for {code} is negative ({cap})", code=code, cap=cap))
        return overrides


class SitePolicy(Strict):
    """Clustered types come in whole sites of their size bounds; at most ``max_sites_per_wijk`` per type."""

    enabled: bool = True
    max_sites_per_wijk: int = Field(1, ge=1, le=MAX_PLACES)


class Distribution(Strict):
    """Money from the grants handed out to the municipalities by a key, per year: a "verdeling" of money, not
    of cost (MVS's local policy money, the BW money left after Rogplus and the projects, split 40-40-20).

    Each year's amount is split over the municipalities by ``key`` in whole cents (largest remainder) and is
    no longer available for the places; the payers of the places' cost (``BudgetPolicy.payment_key``) pay it
    out, as they hold the grants.
    """

    label: str = Field(min_length=1)
    key: str = Field(description="the key that splits the money over the municipalities")
    amounts: dict[int, float] = Field(description="money handed out per year (EUR); a year not given hands out 0")
    source: str | None = None


class BudgetPolicy(Strict):
    """Yearly costs against grants, and who pays whom.

    The regional cost of a year must fit the grants of the domains in the scenario plus ``extra``,
    minus ``fixed_costs`` that lie outside the modelled types and minus the money handed out by
    ``distributions``. Each municipality pays its share of the regional cost by the payment key; along
    the ingroeipad that share moves from ``historical_key`` to ``payment_key`` in ``ingroeipad_years``
    equal steps starting in ``ingroeipad_start``. The same shares pay out the distributions.
    """

    enabled: bool = True
    payment_key: str | None = None
    historical_key: str | None = None
    ingroeipad_start: int | None = Field(None, ge=2000, le=2100)
    ingroeipad_years: int = Field(10, ge=1, le=MAX_INGROEIPAD_YEARS)
    extra: dict[int, float] = Field(default_factory=dict, description="extra money per year (EUR)")
    fixed_costs: dict[int, float] = Field(default_factory=dict, description="costs outside the model (EUR)")
    distributions: list[Distribution] = Field(
        default_factory=list, description="money from the grants handed out to the municipalities by a key"
    )
    municipality_caps: dict[str, float] = Field(
        default_factory=dict, description="most a municipality pays in a year for the places (EUR)"
    )

    @field_validator("municipality_caps")
    @classmethod
    def _caps(cls, caps: dict[str, float]) -> dict[str, float]:
        import re

        for code, cap in caps.items():
            if not re.fullmatch(GM_PATTERN, code):
                raise ValueError(t_("municipality_caps: {code} is not a GMgggg code", code=repr(code)))
            if cap < 0:
                raise ValueError(t_("municipality_caps.{code} is negative ({cap})", code=code, cap=cap))
        return caps

    def distributed(self, year: int) -> float:
        """The money the distributions hand out in ``year`` (EUR)."""
        return sum(d.amounts.get(year, 0.0) for d in self.distributions)

    def available(self, grants: float, year: int) -> float:
        """The money for the places in ``year``: the year's grants plus extra money, less fixed costs and
        the money handed out (EUR)."""
        return grants + self.extra.get(year, 0.0) - self.fixed_costs.get(year, 0.0) - self.distributed(year)


class Precedence(Strict):
    """``then`` may lose places only after the ``first`` types together have reached their demand of the
    last year, in an earlier year."""

    first: list[str] = Field(min_length=1)
    then: str = Field(pattern=TYPE_PATTERN)
    source: str | None = None


class TransitionPolicy(Strict):
    enabled: bool = True
    no_close_before_open: bool = True
    max_shift_per_year: dict[str, int] = Field(
        default_factory=dict, description="most places of a type that may close in one year, region-wide"
    )
    keep_current: list[str] = Field(
        default_factory=list, description="types whose places may not fall below today's in any municipality"
    )
    precedence: list[Precedence] = Field(default_factory=list)


class SpreadingPolicy(Strict):
    """Spatial spreading of new places: none, a minimum distance between new sites of one type, or a cap
    on new places of one type in a wijk together with its neighbours."""

    mode: Literal["none", "min_distance", "neighbour_cap"] = "none"
    min_distance_m: float = Field(1000.0, gt=0, le=MAX_DISTANCE_M)
    neighbour_cap: int = Field(30, ge=0, le=MAX_PLACES)


class CandidateSite(Strict):
    """An address the working group has in view, matched to its wijk by a spatial join."""

    name: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    types: list[str] = Field(default_factory=list)
    max_places: int | None = Field(None, ge=0, le=MAX_PLACES)


class SolverOptions(Strict):
    name: Literal["highs", "cbc", "cpsat"] = "highs"
    time_limit: float = Field(60.0, gt=0, le=MAX_TIME_LIMIT_S, description="seconds per lexicographic stage")
    threads: int = Field(1, ge=1, le=MAX_THREADS)
    seed: int = Field(0, ge=0, le=MAX_SEED)
    gap: float = Field(0.0, ge=0, le=1, description="relative gap at which a stage may stop; 0 proves optimality")
    explain: bool = True
    explain_time: float | None = Field(
        None, gt=0, le=MAX_TIME_LIMIT_S,
        description="seconds for explaining the binding rules; None: as long as the solve took, at least 0.5 s")


class Scenario(Strict):
    """One question to the optimiser: demand per type and year, and the policies that shape the answer.

    ``hosting`` names, per type, the municipalities that may host new places of it (replacing the pack's
    ``allowed_municipalities``). An empty list is refused rather than read as "nobody": it would leave the
    demand without any host, and was earlier silently taken as "use the pack's hosts". Leave a type out of
    ``hosting`` to keep the pack's hosts; use ``caps`` to hold a municipality at (or to) a number of places.

    Every number is finite and within the plausibility ceilings of ``models.limits``; demand per type and
    year is also held to the region's population where it is known (``check_against``).
    """

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    question: str = Field(description="the region's own question, in its words")
    source: str | None = None
    years: list[int] = Field(min_length=1)
    demand: dict[str, dict[int, int]] = Field(
        description="places (or dwellings) the region needs per type and year"
    )
    key: KeyName = Field(
        "objectief",
        description="distribution key for fair share; a name for every year, or a mapping year -> name meaning "
                    "'from that year on' (the first step at or before the scenario's first year)",
    )
    key_shares: KeyShares | None = Field(
        None,
        description="what-if shares per municipality replacing the key's shares (sum 1 within 0.01 %, normalised); "
                    "for every year, or a mapping year -> shares meaning 'from that year on' (the key's own "
                    "shares before the first year given)",
    )
    type_keys: dict[str, KeyName] = Field(
        default_factory=dict,
        description="per type: a key of its own, for every year or from a year on (the scenario's key before "
                    "the first year given)",
    )
    fair_share: FairSharePolicy = Field(default_factory=FairSharePolicy)
    draagkracht: DraagkrachtPolicy = Field(default_factory=DraagkrachtPolicy)
    sites: SitePolicy = Field(default_factory=SitePolicy)
    budget: BudgetPolicy = Field(default_factory=BudgetPolicy)
    transitions: TransitionPolicy = Field(default_factory=TransitionPolicy)
    spreading: SpreadingPolicy = Field(default_factory=SpreadingPolicy)
    hosting: dict[str, Hosts] = Field(
        default_factory=dict,
        description="per type: the municipalities that may open new places of it (overrides the pack); a list "
                    "for every year, or a mapping year -> list meaning 'from that year on'",
    )
    caps: dict[str, dict[str, Cap]] = Field(
        default_factory=dict,
        description="per municipality and type: most places it may hold; a number for every year, or a mapping "
                    "year -> number meaning 'from that year on, at most' (no cap before the first year given)",
    )
    candidate_sites: list[CandidateSite] = Field(default_factory=list)
    apportion_types: list[str] | None = Field(
        None, description="types whose fair-share tables `regio apportion` prints (default: every table)"
    )
    solver: SolverOptions = Field(default_factory=SolverOptions)
    modelling_choices: list[str] = Field(
        default_factory=list,
        description="assumptions the source documents do not settle, stated so the output can repeat them",
    )

    @field_validator("years")
    @classmethod
    def _years(cls, years: list[int]) -> list[int]:
        if sorted(set(years)) != years:
            raise ValueError(t_("years must be increasing without repeats, got {years}", years=years))
        for y in years:
            if not 2000 <= y <= 2100:
                raise ValueError(t_("year {y} is outside 2000-2100", y=y))
        return years

    @model_validator(mode="before")
    @classmethod
    def _rules_in_time(cls, data: Any) -> Any:
        """Caps, hosting, keys and what-if shares, per year or "from year Y", checked before the field types so
        that an error names its whole path (``caps.GM0503.bw.2026``, ``key_shares.2026.GM0503``) once."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "caps" in data:
            data["caps"] = _check_caps(data["caps"])
        if "hosting" in data:
            data["hosting"] = _check_hosting(data["hosting"])
        if "key" in data:
            data["key"] = _check_key("key", data["key"])
        if isinstance(data.get("type_keys"), dict):
            data["type_keys"] = {t: _check_key(f"type_keys.{t}", k) for t, k in data["type_keys"].items()}
        if "key_shares" in data:
            data["key_shares"] = _check_key_shares(data["key_shares"])
        return data

    @model_validator(mode="after")
    def _key_every_year(self) -> Scenario:
        """The key holds in every scenario year: a stepped key starts at or before the first year (a type's own
        key may start later; before it the scenario's key applies)."""
        if isinstance(self.key, dict) and min(self.key) > self.years[0]:
            raise ValueError(t_(
                "key: the first step is {v1}, but the scenario starts in {v2}; a key must hold in every scenario year: "
                "give a step in {v2} or earlier", v1=min(self.key), v2=self.years[0]))
        return self

    @model_validator(mode="after")
    def _demand_covers_years(self) -> Scenario:
        for t, per_year in self.demand.items():
            for y, v in per_year.items():
                if v < 0:
                    raise ValueError(t_("demand.{t}.{y}: {v} is negative", t=t, y=y, v=v))
            missing = [y for y in self.years if y not in per_year]
            if missing:
                raise ValueError(t_("demand.{t}: no figure for year(s) {missing}", t=t, missing=missing))
        return self

    @model_validator(mode="before")
    @classmethod
    def _places_as_given(cls, doc: Any) -> Any:
        """Place counts too large for any region (``1e30``) or not finite, refused with the ceiling before the
        integer parsing turns them into a message about number sizes."""
        if isinstance(doc, dict):
            for field in ("demand", "caps"):
                for path, number in numbers(doc.get(field), field):
                    check_range(path, number, MAX_PLACES, low=-math.inf, what=t_("places"))
        return doc

    @model_validator(mode="after")
    def _plausible(self) -> Scenario:
        """Numbers given per type, year, municipality or wijk lie within their ceilings (``models.limits``),
        whatever shape the field has; an empty ``hosting`` list is refused (see the class docstring)."""
        ranges: list[tuple[str, object, float, float, str]] = [
            ("demand", self.demand, 0, MAX_PLACES, "places"),
            ("caps", self.caps, 0, MAX_PLACES, "places"),
            ("draagkracht.overrides", self.draagkracht.overrides, 0, MAX_PLACES, "weighted places"),
            ("draagkracht.thresholds", self.draagkracht.thresholds, 0, MAX_THRESHOLD, ""),
            ("transitions.max_shift_per_year", self.transitions.max_shift_per_year, 0, MAX_PLACES, "places"),
            ("budget.extra", self.budget.extra, -MAX_EUROS, MAX_EUROS, "euros"),
            ("budget.fixed_costs", self.budget.fixed_costs, -MAX_EUROS, MAX_EUROS, "euros"),
            ("budget.municipality_caps", self.budget.municipality_caps, 0, MAX_EUROS, "euros"),
            *((f"budget.distributions[{i}].amounts", d.amounts, 0, MAX_EUROS, "euros")
              for i, d in enumerate(self.budget.distributions)),
        ]
        for field, value, low, high, what in ranges:
            for path, number in numbers(value, field):
                check_range(path, number, high, low, what)
        for path, number in numbers(self.draagkracht.thresholds, "draagkracht.thresholds"):
            if number <= 0:
                raise ValueError(t_("{path}: a threshold must be positive, got {number}", path=path, number=number))
        for name in self.draagkracht.weights:  # own indicators of the region: checked against it
            if name not in (*INDICATORS, "pct_1p_hh") and not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(t_(
                    "draagkracht.weights.{name}: unknown indicator; use one of {v1}", name=name,
                    v1=', '.join((*INDICATORS, "pct_1p_hh"))))
            if name not in self.draagkracht.thresholds:
                raise ValueError(t_(
                    "draagkracht.thresholds.{name}: the weighted indicator {name} needs a threshold", name=name))
        # a plain empty list would let nobody host the type at all; in a "from year Y" step an empty list is
        # meaningful: from that year on no municipality opens new places of the type
        plain = {t: rule for t, rule in self.hosting.items() if not isinstance(rule, dict)}
        for path in empty_lists(plain, "hosting"):
            raise ValueError(t_(
                "{path}: an empty list would let no municipality host new places; name at least one municipality, or "
                "leave the type out to use the pack's hosts", path=path))
        return self

    def check_against(self, region: Region) -> None:
        """Raise ValueError naming the field when the scenario refers to something the region lacks."""
        gm = {m.code for m in region.municipalities}
        for path, shares in self._what_if_steps():
            if set(shares) != gm:
                raise ValueError(t_(
                    "{path}: give a share for exactly the municipalities {v1}, got {v2}",
                    path=path, v1=sorted(gm), v2=sorted(shares)))
        types = {t.code for t in region.provision_types}
        wk = {w.code for w in region.wijken}
        known = (*INDICATORS, "pct_1p_hh", *region.indicators)
        for name in self.draagkracht.weights:
            if name not in known:
                raise ValueError(t_(
                    "draagkracht.weights.{name}: unknown indicator; use one of {v1}", name=name, v1=', '.join(known)))

        def key_ok(field: str, name: str | None) -> None:
            if name is not None and name not in region.keys:
                raise ValueError(t_(
                    "{field}: unknown key {name}; the region has {v1}",
                    field=field, name=repr(name), v1=sorted(region.keys)))

        for t in self.demand:
            if t not in types:
                raise ValueError(t_(
                    "demand.{t}: unknown provision type {t_}; the region has {v1}", t=t, t_=repr(t), v1=sorted(types)))
        people = region.population()
        if people is not None:
            for path, number in numbers(self.demand, "demand"):
                if number > people:
                    raise ValueError(t_(
                        "{path}: {v1} places is more than the region's {v2} inhabitants",
                        path=path, v1=shown(number), v2=shown(people)))
        if self.fair_share.enabled:
            for path, name in _each_step("key", self.key):
                key_ok(path, name)
        for t, k in self.type_keys.items():
            if t not in types:
                raise ValueError(t_("type_keys.{t}: unknown provision type {t_}", t=t, t_=repr(t)))
            for path, name in _each_step(f"type_keys.{t}", k):
                key_ok(path, name)
        key_ok("budget.payment_key", self.budget.payment_key)
        key_ok("budget.historical_key", self.budget.historical_key)
        for i, d in enumerate(self.budget.distributions):
            key_ok(f"budget.distributions[{i}].key", d.key)
            if self.budget.payment_key is None:
                raise ValueError(t_(
                    "budget.distributions[{i}]: money handed out needs a payer; give budget.payment_key (the key by "
                    "which the grants' holders pay it out)", i=i))
        for code in self.budget.municipality_caps:
            if code not in gm:
                raise ValueError(t_("budget.municipality_caps.{code}: unknown municipality {code}", code=code))
        for t, rule in self.hosting.items():
            if t not in types:
                raise ValueError(t_("hosting.{t}: unknown provision type {t_}", t=t, t_=repr(t)))
            for step, codes in (rule.items() if isinstance(rule, dict) else [(None, rule)]):
                for code in codes:
                    if code not in gm:
                        where = f"hosting.{t}" if step is None else f"hosting.{t}.{step}"
                        raise ValueError(t_("{where}: unknown municipality {code}", where=where, code=repr(code)))
        for code, per_type in self.caps.items():
            if code not in gm:
                raise ValueError(t_("caps.{code}: unknown municipality {code_}", code=code, code_=repr(code)))
            for t in per_type:
                if t not in types:
                    raise ValueError(t_("caps.{code}.{t}: unknown provision type {t_}", code=code, t=t, t_=repr(t)))
        for code in self.draagkracht.overrides:
            if code not in wk:
                raise ValueError(t_("draagkracht.overrides.{code}: unknown wijk {code_}", code=code, code_=repr(code)))
        for t in self.transitions.max_shift_per_year:
            if t not in types:
                raise ValueError(t_(
                    "transitions.max_shift_per_year.{t}: unknown provision type {t_}", t=t, t_=repr(t)))
        for t in self.transitions.keep_current:
            if t not in types:
                raise ValueError(t_("transitions.keep_current: unknown provision type {t}", t=repr(t)))
        for i, p in enumerate(self.transitions.precedence):
            for field, code in [*(("first", c) for c in p.first), ("then", p.then)]:
                if code not in self.demand:
                    raise ValueError(t_(
                        "transitions.precedence[{i}].{field}: type {code} has no demand",
                        i=i, field=field, code=repr(code)))
        for t in self.apportion_types or []:
            if t not in self.demand:
                raise ValueError(t_("apportion_types: type {t} has no demand in this scenario", t=repr(t)))
        for i, site in enumerate(self.candidate_sites):
            for t in site.types:
                if t not in types:
                    raise ValueError(t_("candidate_sites[{i}].types: unknown provision type {t}", i=i, t=repr(t)))

    def hosts(self, region: Region, type_code: str, year: int | None = None) -> list[str]:
        """The municipalities that may open new places of a type in ``year``, in the region's order: the
        scenario's ``hosting`` for the type in force that year, else the pack's ``allowed_municipalities``,
        else all. Without a year: those that may open new places in at least one of the scenario's years.

        This, ``cap``, ``key_in`` and ``key_shares_in`` (with ``key_for`` and ``key_shares_for`` built on them)
        are the only places where a "from year Y" rule is evaluated."""
        if year is None:
            some = {m for y in self.years for m in self.hosts(region, type_code, y)}
            return [m.code for m in region.municipalities if m.code in some]
        rule = self.hosting.get(type_code)
        listed = step_value(rule, year) if rule is not None else None
        if listed is None:
            listed = region.provision_type(type_code).allowed_municipalities
        return [m.code for m in region.municipalities if listed is None or m.code in listed]

    def cap(self, municipality: str, type_code: str, year: int) -> int | None:
        """The most places of a type the municipality may hold in ``year`` (None: no cap that year)."""
        rule = self.caps.get(municipality, {}).get(type_code)
        return step_value(rule, year) if rule is not None else None

    def key_in(self, year: int) -> str:
        """The name of the scenario's ``key`` in force in ``year``."""
        name = step_value(self.key, year)
        if name is None:  # only for a year before the scenario's (validation holds the key to its first year)
            raise ValueError(t_(
                "key: no key before {v1}, its first step; asked for {year}", v1=min(self.key), year=year))
        return name

    def key_shares_in(self, year: int) -> dict[str, float] | None:
        """The what-if shares in force in ``year`` (None: the key's own shares apply)."""
        if stepped_shares(self.key_shares):
            return _step(cast(dict[int, dict[str, float]], self.key_shares), year)
        return cast(dict[str, float] | None, self.key_shares)

    def key_for(self, type_code: str, year: int) -> str:
        """The name of the key that sets a type's fair share in ``year``: the type's own key (``type_keys``) in
        force that year, else the scenario's ``key`` in force that year."""
        own = step_value(self.type_keys[type_code], year) if type_code in self.type_keys else None
        return own if own is not None else self.key_in(year)

    def key_shares_for(self, type_code: str, year: int) -> dict[str, float] | None:
        """The what-if shares that replace the key's shares of a type in ``year``: those in force that year, for a
        type whose key that year is the scenario's key. None: the key's own shares apply."""
        return self.key_shares_in(year) if self.key_for(type_code, year) == self.key_in(year) else None

    def _what_if_steps(self) -> list[tuple[str, dict[str, float]]]:
        """The what-if shares with their field paths: the shares for every year, or each step."""
        if self.key_shares is None:
            return []
        if stepped_shares(self.key_shares):
            return _each_step("key_shares", cast(dict[int, dict[str, float]], self.key_shares))
        return [("key_shares", cast(dict[str, float], self.key_shares))]
