"""Every rule family of the formulation has a check, and the checks stay independent of the model."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import optimiser.formulation
import optimiser.verify
from models import Result
from optimiser.verify import CHECKS, verify
from tests.factories import tiny_region, tiny_scenario

HELPERS = {"base", "inputs", "canonical"}  # canonical: the tie-break among equal optima, not a rule


def formulation_families() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(optimiser.formulation.__path__) if m.name not in HELPERS)


def test_every_formulation_family_has_a_check():
    families = formulation_families()
    assert len(families) == 12
    missing = [f for f in families if f not in CHECKS]
    assert missing == [], f"rule families without a verifier check: {missing}"
    assert sorted(CHECKS) == families


def test_each_check_lives_in_a_module_of_its_family_name():
    for family, check in CHECKS.items():
        assert check.__module__ == f"optimiser.verify.{family}"


def test_the_verifier_does_not_read_the_model():
    for path in Path(optimiser.verify.__path__[0]).glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                assert not name.startswith(("optimiser.formulation", "optimiser.extract", "optimiser.solving")), (
                    f"{path.name} imports {name}")


def test_a_result_without_an_allocation_has_nothing_to_check():
    result = Result(region="tiny", scenario="test", status="infeasible", solver="highs", solver_version="x",
                    wall_time=0.0)
    assert verify(tiny_region(), tiny_scenario(), result) == []


def test_unknown_family_is_refused():
    result = Result(region="tiny", scenario="test", status="optimal", solver="highs", solver_version="x",
                    wall_time=0.0)
    with pytest.raises(ValueError, match="unknown rule families"):
        verify(tiny_region(), tiny_scenario(), result, families=["core", "parking"])
