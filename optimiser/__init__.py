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

The names are imported on first use: ``import optimiser`` (and every command of the CLI, which imports parts of
it) loads pandas, openpyxl and the solvers only where they are needed.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: public name -> (module, name there)
_PUBLIC = {
    "PackError": ("data", "PackError"), "list_regions": ("data", "list_regions"),
    "list_scenarios": ("data", "list_scenarios"), "load_region": ("data", "load_region"),
    "load_scenario": ("data", "load_scenario"), "derive": ("data", "derive_scenario"),
    "Region": ("models", "Region"), "Result": ("models", "Result"), "Scenario": ("models", "Scenario"),
    "apportion": ("optimiser.apportion", "apportion_table"),
    "compare": ("optimiser.report.compare", "compare"), "diff": ("optimiser.report.compare", "diff"),
    "differing_cells": ("optimiser.report.compare", "differing_cells"),
    "kpis": ("optimiser.report.compare", "kpis"), "what_if": ("optimiser.report.compare", "what_if"),
    "sweep": ("optimiser.report.sweep", "sweep"), "solve": ("optimiser.solving", "solve_scenario"),
    "write_model": ("optimiser.solving", "write_model"), "per_variant": ("optimiser.sweep", "per_variant"),
    "why": ("optimiser.why", "why"),
}

__all__ = ["PackError", "Region", "Result", "Scenario", "apportion", "compare", "derive", "diff", "differing_cells",
           "kpis", "list_regions", "list_scenarios", "load_region", "load_scenario", "per_variant", "solve",
           "sweep", "what_if", "why", "write_model"]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'optimiser' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


class _Public(types.ModuleType):
    """``sweep``, ``why`` and ``apportion`` are functions here and modules below (``optimiser.sweep``...):
    importing such a module sets it as this package's attribute, which keeps the public function hidden. The
    function wins, as it did when this module imported every name at once; the module stays in
    ``sys.modules`` for ``from optimiser.sweep import ...``."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Public
