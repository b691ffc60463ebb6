"""Read region packs: ``region.yaml`` + ``municipalities.csv`` + ``wijken.csv`` + ``scenarios/*.yaml``."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from data.boundaries import pack_boundaries
from models import INDICATORS, Municipality, Region, Scenario
from models.errors import describe
from models.keys import shares_from_indicators

log = logging.getLogger(__name__)

PACKS = Path(__file__).resolve().parent / "packs"


class PackError(ValueError):
    """A region pack or scenario that cannot be read; the message names the file and field."""


def list_regions() -> list[str]:
    return sorted(p.name for p in PACKS.iterdir() if (p / "region.yaml").is_file())


def pack_dir(region: str | Path) -> Path:
    """The folder of a region given its code (``dwo``) or a path to a pack folder."""
    path = Path(region)
    if path.is_dir() and (path / "region.yaml").is_file():
        return path
    folder = PACKS / str(region)
    if not (folder / "region.yaml").is_file():
        raise PackError(f"unknown region {str(region)!r}; known regions: {', '.join(list_regions())}")
    return folder


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except OSError as exc:
        raise PackError(f"{path.name}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise PackError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(doc, dict):
        raise PackError(f"{path.name}: expected a mapping at the top level")
    return doc


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _indicators(row: pd.Series) -> dict[str, float | None]:
    return {k: _clean(row[k]) if k in row.index else None for k in INDICATORS}


def load_region(region: str | Path) -> Region:
    """A region pack by code (``dwo``) or folder path, with its wijk boundaries when the pack has them."""
    folder = pack_dir(region)
    doc = _read_yaml(folder / "region.yaml")
    centrum = doc.get("centrumgemeente")
    munis = doc.pop("municipalities", None)
    if munis is None:
        munis = []
        table = folder / "municipalities.csv"
        if table.is_file():
            for _, row in pd.read_csv(table, dtype={"code": str}).iterrows():
                munis.append(
                    {
                        "code": row["code"],
                        "name": row["name"],
                        "role": "centrumgemeente" if row["code"] == centrum else "regiogemeente",
                        "indicators": _indicators(row),
                    }
                )
    wijken = doc.pop("wijken", None)
    if wijken is None:
        wijken = []
        table = folder / "wijken.csv"
        if table.is_file():
            for _, row in pd.read_csv(table, dtype={"code": str, "municipality": str}).iterrows():
                wijken.append(
                    {
                        "code": row["code"],
                        "name": row["name"],
                        "municipality": row["municipality"],
                        "indicators": _indicators(row),
                        "centroid_lon": _clean(row.get("centroid_lon")),
                        "centroid_lat": _clean(row.get("centroid_lat")),
                    }
                )
    doc["municipalities"] = munis
    doc["wijken"] = wijken
    try:
        doc["boundaries"] = pack_boundaries(folder, [str(w["code"]) for w in wijken])
        _computed_keys(doc)
        return Region.model_validate(doc)
    except ValidationError as exc:
        raise PackError(f"{folder.name}/region.yaml: {describe(exc)}") from exc
    except ValueError as exc:
        raise PackError(f"{folder.name}/region.yaml: {exc}") from exc


def _computed_keys(doc: dict[str, Any]) -> None:
    """Keys given as ``from_indicators: {indicator: weight}`` get their shares from the CBS figures."""
    keys = doc.get("keys") or {}
    for name, key in keys.items():
        if isinstance(key, dict) and "from_indicators" in key:
            weights = key.pop("from_indicators")
            munis = [Municipality.model_validate(m) for m in doc["municipalities"]]
            try:
                key["shares"] = shares_from_indicators(munis, weights)
            except ValueError as exc:
                raise ValueError(f"keys.{name}: {exc}") from exc
            key["proxy"] = True


def list_scenarios(region: str | Path) -> list[str]:
    folder = pack_dir(region) / "scenarios"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_scenario(region: Region, scenario: str | Path | None = None) -> Scenario:
    """A scenario by name from the region's pack, or from a YAML/JSON file path."""
    name = scenario or region.default_scenario
    if name is None:
        raise PackError(f"region {region.code} has no default scenario; name one with --scenario")
    path = Path(name)
    if not path.is_file():
        path = pack_dir(region.code) / "scenarios" / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(list_scenarios(region.code)) or "none"
            raise PackError(f"unknown scenario {str(name)!r} for region {region.code}; known: {known}")
    doc = _read_yaml(path)
    return parse_scenario(region, doc, path.name)


def parse_scenario(region: Region, doc: dict[str, Any], origin: str = "scenario") -> Scenario:
    try:
        scenario = Scenario.model_validate(doc)
    except ValidationError as exc:
        raise PackError(f"{origin}: {describe(exc)}") from exc
    try:
        scenario.check_against(region)
    except ValueError as exc:
        raise PackError(f"{origin}: {exc}") from exc
    return scenario


def _json_keys(value: Any) -> Any:
    """Mapping keys as text, the way a scenario's JSON form has them (years become ``"2024"``)."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it: nested mappings merge field by field, anything else (numbers,
    text, lists) is replaced whole."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def derive_scenario(region: Region, scenario: Scenario, changes: dict[str, Any], origin: str = "what-if") -> Scenario:
    """A new scenario: ``scenario`` with ``changes`` merged in (nested fields may be given alone, e.g.
    ``{"caps": {"GM0503": {"bw": 30}}}``), validated exactly like a scenario file, so a wrong field or value
    is refused with its path instead of reaching the solver."""
    doc = merge(scenario.model_dump(mode="json"), _json_keys(changes))
    return parse_scenario(region, doc, origin)
