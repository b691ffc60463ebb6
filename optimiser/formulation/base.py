"""The allocation model's variables, its named constraint groups and its objective terms.

Decision variables (all integer):

- ``x[m,p,t]``  places of type p in municipality m in year t (= existing + new − closed)
- ``new[m,p,t]``  cumulative new places opened up to year t (never decreases)
- ``closed[m,p,t]``  cumulative existing places closed up to year t (never decreases)
- ``y[w,p,t]``  cumulative new places in wijk w (sums to ``new`` of its municipality)
- ``sites[a,p,t]``  sites of a clustered type in area a (a wijk, or the municipality without wijk data)
- ``unmet[p,t]``  demand the region cannot place

Every user-facing rule is a *group* of rows with a slack variable per row whose upper bound is 0 in a
normal solve. Diagnosis and "what would relaxing this gain" open those slacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulp

from optimiser.formulation.inputs import ModelData


@dataclass
class Group:
    key: str
    description: str
    unit: str
    rows: list[pulp.LpConstraint] = field(default_factory=list)
    slacks: list[pulp.LpVariable] = field(default_factory=list)


@dataclass
class AllocationModel:
    data: ModelData
    prob: pulp.LpProblem
    x: dict[tuple[str, str, int], pulp.LpVariable]
    new: dict[tuple[str, str, int], pulp.LpVariable]
    closed: dict[tuple[str, str, int], pulp.LpVariable]
    y: dict[tuple[str, str, int], pulp.LpVariable]
    sites: dict[tuple[str, str, int], pulp.LpVariable]
    unmet: dict[tuple[str, int], pulp.LpVariable]
    groups: dict[str, Group] = field(default_factory=dict)
    #: objective terms in lexicographic order: name -> linear expression (integer coefficients)
    terms: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)
    #: linear expressions reported in the result (e.g. cost per year)
    reports: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)
    _count: int = 0

    def soft(
        self,
        key: str,
        description: str,
        unit: str,
        lhs: pulp.LpAffineExpression,
        sense: str,
        rhs: float,
    ) -> pulp.LpConstraint:
        """Add ``lhs (<=|>=) rhs`` as a row of the named group, with a slack that is closed by default."""
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(key, description, unit)
        self._count += 1
        slack = self.prob.add_variable(f"s{self._count}", lowBound=0, upBound=0)
        if sense == "<=":
            row = lhs - slack <= rhs
        elif sense == ">=":
            row = lhs + slack >= rhs
        else:
            raise ValueError(f"unknown sense {sense!r}")
        self.prob += row, f"r{self._count}"
        group.rows.append(row)
        group.slacks.append(slack)
        return row

    def hard(self, row: pulp.LpConstraint) -> None:
        self._count += 1
        self.prob += row, f"h{self._count}"

    def wijk_areas(self, m: str) -> list[str]:
        """Where new places of municipality m go: its wijken, or the municipality itself."""
        return self.data.wijken[m] or [m]
