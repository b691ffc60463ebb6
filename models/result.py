"""What a solve returns: the allocation, how good it is, and why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, computed_field, model_validator


class Status(StrEnum):
    """How a solve (or one stage of it) ended; the values are the strings stored in result JSON."""

    optimal = "optimal"
    time_limit = "time_limit"  # a feasible solution, optimality not proven within the time limit
    infeasible = "infeasible"
    error = "error"

    @property
    def solved(self) -> bool:
        """A solution is available (proven optimal or the best found in time)."""
        return self in (Status.optimal, Status.time_limit)


class Stage(BaseModel):
    """One lexicographic stage: the objective term it optimised and how the solver ended."""

    name: str = Field(description="the objective term")
    status: Status
    objective: float | None = None
    bound: float | None = Field(None, description="the solver's best bound, where it reports one")
    gap: float | None = Field(None, description="relative MIP gap")
    seconds: float

    @model_validator(mode="before")
    @classmethod
    def _stored_name(cls, data: Any) -> Any:
        """Results stored before this record existed call the name ``stage``."""
        if isinstance(data, dict) and "name" not in data and "stage" in data:
            data = {("name" if k == "stage" else k): v for k, v in data.items()}
        return data


class BudgetYear(BaseModel):
    """The region's money in one year (EUR).

    ``cost`` = ``running_cost`` + ``capital_cost`` - ``cofinancing``: co-financing only lowers the capital
    cost of the units opened, never below 0, and is no income; what a unit's co-financing exceeds its
    capital cost by is ``cofinancing_unused`` and pays for nothing."""

    cost: float = Field(description="cost of all places in the year")
    running_cost: float = Field(0.0, description="places held, at their cost per place-year")
    capital_cost: float = Field(0.0, description="capital cost of the units opened in the year")
    cofinancing: float = Field(0.0, description="co-financing used against that capital cost (at most all of it)")
    cofinancing_unused: float = Field(0.0, description="co-financing of the units opened above their capital cost")
    grants: float = Field(description="grants for the scenario's domains")
    extra: float = Field(0.0, description="extra money the scenario adds")
    fixed_costs: float = Field(0.0, description="fixed costs outside the model")
    distributed: float = Field(0.0, description="money from the grants handed out to the municipalities")
    available: float = Field(description="grants + extra - fixed costs - money handed out")
    headroom: float = Field(description="available - cost; negative = a shortfall")


class GrantLine(BaseModel):
    """One grant of the region in one year, as the pack states it (EUR)."""

    label: str
    domain: str
    year: int
    amount: float
    source: str | None = None


class AllocationRow(BaseModel):
    municipality: str
    wijk: str | None = Field(None, description="None: places not located in a wijk (existing or no wijk data)")
    type: str
    year: int
    places: int
    new_places: int = 0
    sites: int = 0


class FairShareRow(BaseModel):
    municipality: str
    type: str
    year: int
    places: int
    quota: float = Field(description="exact key share x regional total")
    target: int = Field(description="integer fair share: the cell of the fair-share table (`regio apportion`)")
    gap: float = Field(description="places - quota; negative = below its fair share")


class DraagkrachtRow(BaseModel):
    wijk: str
    municipality: str
    year: int
    capacity: float
    load: float
    use: float = Field(description="load / capacity (0 when capacity is 0 and load is 0)")


class BuildingRow(BaseModel):
    """One year of a building: where it stands and the places of its types it holds (today's kept and new)."""

    building: str
    municipality: str | None = Field(None, description="None: it holds no places")
    wijk: str | None = Field(None, description="None: not known (the pack gives none and it gets no new places)")
    wijk_chosen: bool = Field(False, description="the model chose the wijk: the pack gives none")
    year: int
    places: dict[str, int] = Field(default_factory=dict, description="type -> places held")
    opened: int = Field(0, description="places of its types opened in the year")
    closed: int = Field(0, description="today's places of its types closed in the year")

    @property
    def converted(self) -> int:
        """Places closed in the year while others open in the building: rooms rebuilt, not a closure."""
        return min(self.opened, self.closed)


class BudgetRow(BaseModel):
    municipality: str
    year: int
    hosted_cost: float = Field(description="cost of the places in this municipality")
    pays: float = Field(description="its share of the regional cost under the payment key / ingroeipad")
    grant_share: float = Field(description="its share of the grants under the same key")
    pays_out: float = Field(0.0, description="its share, under the same key, of the money handed out (distributions)")
    receives: float = Field(0.0, description="what it receives of the money handed out, by the distributions' keys")
    transfer: float = Field(
        description="pays + pays_out - hosted_cost - receives: > 0 pays into the pool, < 0 receives")


class DistributionLine(BaseModel):
    """Money handed out in one year by one distribution of the scenario, per municipality (EUR)."""

    label: str
    key: str
    year: int
    amount: float
    shares: dict[str, float] = Field(description="municipality -> its part, in whole cents; they sum to amount")
    source: str | None = None


class Transfer(BaseModel):
    year: int
    payer: str
    recipient: str
    amount: float


#: why a type holds more places than clients in a year (``SurplusRow.causes``): cause -> what it means
SURPLUS_CAUSES: dict[str, str] = {
    "keep_current": "keep current (today's places may not close)",
    "precedence": "precedence (a type shrinks only after others reach their target)",
    "closing_pace": "closing pace (the most places allowed closed this year)",
    "not_yet_closable": "not yet closable (closes next year, after its replacement opened)",
    "site_size": "site size (new places come in whole sites)",
    "opened_earlier": "opened earlier (demand fell below places already opened)",
    "fair_share_band": "fair-share band (a municipality's minimum)",
    "unexplained": "no cause",
}


class SurplusRow(BaseModel):
    """Places of a type above its demand in one year, and why."""

    type: str
    year: int
    places: int = Field(description="places held in the region")
    demand: int
    surplus: int = Field(description="places - demand (> 0): empty places, paid for like any other")
    causes: dict[str, int] = Field(default_factory=dict, description="cause (see SURPLUS_CAUSES) -> places")


class Gain(BaseModel):
    """How much one objective term improves when a rule is relaxed (the other terms optimised as before)."""

    term: str = Field(description="unmet, surplus, max_deviation, total_deviation or cost")
    amount: float = Field(description="how much smaller the term gets; negative: larger")
    unit: str = Field(description="places or EUR")


Params = dict[str, str | int | float]


class Rule(BaseModel):
    """One rule group as data: its family and the figures and names that word it."""

    group: str
    family: str
    params: Params = Field(default_factory=dict)


class BindingConstraint(BaseModel):
    """A rule that drives the result: relaxing it improves an objective term.

    One rule group (``group`` its key), or several groups of one family relaxed together (``group`` the
    family, ``groups`` their keys) when only together they gain or more than a few gain."""

    group: str
    description: str = Field(description="the rule in English as built (see ``text`` for the worded driver)")
    family: str = ""
    groups: list[str] = Field(default_factory=list, description="the rule groups relaxed together")
    rules: list[Rule] = Field(default_factory=list, description="each rule group relaxed, as data")
    municipality: str | None = None
    type: str | None = None
    year: int | None = None
    gains: list[Gain] = Field(default_factory=list, description="terms that change when the rule is relaxed")
    proven: bool = Field(True, description="False: a re-solve stopped at its time limit; the gains are at least "
                                           "these")
    text: str = Field("", description="the rule and what relaxing it would gain, in words (the result's "
                                      "language)")


class Relaxation(BaseModel):
    """One rule group an infeasible scenario must relax, and by how much (the least that works)."""

    group: str = Field(description="the rule group, e.g. cap(GM0503,bt)")
    family: str = Field("", description="the rule family, e.g. cap, budget, keep_current")
    description: str = Field(description="the rule in words")
    amount: float = Field(description="the most any one of the group's limits must give (per municipality, year, "
                                      "...), in whole units: the least that works")
    unit: str = Field(description="places, weighted places, sites or EUR")
    municipality: str | None = Field(None, description="the municipality the rule (or what it must give) is about")
    wijk: str | None = None
    type: str | None = Field(None, description="the provision type")
    years: list[int] = Field(default_factory=list, description="the years in which the rule must give")
    params: Params = Field(default_factory=dict, description="the rule's figures and names, for wording")
    each: bool = Field(False, description="the same amount in each of the years")
    message: str = Field("", description="the relaxation in words")


class Diagnosis(BaseModel):
    """Why a scenario has no solution: the ways out, each a set of rule groups to relax with amounts."""

    message: str = Field(description="the diagnosis in words (the result's language)")
    failed_stage: str | None = Field(None, description="set when the solver failed (no diagnosis): the stage")
    relaxations: list[Relaxation] = Field(
        default_factory=list, description="the first way out: the fewest rule groups, with the least amounts"
    )
    alternatives: list[list[Relaxation]] = Field(
        default_factory=list, description="other ways out, ranked by the number of groups, then by amount"
    )


class Reason(BaseModel):
    """One reason why a municipality holds the places of a type it holds (``optimiser.why``).

    Kinds: ``at_share``, ``site_size`` (label, size, municipality, share), ``cap`` (limit, municipality, label),
    ``no_hosting`` (municipality, label), ``today`` (municipality, today, label, rules), ``draagkracht``
    (municipality), ``above`` / ``below`` (municipality, places, gap: another municipality off its share the
    other way), ``driver`` (group: a rule of the explanation)."""

    kind: str
    params: Params = Field(default_factory=dict)


class Counterfactual(BaseModel):
    """The plan with the cell held one place closer to its fair share: what gets worse, or what stops it."""

    step: int = Field(description="+1: one place more; -1: one place less")
    feasible: bool
    gains: list[Gain] = Field(default_factory=list, description="per term: how much better (negative: worse) "
                                                                "than the plan, up to the first term that gets "
                                                                "worse")
    proven: bool = True
    relaxations: list[Relaxation] = Field(default_factory=list, description="when infeasible: the rules that "
                                                                           "stop it, with amounts")


class WhyYear(BaseModel):
    year: int
    places: int
    fair_share: float


class WhyAnswer(BaseModel):
    """Why the plan gives a municipality the places of a type it gives in a year, against its fair share."""

    municipality: str
    type: str
    year: int
    places: int
    fair_share: float
    gap: float = Field(description="places - fair share")
    today: int = Field(description="the places it holds today")
    years: list[WhyYear] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)
    counterfactual: Counterfactual | None = None
    text: str = Field("", description="the answer in words (the reader's language)")


