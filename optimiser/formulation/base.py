"""The allocation model's variables, its named constraint groups and its objective terms.

Decision variables (all integer):

- ``x[m,p,t]``  places of type p in municipality m in year t (= existing + new − closed)
- ``new[m,p,t]``  cumulative new places opened up to year t (never decreases)
- ``closed[m,p,t]``  cumulative existing places closed up to year t (never decreases)
- ``y[w,p,t]``  cumulative new places in wijk w (sums to ``new`` of its municipality)
- ``sites[a,p,t]``  sites of a clustered type in area a (a wijk, or the municipality without wijk data)
- ``unmet[p,t]``  demand the region cannot place
- ``surplus(p,t)``  places above demand beyond today's places closing the next year (``surplus``)

Every user-facing rule is a *group* of rows with a slack variable per row whose upper bound is 0 in a
normal solve. Diagnosis and "what would relaxing this gain" open those slacks.

Names: every variable, row and group is named by its family and its index, ``family(i1,i2,...)``, so an
LP file, a log line and an explanation point at the same thing: variables ``x(GM0503,bw,2024)``,
``y(WK050311,bw,2024)``, ``unmet(bw,2024)``; rows ``balance(GM0503,bw,2024)``, ``coverage(bw,2024)``;
groups ``budget(2024)``, ``cap(GM0503,bw)``, ``draagkracht(WK050311)``. A group's rows carry the group's
index followed by their own (``cap(GM0503,bw,2024)``); a group of one row shares its name. The slack of a
row is ``shortfall_`` + the row's name: how far the row falls short of its limit. Parentheses and commas,
because PuLP turns ``-+[] ->/`` into ``_`` and the CPLEX LP format allows them in names.

Names set the solver's column order (PuLP hands the variables over sorted by name), which once decided how
ties between equally good allocations broke. The canonical tie-break (``canonical``) now settles those ties
by the variables' meaning, so renaming a variable family no longer changes an allocation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulp

from optimiser.formulation.inputs import ModelData

#: one part of a name's index: a code or a year
Index = str | int


def name(family: str, *index: Index) -> str:
    """``family(i1,i2,...)``, or the family alone without an index."""
    return f"{family}({','.join(str(i) for i in index)})" if index else family


@dataclass
class Group:
    """A rule: rows with a slack each (upper bound 0 in a normal solve), and variables whose upper bound of 0
    is part of the rule (``bounds``: variable -> its bound when the rule is relaxed). ``family`` is the kind
    of rule (``cap``, ``site_min``, ``draagkracht_override``, ...); municipality, type and year say what the
    rule is about where it is about one."""

    key: str
    description: str
    unit: str
    family: str = ""
    municipality: str | None = None
    type: str | None = None
    year: int | None = None
    #: the rule's figures and names, for wording it in any language (see ``optimiser.report.wording``)
    params: dict[str, str | int | float] = field(default_factory=dict)
    rows: list[pulp.LpConstraint] = field(default_factory=list)
    slacks: list[pulp.LpVariable] = field(default_factory=list)
    bounds: dict[pulp.LpVariable, float] = field(default_factory=dict)
    #: rows that hold only while the group is relaxed (name, row): they shape the relaxation and would
    #: only slow a normal solve, whose closed slacks make them hold anyway
    links: list[tuple[str, pulp.LpConstraint]] = field(default_factory=list)


@dataclass
class TieBreak:
    """One step of the canonical tie-break: minimise ``sum(weight * variable)``, then hold the variables at
    their values (see ``canonical``)."""

    name: str
    weights: list[tuple[pulp.LpVariable, int]]


@dataclass
class AllocationModel:
    """The model; row names are unique (PuLP refuses a second row of the same name)."""

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
    #: the canonical tie-break after every term, in order (see ``canonical``); not objective terms
    tie_break: list[TieBreak] = field(default_factory=list)
    #: building name -> today's places of its types converted by the last year (see ``buildings``)
    converted: dict[str, pulp.LpVariable] = field(default_factory=dict)
    #: area -> draagkracht load the buildings standing there add, in thousandths of a weighted place
    building_load: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)
    #: the coarse model that bounded this one's stages, solved, with its terms' values (``optimiser.solving``)
    coarse: AllocationModel | None = None
    coarse_values: dict[str, float] = field(default_factory=dict)

    def soft(
        self,
        family: str,
        index: tuple[Index, ...],
        description: str,
        unit: str,
        lhs: pulp.LpAffineExpression,
        sense: str,
        rhs: float,
        at: tuple[Index, ...] = (),
        *,
        kind: str | None = None,
        municipality: str | None = None,
        ptype: str | None = None,
        year: int | None = None,
        params: dict[str, str | int | float] | None = None,
    ) -> pulp.LpConstraint:
        """Add ``lhs (<=|>=) rhs`` as a row of group ``family(index)``, with a slack that is closed by default.

        ``at`` tells the group's rows apart (a year, a type, ...): the row is ``family(index,at)``. ``kind``
        is the group's family where it differs from the name's (a draagkracht override); municipality, type
        and year say what the rule is about.
        """
        key = name(family, *index)
        row_name = name(family, *index, *at)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(key, description, unit, kind or family, municipality, ptype, year,
                                             dict(params or {}))
        slack = self.prob.add_variable(f"shortfall_{row_name}", lowBound=0, upBound=0)
        if sense == "<=":
            row = lhs - slack <= rhs
        elif sense == ">=":
            row = lhs + slack >= rhs
        else:
            raise ValueError(f"unknown sense {sense!r}")
        self.prob += row, row_name
        group.rows.append(row)
        group.slacks.append(slack)
        return row

    def bound(
        self,
        family: str,
        index: tuple[Index, ...],
        description: str,
        unit: str,
        var: pulp.LpVariable,
        relaxed: float,
        *,
        kind: str | None = None,
        municipality: str | None = None,
        ptype: str | None = None,
        params: dict[str, str | int | float] | None = None,
    ) -> None:
        """Hold ``var`` at 0 as part of group ``family(index)`` (of family ``kind`` where that differs):
        relaxing the group lifts its upper bound to ``relaxed``."""
        key = name(family, *index)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(key, description, unit, kind or family, municipality, ptype,
                                             params=dict(params or {}))
        var.upBound = 0
        group.bounds[var] = relaxed

    def hard(self, row: pulp.LpConstraint, family: str, *index: Index) -> None:
        """Add a structural row (never relaxed) named ``family(index)``."""
        self.prob += row, name(family, *index)

    def wijk_areas(self, m: str, p: str | None = None) -> list[str]:
        """Where new places of municipality m (of type p) go: its wijken, or the municipality itself (no wijk
        data, or a type placed at municipality level)."""
        if p is not None and not self.data.region.provision_type(p).in_wijken:
            return [m]
        return self.data.wijken[m] or [m]
