"""Region packs (one folder per region) and the code that reads and builds them."""

from data.loader import PackError, list_regions, list_scenarios, load_region, load_scenario, pack_dir

__all__ = ["PackError", "list_regions", "list_scenarios", "load_region", "load_scenario", "pack_dir"]
