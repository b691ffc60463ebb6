"""The canonical tie-break: one allocation per input, whichever solver runs and however columns are ordered.

After the last objective term (disruption) is optimal and fixed, several allocations are often still equally
good in every term: a flexwoning in one wijk or the next, a BW place in Delft or in a neighbour with the
same deviations, a site of one type or another in a wijk. Which of them a solver returns depends on the
solver, its version and the order of the columns (PuLP hands variables over sorted by name, so renaming a
variable family once changed seed allocations).

The tie-break takes that freedom away in three more lexicographic steps, each over the variables that
define one level of the allocation:

1. ``canonical(municipalities)``: ``closed[m,p,t]`` and ``new[m,p,t]``, the places kept and opened per
   municipality, type and year;
2. ``canonical(wijken)``: ``y[a,p,t]``, the new places per wijk (or municipality without wijk data);
3. ``canonical(sites)``: ``sites[a,g,t]``, the sites per area.

Every other variable (``x``, deviations, slacks, helper flags) follows from these or does not show in a
result. Each step minimises ``sum(weight(v) * v)`` over its variables, with every term's optimum still fixed,
and then holds its variables at the values found (bounds, restored afterwards) before the next step. Each
weight is a whole number in ``1..WEIGHTS`` taken from a BLAKE2b hash of what the variable *means* (its family
and index: ``y|WK050311|bw|2026``), never from its PuLP name or its position: renaming a variable,
reordering the types or municipalities of a region, or another backend does not change any weight.

Why every backend returns the same allocation: the weights and the variables are integers, so a step's
objective is an integer, and a step stops at an absolute gap below 1 (``optimiser.solvers.ABS_GAP``), which
proves the least value is reached. When one assignment of the step's variables reaches that value, every
backend that proves optimality returns it, and the next step starts from the same fixed values. That is the
case unless two equally good assignments happen to have the same weighted sum. For weights drawn uniformly
from ``1..N`` the chance of that is at most ``n * K / N`` (the isolation lemma of Mulmuley, Vazirani and
Vazirani, for integer vectors: n variables that differ between the equal optima, each taking at most K + 1
values among them), and a hash of distinct names behaves as such a draw. With ``N = 2^20`` and a few hundred
variables that differ between the ties, each over a handful of values, the bound is below one percent, and in
practice far smaller: a tie needs two different moves of places whose weights cancel exactly.

The remaining risks: such a hash tie (the allocation is then still optimal in every term and reproducible
with one backend, but two backends may differ); a step stopped by the time limit (its stage record says so,
and the allocation is still optimal in every proven term); solver tolerances, which the rounding to whole
places absorbs.

Why steps and not one stage: one weighted stage over all four families gives the same guarantee but makes the
solver settle the municipal totals and the wijk layout in one search, which took as long as all the terms
together on Maastricht-Heuvelland (its solve twice as slow); fixing the municipal level first leaves the wijk
step a small problem. Measured with HiGHS on one thread, the three steps add about 0.5 s to DWO's solve
(1.75 -> 2.25 s CPU) and 0.8 s to Maastricht-Heuvelland's (1.95 -> 2.75 s), less than 0.1 s to MVS and
Midden-IJssel. Folding the tie-break into the disruption term instead would need that term scaled until its
smallest step (100) exceeds the tie-break's range (some 10^8 with these weights), pushing it to some 10^14,
beyond what a double-precision solver proves to a gap below 1.

The weighted sums have no meaning of their own: they are stages in ``result.stages`` but not objective terms.
"""

from __future__ import annotations

import hashlib

import pulp

from optimiser.formulation.base import AllocationModel, Index, TieBreak

#: weights are whole numbers in 1..WEIGHTS
WEIGHTS = 2**20


def weight(family: str, *index: Index) -> int:
    """The tie-break weight of a variable, from its family and index only (stable across runs and machines)."""
    meaning = "|".join([family, *(str(i) for i in index)])
    digest = hashlib.blake2b(meaning.encode("utf-8"), digest_size=8).digest()
    return 1 + int.from_bytes(digest, "big") % WEIGHTS


def _weighted(*families: tuple[str, dict[tuple[str, str, int], pulp.LpVariable]]) -> list[tuple[pulp.LpVariable, int]]:
    return [(variables[key], weight(family, *key)) for family, variables in families for key in sorted(variables)]


def add(model: AllocationModel) -> None:
    """Set the model's tie-break steps (see the module docstring)."""
    model.tie_break = [
        TieBreak("canonical(municipalities)", _weighted(("closed", model.closed), ("new", model.new))),
        TieBreak("canonical(wijken)", _weighted(("y", model.y))),
        TieBreak("canonical(sites)", _weighted(("sites", model.sites))),
    ]
