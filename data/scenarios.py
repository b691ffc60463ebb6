"""Reading a scenario however the user gives it: a name in the region's pack, a YAML/JSON file, or a filled
Excel template."""

from __future__ import annotations

from pathlib import Path

from data.pack import WORKBOOKS, load_pack_scenario
from models import Region, Scenario


def load_scenario(region: Region, scenario: str | Path | None = None) -> Scenario:
    """A scenario by name from the region's pack, from a YAML/JSON file path, or from a filled Excel template
    (``regio template``)."""
    if scenario is not None and Path(scenario).suffix.lower() in WORKBOOKS:
        from data.scenario_workbook import read_template  # openpyxl: loaded for a workbook only

        return read_template(region, Path(scenario))
    return load_pack_scenario(region, scenario)
