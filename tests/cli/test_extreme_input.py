"""Random and extreme scenarios never end in a stack trace.

Each example lays one or more odd values (numbers from tiny to 1e308, inf, nan, negatives, text, nested
garbage, unknown codes) over the tiny scenario at fields a working group edits, then hands the scenario to
the command line (as a YAML file) and to the Python API (``optimiser.derive`` and ``optimiser.solve``). Either
it is refused with a readable message that names the field, or it is solved (or diagnosed as infeasible);
``regio apportion`` and ``regio show --wijken`` read the same file.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import optimiser
from cli import app
from models import Status
from models.limits import MAX_EUROS, MAX_INGROEIPAD_YEARS, MAX_PLACES, MAX_PLACES_PER_1000
from tests.factories import tiny_region, tiny_scenario

runner = CliRunner()

#: fields a working group edits, as paths into the scenario's JSON form
PATHS: list[tuple[str, ...]] = [
    ("demand", "bw", "2024"), ("demand", "flex", "2026"), ("demand", "bw"), ("demand",), ("demand", "xx"),
    ("years",), ("key",), ("key_shares",), ("key_shares", "GM0001"), ("type_keys", "bw"),
    ("key", "2025"), ("key_shares", "2025"), ("key_shares", "2026", "GM0001"), ("type_keys", "flex", "2025"),
    ("fair_share", "tolerance"), ("fair_share", "enabled"),
    ("draagkracht", "places_per_1000"), ("draagkracht", "weights", "p_hh_li"), ("draagkracht", "weights"),
    ("draagkracht", "thresholds", "p_hh_li"), ("draagkracht", "overrides", "WK000101"),
    ("draagkracht", "overrides"), ("draagkracht", "enabled"),
    ("sites", "max_sites_per_wijk"), ("sites", "enabled"),
    ("budget", "enabled"), ("budget", "extra", "2024"), ("budget", "fixed_costs", "2025"),
    ("budget", "municipality_caps", "GM0001"), ("budget", "payment_key"), ("budget", "ingroeipad_years"),
    ("budget", "ingroeipad_start"), ("budget", "distributions"),
    ("transitions", "max_shift_per_year", "bw"), ("transitions", "keep_current"), ("transitions", "precedence"),
    ("transitions", "no_close_before_open"),
    ("spreading", "mode"), ("spreading", "min_distance_m"), ("spreading", "neighbour_cap"),
    ("hosting", "bw"), ("hosting", "flex"), ("hosting",),
    ("caps", "GM0001", "bw"), ("caps", "GM0002"), ("caps",),
    ("candidate_sites",), ("apportion_types",), ("solver", "seed"), ("solver", "gap"), ("name",), ("title",),
]

EXTREMES = [0, 1, -1, 2, 24, 39_999, 40_000, 40_001, 999_999, 10**6 + 1, 10**30, 2**63, -(10**40), 1e-300, 5e-324,
            1e30, 1e308, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), 0.5, -0.0]
CODES = ["GM0001", "GM0002", "GM9999", "WK000101", "WK999999", "bw", "flex", "xx", "objectief", "", "nan", "inf",
         "1e400", "veel", "min_distance", "neighbour_cap", "none"]

numbers = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
)
texts = st.one_of(st.sampled_from(CODES), st.text(max_size=8))
leaves = st.one_of(numbers, texts, st.booleans(), st.none())
garbage = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(texts, st.integers(min_value=2000, max_value=2100).map(str)), inner, max_size=3),
    ),
    max_leaves=8,
)
#: values a working group might well enter, so that some examples get through to the solver
plausible = st.one_of(
    st.integers(min_value=0, max_value=60), st.floats(min_value=0, max_value=1), st.booleans(),
    st.sampled_from([["GM0001"], ["GM0002", "GM0001"], ["bw"], {"GM0001": 0.5, "GM0002": 0.5}, "min_distance",
                     "neighbour_cap", "objectief", [2024, 2025, 2026]]),
)
edits = st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(plausible, plausible, numbers, texts, garbage)),
                 min_size=1, max_size=3)

#: the origin, then the field path (odd keys quoted: ``':'``, ``' x'``), then why
FIELD_PATH = re.compile(r"^what-if: (?:[^:\s'\"]|'[^']*'|\"[^\"]*\")(?:[^:'\"]|'[^']*'|\"[^\"]*\")*: ")


def base_doc() -> dict[str, Any]:
    return json.loads(tiny_scenario(solver={"explain": False, "time_limit": 5}).model_dump_json())


def lay(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``value`` at ``path``, making mappings on the way (replacing whatever stood in their place)."""
    here = doc
    for key in path[:-1]:
        if not isinstance(here.get(key), dict):
            here[key] = {}
        here = here[key]
    here[path[-1]] = copy.deepcopy(value)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    doc = json.loads(tiny_region().model_dump_json())
    (folder / "region.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FAST
@given(changes=edits)
def test_the_command_line_never_shows_a_traceback(pack: Path, tmp_path_factory: pytest.TempPathFactory,
                                                  changes: list[tuple[tuple[str, ...], Any]]) -> None:
    doc = base_doc()
    for path, value in changes:
        lay(doc, path, value)
    file = tmp_path_factory.mktemp("scenario") / "odd.yaml"
    file.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for command in (["solve", str(pack), "--scenario", str(file), "--no-explain", "--time-limit", "5"],
                    ["apportion", str(pack), "--scenario", str(file)],
                    ["show", str(pack), "--wijken", "--scenario", str(file)]):
        result = runner.invoke(app, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), (changes, result.exception)
        assert result.exit_code in (0, 1, 2), (changes, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output, (changes, result.output)
        if result.exit_code == 2:
            lines = [line for line in result.output.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("regio: error: odd.yaml: "), (changes, result.output)


def as_changes(edits: list[tuple[tuple[str, ...], Any]] | Any) -> Any:
    """Edits as the nested mapping ``derive`` takes; anything else (garbage) as it is."""
    if not isinstance(edits, list) or not all(isinstance(e, tuple) for e in edits):
        return edits
    what_if: dict[str, Any] = {}
    for path, value in edits:
        lay(what_if, path, value)
    return what_if


@FAST
@given(changes=st.one_of(edits, edits, edits, garbage))
def test_the_python_api_raises_only_errors_that_name_the_field(changes: Any) -> None:
    region = tiny_region()
    base = tiny_scenario(solver={"explain": False, "time_limit": 5})
    what_if = as_changes(changes)
    try:
        scenario = optimiser.derive(region, base, what_if)
    except optimiser.PackError as exc:  # a ValueError
        message = str(exc)
        assert "\n" not in message and FIELD_PATH.match(message), message
        return
    try:
        result = optimiser.solve(region, scenario)
    except ValueError as exc:  # a rule the region cannot meet, found while building the model
        message = str(exc)
        assert "\n" not in message and re.match(r"^[\w.\[\] -]+: ", message), message
        return
    assert result.status in (Status.optimal, Status.time_limit, Status.infeasible), (changes, result.status)


def test_numbers_at_their_ceilings_still_solve() -> None:
    """The ceilings are not just refusals: a scenario with every number at its ceiling reaches an answer."""
    region = tiny_region()
    people = int(region.population() or 0)
    assert people == 40_000
    at_ceiling = {
        "demand": {t: {str(y): people for y in (2024, 2025, 2026)} for t in ("bw", "flex")},
        "draagkracht": {"places_per_1000": MAX_PLACES_PER_1000, "overrides": {"WK000101": MAX_PLACES}},
        "caps": {"GM0001": {"bw": MAX_PLACES}}, "fair_share": {"tolerance": MAX_PLACES},
        "budget": {"enabled": True, "payment_key": "objectief", "ingroeipad_years": MAX_INGROEIPAD_YEARS,
                   "extra": {"2024": MAX_EUROS}, "fixed_costs": {"2025": -MAX_EUROS},
                   "municipality_caps": {"GM0002": MAX_EUROS}},
        "transitions": {"max_shift_per_year": {"bw": MAX_PLACES}},
        "spreading": {"mode": "neighbour_cap", "neighbour_cap": MAX_PLACES},
        "sites": {"max_sites_per_wijk": MAX_PLACES},
    }
    base = tiny_scenario(solver={"explain": False, "time_limit": 5})
    result = optimiser.solve(region, optimiser.derive(region, base, at_ceiling))
    assert result.status == Status.optimal
    assert 0 < result.objective["unmet"] < 6 * people  # the wijken cannot take 80,000 places a year
    costly = optimiser.derive(region, base, at_ceiling | {"budget": {"enabled": True, "fixed_costs": {
        "2025": MAX_EUROS}}})
    refused = optimiser.solve(region, costly)
    assert refused.status == Status.infeasible and refused.diagnosis is not None


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English, as ``REGIO_LANG=en`` asks; tests/cli/test_dutch_messages.py reads
    the Dutch default."""
    monkeypatch.setenv("REGIO_LANG", "en")
