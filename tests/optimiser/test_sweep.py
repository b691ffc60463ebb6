"""Sweeps from Python: one tidy table, identical variants solved once, results kept so a stopped sweep resumes,
an infeasible variant kept with its diagnosis and a failing one with its error."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import optimiser as regio
from data import load_region, load_scenario
from optimiser.executors import executor
from optimiser.report.compare import kpis
from optimiser.sweep import per_variant, plan, run_sweep, sweep_table

MI = "midden-ijssel"
CHANGES = [{"name": "basis"}, {"name": "hoger", "demand.bw.*": "x1.2"}, {"name": "deventer-60", "caps.GM0150.bw": 60},
           {"name": "dubbel", "demand.bw.*": "x1.0"}]


def test_a_sweep_gives_one_row_per_variant_and_municipality_with_the_solves_figures(tmp_path: Path) -> None:
    region, variants, _ = plan(MI, {"mode": "list", "variants": CHANGES})
    calls: list[tuple[int, int, str]] = []
    run = run_sweep(region, variants, tmp_path, workers=2, progress=lambda d, t, n: calls.append((d, t, n)))
    # "dubbel" is the base scenario again: the same content hash, solved once
    assert run.distinct == 3 and run.solved == 3 and run.earlier == 0
    assert calls[0] == (0, 3, "") and [c[0] for c in calls] == [0, 1, 2, 3]
    table = run.table()
    assert len(table) == 4 * 5 and list(table["municipality"][:5]) == ["GM0150", "GM0262", "GM1773", "GM0177", "GM0301"]
    rows = per_variant(table).set_index("variant")
    assert list(rows["status"]) == ["optimal", "optimal", "infeasible", "optimal"]

    # the figures are the solve's own: the same scenario solved directly
    base = regio.derive(region, load_scenario(region), {"solver": {"explain": False}})
    direct = {"basis": regio.solve(region, base),
              "hoger": regio.solve(region, regio.derive(region, base, {"demand": {"bw": {2024: 214, 2025: 211,
                                                                                        2026: 208}}}))}
    for name, result in direct.items():
        figures = kpis(result)
        assert rows.loc[name, "unmet"] == figures["unmet"] == 0
        assert rows.loc[name, "max_fair_share_gap"] == figures["max_fair_share_gap"]
        mine = table[table["variant"] == name]
        assert mine["new_places"].sum() == figures["new_places"]
    assert rows.loc["basis", "max_fair_share_gap"] == pytest.approx(3.02, abs=1e-3)
    assert rows.loc["basis", "total_fair_share_gap"] == pytest.approx(8.0, abs=1e-3)
    assert rows.loc["hoger", "total_fair_share_gap"] == pytest.approx(16.93, abs=1e-2)
    same = ["hash", "status", "unmet", "max_fair_share_gap", "total_fair_share_gap", "max_draagkracht_use"]
    assert rows.loc["dubbel", same].equals(rows.loc["basis", same])
    # Deventer holds 76 BW places today and none may go: a cap of 60 is 16 short in every year
    assert "60" in rows.loc["deventer-60", "diagnosis"] and "16 plekken" in rows.loc["deventer-60", "diagnosis"]
    assert pd.isna(rows.loc["deventer-60", "unmet"])


def test_the_python_sweep_writes_the_table_charts_and_resumes(tmp_path: Path) -> None:
    spec = {"vary": {"demand.bw.*": ["x1.0", "x1.2"], "draagkracht.places_per_1000": [3.0, 5.0]}}
    table = regio.sweep(MI, spec, out=tmp_path, workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["charts", "results", "sweep.csv", "sweep.parquet",
                                                          "sweep.xlsx", "variants.json"]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["demand_bw.png",
                                                                     "draagkracht_places_per_1000.png"]
    assert len(list((tmp_path / "results").glob("*/result.json"))) == 4
    csv, parquet = pd.read_csv(tmp_path / "sweep.csv"), pd.read_parquet(tmp_path / "sweep.parquet")
    assert len(csv) == len(parquet) == len(table) == 20
    assert list(csv["demand.bw.*"].unique()) == [1.0, 1.2]
    assert csv["max_fair_share_gap"].tolist() == parquet["max_fair_share_gap"].tolist()
    book = load_workbook(tmp_path / "sweep.xlsx")
    assert book.sheetnames == ["Varianten", "Per gemeente", "Wijzigingen"]
    assert [c.value for c in book["Varianten"][1]][:6] == ["variant", "demand.bw.*", "draagkracht.places_per_1000",
                                                          "inhoudshash", "status", "gap (relatief)"]
    assert book["Varianten"]["E2"].value == "optimaal"
    # a second call finds every result and solves nothing
    region, variants, _ = plan(MI, spec)
    again = run_sweep(region, variants, tmp_path)
    assert (again.solved, again.earlier) == (0, 4)
    assert again.table().drop(columns="seconds").equals(table.drop(columns="seconds"))


def test_a_stopped_sweep_solves_only_the_rest_when_started_again(tmp_path: Path) -> None:
    region, variants, _ = plan(MI, {"vary": {"demand.bw.*": ["x0.9", "x1.0", "x1.1", "x1.2"],
                                             "draagkracht.places_per_1000": [3.0, 4.0, 6.0]}})

    def stop_after_four(done: int, total: int, name: str) -> None:
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(region, variants, tmp_path, workers=2, progress=stop_after_four)
    kept = len(list((tmp_path / "results").glob("*/result.json")))
    assert kept == 4 and not list((tmp_path / "results").glob("*/*.part"))
    seen: list[int] = []
    rest = run_sweep(region, variants, tmp_path, workers=2, progress=lambda d, t, n: seen.append(t))
    assert (rest.earlier, rest.solved, seen[0]) == (4, 8, 8)
    assert set(per_variant(rest.table())["status"]) == {"optimal"}


def _halve(n: int) -> float:
    if n == 3:
        raise RuntimeError("three is odd")
    return n / 2


def test_a_failing_job_is_kept_with_its_error_and_the_others_finish() -> None:
    with executor("local", workers=2) as run:
        outcomes = dict(run(_halve, {"a": 2, "b": 3, "c": 4}))
    assert outcomes["a"] == 1.0 and outcomes["c"] == 2.0
    assert isinstance(outcomes["b"], RuntimeError) and str(outcomes["b"]) == "three is odd"
    region = load_region(MI)
    _, variants, _ = plan(region, {"mode": "list", "variants": [{"name": "kapot"}]})
    table = sweep_table(region, variants, {variants[0].digest: "RuntimeError: three is odd"})
    assert set(table["status"]) == {"error"} and set(table["diagnosis"]) == {"RuntimeError: three is odd"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": "spark"}, "--executor: 'spark' is not an executor; choose local or dask"),
    ({"workers": 0}, "--workers: 0 is not a number of workers; give 1 or more"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "--scheduler: a scheduler address needs --executor dask"),
])
def test_an_executor_that_cannot_be_is_named(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")), executor(**kwargs):
        pass


def test_the_readme_sweep_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Sweeps", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(code) == 1 and "regio.sweep(" in code[0]
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(code[0], "README.md", "exec"), names)  # noqa: S102 - the README's own example
    rows = regio.per_variant(names["table"])  # type: ignore[arg-type]
    assert list(rows["variant"]) == ["v1", "v2", "v3", "v4"] and set(rows["status"]) == {"optimal"}
    # a norm of 3 places per 1,000 inhabitants is used harder than one of 5: the same places, less room
    assert list(rows["max_draagkracht_use"]) == pytest.approx([0.0, 0.0, 0.5, 0.2941], abs=1e-4)
    deventer = names["deventer"]
    assert len(deventer) == 4 and list(deventer["new_places"]) == [0, 0, 15, 15]  # type: ignore[call-overload]
    assert (tmp_path / "hoger-py" / "sweep.xlsx").is_file()