class Result(BaseModel):
    region: str
    scenario: str
    status: Status
    solver: str
    solver_version: str
    gap: float | None = Field(None, description="relative MIP gap of the last stage")
    wall_time: float
    objective: dict[str, float] = Field(default_factory=dict)
    years: list[int] = Field(default_factory=list, description="the scenario's years, increasing")
    stages: list[Stage] = Field(default_factory=list)
    allocation: list[AllocationRow] = Field(default_factory=list)
    fair_share: list[FairShareRow] = Field(default_factory=list)
    draagkracht: list[DraagkrachtRow] = Field(default_factory=list)
    buildings: list[BuildingRow] = Field(default_factory=list, description="per building and year")
    budget: list[BudgetRow] = Field(default_factory=list)
    budget_years: dict[int, BudgetYear] = Field(default_factory=dict)
    budget_enabled: bool = Field(
        True, description="False: the scenario's budget rules were off; money figures are information, no verdict"
    )
    grants: list[GrantLine] = Field(default_factory=list, description="every grant of the region, all domains")
    modelling_choices: list[str] = Field(
        default_factory=list, description="the scenario's assumptions that its documents do not settle"
    )
    distributions: list[DistributionLine] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    normalised_keys: dict[str, float] = Field(
        default_factory=dict,
        description="keys the result uses whose source shares did not sum to 1: key name -> their sum as given "
                    "(the shares were divided by it)",
    )
    unmet: dict[str, dict[int, int]] = Field(default_factory=dict)
    surplus: list[SurplusRow] = Field(
        default_factory=list, description="per type and year: places above demand, with their causes"
    )
    binding: list[BindingConstraint] = Field(default_factory=list)
    unexplained_rules: list[str] = Field(
        default_factory=list, description="rule families (codes, as in BindingConstraint.family) the "
                                          "explanation had no time to settle")
    diagnosis: Diagnosis | None = None
    names: dict[str, str] = Field(default_factory=dict, description="municipality and wijk code -> name")
    labels: dict[str, str] = Field(default_factory=dict, description="provision type code -> label")
    redacted: list[str] = Field(
        default_factory=list,
        description="confidential types whose wijk detail this copy leaves out: their allocation rows are per "
                    "municipality, the draagkracht figures leave their places out, and rules and diagnoses "
                    "name a wijk holding them only by its municipality (empty: the full result)",
    )

    @model_validator(mode="before")
    @classmethod
    def _years_of_older_results(cls, data: Any) -> Any:
        """Results stored before ``years`` existed: take the years from their rows."""
        if isinstance(data, dict) and not data.get("years"):
            found: set[int] = set()
            for key in ("allocation", "fair_share", "draagkracht", "budget"):
                for row in data.get(key) or []:
                    year = row.get("year") if isinstance(row, dict) else getattr(row, "year", None)
                    if year is not None:
                        found.add(int(year))
            for per in (data.get("unmet") or {}).values():
                found.update(int(y) for y in per)
            found.update(int(y) for y in data.get("budget_years") or {})
            if found:
                data = {**data, "years": sorted(found)}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def last_year(self) -> int | None:
        """The scenario's last year (None only for a result without years): what the reports show."""
        return self.years[-1] if self.years else None
