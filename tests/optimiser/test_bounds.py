"""The coarse model (each municipality's wijken taken together) bounds the stages and changes no allocation."""

from __future__ import annotations

import pytest

from data import load_region, load_scenario
from models import Status
from optimiser.formulation import build, coarsen, prepare
from optimiser.solvers import backend
from optimiser.solving import run_stages, solve_stages


def test_coarsen_sums_each_municipalitys_wijken():
    region = load_region("dwo")
    data = prepare(region, load_scenario(region))
    coarse = coarsen(data)
    assert all(ws == [] for ws in coarse.wijken.values())
    for m, ws in data.wijken.items():
        assert coarse.draagkracht[m].capacity == pytest.approx(sum(data.draagkracht[w].capacity for w in ws))
        assert coarse.existing_load.get(m, 0.0) == pytest.approx(sum(data.existing_load.get(w, 0.0) for w in ws))
        # a BW location (20 places, weight 1) fits only in a wijk that can carry 20 more weighted places
        fitting = [w for w in ws if data.draagkracht[w].capacity - data.existing_load.get(w, 0.0) >= 20 - 1e-9]
        assert coarse.site_slots[m, "bw_locatie"] == len(fitting)
    assert sum(coarse.site_slots[m, "bw_locatie"] for m in data.wijken) < sum(len(ws) for ws in data.wijken.values())


@pytest.mark.parametrize("code", ["mvs", "maastricht-heuvelland"])
def test_coarse_optima_bound_the_stages_and_the_allocation_is_the_per_wijk_one(code: str):
    region = load_region(code)
    scenario = load_scenario(region)
    model, stages, values = solve_stages(region, scenario, backend("highs"))
    records = dict(stages)
    coarse = {n[len("municipal("):-1]: s for n, s in stages if n.startswith("municipal(")}
    assert coarse and all(s.status == Status.optimal for s in coarse.values())
    # a relaxation: no coarse optimum lies above the model's; before disruption they meet here
    for name, info in coarse.items():
        assert info.objective is not None and info.objective <= values[name] + 1e-6, name
        if name != "disruption":
            assert round(info.objective) == values[name], name
    assert records["located"].status == Status.optimal
    plain = build(region, scenario)
    _, plain_values = run_stages(plain, backend("highs"))
    assert values == plain_values
    for family in ("new", "closed", "y", "sites"):
        ours, theirs = getattr(model, family), getattr(plain, family)
        assert {k: round(v.varValue or 0) for k, v in ours.items()} == \
            {k: round(v.varValue or 0) for k, v in theirs.items()}, family



def test_a_solve_stopped_before_any_plan_says_so():
    """A stop asked before the first stage (or while the coarse model bounds the stages) ends the solve at once,
    with no plan and the stage it stopped in, never a solver failure."""
    import threading

    from models.i18n import Words
    from optimiser.report.wording import worded
    from optimiser.solving import solve_scenario

    region = load_region("mvs")
    stop = threading.Event()
    stop.set()
    result = solve_scenario(region, load_scenario(region), stop=stop)
    assert result.status == Status.time_limit and not result.allocation
    assert result.diagnosis is not None and result.diagnosis.failed_stage == "unmet"
    assert worded(result, Words("en")).diagnosis.message == "Stopped in stage unmet, before a plan was found."
    assert worded(result, Words("nl")).diagnosis.message == "Gestopt in stap unmet, voordat er een plan was."
