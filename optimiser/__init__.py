"""regio for analysts: one module to load a region pack, derive what-if scenarios, solve and compare.

    import optimiser as regio

    region = regio.load_region("dwo")                      # a shipped pack by code, or a pack folder
    base = regio.load_scenario(region)                     # the pack's default scenario, or a name / file
    capped = regio.derive(region, base, {"caps": {"GM0503": {"bw": {2026: 10}}}})  # validated like a file
    result = regio.solve(region, capped)                   # a typed Result
    regio.write_model(region, capped, "capped.lp")         # the first stage's model, in LP format
    table = regio.what_if(region, base, {"Delft 10 BW from 2026": {"caps": {"GM0503": {"bw": {2026: 10}}}}})
    answer = regio.why(region, base, result, "Pijnacker-Nootdorp", "bw")  # why this number (one more solve)
    frame = regio.sweep("dwo", "hoger.yaml", out="hoger")  # many variants: one row per variant and municipality
"""

from data import PackError, list_regions, list_scenarios, load_region, load_scenario
from data import derive_scenario as derive
from models import Region, Result, Scenario
from optimiser.apportion import apportion_table as apportion
from optimiser.report.compare import compare, diff, differing_cells, kpis, what_if
from optimiser.report.sweep import sweep
from optimiser.solving import solve_scenario as solve
from optimiser.solving import write_model
from optimiser.sweep import per_variant
from optimiser.why import why

__all__ = ["PackError", "Region", "Result", "Scenario", "apportion", "compare", "derive", "diff", "differing_cells",
           "kpis", "list_regions", "list_scenarios", "load_region", "load_scenario", "per_variant", "solve",
           "sweep", "what_if", "why", "write_model"]
