"""What a solve returns: the allocation, how good it is, and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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
    target: int = Field(description="integer fair share: largest-remainder apportionment of the total")
    gap: float = Field(description="places - quota; negative = below its fair share")


class DraagkrachtRow(BaseModel):
    wijk: str
    municipality: str
    year: int
    capacity: float
    load: float
    use: float = Field(description="load / capacity (0 when capacity is 0 and load is 0)")


class BudgetRow(BaseModel):
    municipality: str
    year: int
    hosted_cost: float = Field(description="cost of the places in this municipality")
    pays: float = Field(description="its share of the regional cost under the payment key / ingroeipad")
    grant_share: float = Field(description="its share of the grants under the same key")
    transfer: float = Field(description="pays - hosted_cost: > 0 pays into the pool, < 0 receives")


class Transfer(BaseModel):
    year: int
    payer: str
    recipient: str
    amount: float


class BindingConstraint(BaseModel):
    group: str
    description: str
    gain: dict[str, float] = Field(
        default_factory=dict, description="objective terms that improve when this group is relaxed"
    )


class Relaxation(BaseModel):
    group: str
    description: str
    amount: float
    unit: str


class Diagnosis(BaseModel):
    message: str
    relaxations: list[Relaxation] = Field(default_factory=list)


class Result(BaseModel):
    region: str
    scenario: str
    status: Literal["optimal", "time_limit", "infeasible", "error"]
    solver: str
    solver_version: str
    gap: float | None = Field(None, description="relative MIP gap of the last stage")
    wall_time: float
    objective: dict[str, float] = Field(default_factory=dict)
    stages: list[dict[str, float | str | None]] = Field(default_factory=list)
    allocation: list[AllocationRow] = Field(default_factory=list)
    fair_share: list[FairShareRow] = Field(default_factory=list)
    draagkracht: list[DraagkrachtRow] = Field(default_factory=list)
    budget: list[BudgetRow] = Field(default_factory=list)
    budget_years: dict[int, dict[str, float]] = Field(default_factory=dict)
    transfers: list[Transfer] = Field(default_factory=list)
    unmet: dict[str, dict[int, int]] = Field(default_factory=dict)
    binding: list[BindingConstraint] = Field(default_factory=list)
    diagnosis: Diagnosis | None = None
    names: dict[str, str] = Field(default_factory=dict)
