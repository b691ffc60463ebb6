"""Region packs (one folder per region) and the code that reads and builds them."""

from data.pack import (
    PackError,
    derive_scenario,
    list_regions,
    list_scenarios,
    load_region,
    pack_dir,
    parse_scenario,
)
from data.scenarios import load_scenario

__all__ = ["PackError", "derive_scenario", "list_regions", "list_scenarios", "load_region", "load_scenario",
           "pack_dir", "parse_scenario"]
