"""The same sweep on a Dask scheduler with two worker processes gives the same table as the local process pool."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from optimiser.sweep import per_variant, plan, run_sweep
from tests.processes import dask_scheduler, free_port, stop

ROOT = Path(__file__).resolve().parents[2]
SPEC = {"vary": {"demand.bw.*": ["x0.9", "x1.0", "x1.2"], "caps.GM0150.bw": [60, 120]}}


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask scheduler and two single-threaded worker processes, started as an operator would."""
    from distributed import Client

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = (tmp_path_factory.mktemp("dask") / "dask.log").open("w")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        with dask_scheduler(logs, env) as address:
            for n in range(2):
                workers.append(subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads",
                     "1", "--no-dashboard", "--name", f"worker-{n}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                    stderr=logs, env=env))
            with Client(address, timeout="10s") as client:
                client.wait_for_workers(2, timeout=60)
                assert len(client.scheduler_info()["workers"]) == 2
            yield address
            stop(*workers)
    finally:
        stop(*workers)
        logs.close()


def test_a_sweep_on_dask_gives_the_same_table_as_on_this_machine(scheduler: str, tmp_path: Path) -> None:
    region, variants, _ = plan("midden-ijssel", SPEC)
    local = run_sweep(region, variants, tmp_path / "local", workers=2).table()
    on_dask = run_sweep(region, variants, tmp_path / "dask", executor_name="dask", scheduler=scheduler)
    assert on_dask.solved == 6
    remote = on_dask.table()
    assert len(local) == len(remote) == 6 * 5
    assert local.drop(columns="seconds").equals(remote.drop(columns="seconds"))
    rows = per_variant(remote)
    assert list(rows["status"]) == ["infeasible", "optimal"] * 3
    # the allocations themselves, not only the figures: place for place
    for variant in variants:
        a = (tmp_path / "local" / "results" / variant.digest / "result.json").read_text(encoding="utf-8")
        b = (tmp_path / "dask" / "results" / variant.digest / "result.json").read_text(encoding="utf-8")
        assert _allocation(a) == _allocation(b)


def _allocation(text: str) -> list[tuple[str, str, str, int, int]]:
    from models import Result

    result = Result.model_validate_json(text)
    return sorted((a.municipality, a.wijk or "", a.type, a.year, a.places) for a in result.allocation)


def test_a_scheduler_that_does_not_answer_is_named() -> None:
    with pytest.raises(ValueError, match=r"^--scheduler: no Dask scheduler answers at tcp://127.0.0.1:"):
        run_sweep(*plan("midden-ijssel", {"vary": {"demand.bw.*": ["x1.0"]}})[:2], None, executor_name="dask",
                  scheduler=f"tcp://127.0.0.1:{free_port()}")
