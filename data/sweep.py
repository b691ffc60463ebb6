"""Sweep files: many what-if variants of one scenario, each a set of changes by dotted path.

A sweep file (YAML or JSON)::

    scenario: spreiding-2023-2026      # the scenario every variant starts from (default: the pack's default)
    mode: grid                         # grid: every combination; zip: the n-th values together; list: as listed
    set:                               # changes every variant gets
      solver.time_limit: 30
    vary:                              # grid and zip: the values of each path
      demand.bt.*: [x1.0, x1.1, x1.2]  # a factor: every BT demand figure times 1.1 (whole places: half up)
      caps.GM1842.bw: [5, 10, 15]      # a value: replaces the field (missing mappings on the way are made)
    variants:                          # list: each variant its own changes, with an optional name
      - {name: hoog, demand.bt.*: x1.2, budget.ingroeipad_years: 5}

A path names fields of the scenario as its YAML form has them (``demand.bt.2024``, ``budget.ingroeipad_years``);
``*`` stands for every field (or list item) at its level. Every variant is built and validated exactly like a
scenario file before anything is solved, so a wrong path or value is refused with the variant and field named.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from data.pack import PackError, _kind, _read_yaml, parse_scenario
from models import Region, Scenario
from models.errors import describe
from models.i18n import t_

#: the most variants one sweep may have: a grid beyond it is refused before it is spelled out
MAX_VARIANTS = 10_000
#: a factor: ``x1.2``, ``×1.2`` or ``*1.2`` (a decimal comma is read too)
_FACTOR = re.compile(r"^\s*[x×*]\s*([0-9]+(?:[.,][0-9]+)?)\s*$", re.IGNORECASE)
#: the scenario fields a variant's changes may not touch: they name the variant
_OWN = ("name", "title")


class SweepSpec(BaseModel):
    """A sweep file as read: the variants are spelled out by ``variants_of``."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    scenario: str | None = Field(None, description="the scenario every variant starts from")
    mode: Literal["grid", "zip", "list"] = "grid"
    set: dict[str, Any] = Field(default_factory=dict, description="path -> value, for every variant")
    vary: dict[str, list[Any]] = Field(default_factory=dict, description="grid and zip: path -> values")
    variants: list[dict[str, Any]] = Field(default_factory=list, description="list: the changes of each variant")
    explain: bool = Field(False, description="explain each variant's binding rules (doubles the time)")


@dataclass(frozen=True)
class Factor:
    """Multiply the field's present value (whole numbers stay whole, rounded half up)."""

    by: float

    def __str__(self) -> str:
        return f"×{self.by:g}"


@dataclass
class Variant:
    """One variant of a sweep: its name, the values it varies, its validated scenario and content hash."""

    name: str
    values: dict[str, Any]
    scenario: Scenario
    digest: str
    rounded: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(f"{path} {shown(value)}" for path, value in self.values.items()) or "-"


def shown(value: Any) -> str:
    """A varied value as the sweep file gives it (a factor as ``×1.2``)."""
    if isinstance(value, Factor):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def load_sweep(path: str | Path) -> SweepSpec:
    """A sweep file, checked for its shape; a mistake is one line naming the file and the field."""
    path = Path(path)
    doc = _read_yaml(path, path.name)
    return sweep_spec(doc, path.name)


def sweep_spec(doc: dict[str, Any], origin: str = "sweep") -> SweepSpec:
    """A sweep given as a mapping (the form of a sweep file), checked for its shape."""
    if "vary" in doc and isinstance(doc["vary"], dict):
        # one value for a path is the same as a list of one
        doc = {**doc, "vary": {k: v if isinstance(v, list) else [v] for k, v in doc["vary"].items()}}
    try:
        spec = SweepSpec.model_validate(doc)
    except ValidationError as exc:
        raise PackError(t_("{origin}: {error}", origin=origin, error=describe(exc))) from exc
    if spec.mode == "list" and (spec.vary or not spec.variants):
        raise PackError(t_("{origin}: mode list: give the variants under variants:, not vary:", origin=origin))
    if spec.mode != "list" and (spec.variants or not spec.vary):
        raise PackError(t_("{origin}: mode {mode}: give the values of each path under vary:, not variants:",
                           origin=origin, mode=spec.mode))
    for path, values in spec.vary.items():
        if not values:
            raise PackError(t_("{origin}: vary.{path}: give at least one value", origin=origin, path=path))
    if spec.mode == "zip":
        lengths = {path: len(values) for path, values in spec.vary.items()}
        if len(set(lengths.values())) > 1:
            listed = ", ".join(f"{p}: {n}" for p, n in lengths.items())
            raise PackError(t_("{origin}: mode zip: every path needs as many values ({listed})", origin=origin,
                               listed=listed))
    count = _count(spec)
    if count > MAX_VARIANTS:
        raise PackError(t_("{origin}: {count} variants is more than the {most} one sweep may have", origin=origin,
                           count=count, most=MAX_VARIANTS))
    return spec


def _count(spec: SweepSpec) -> int:
    if spec.mode == "list":
        return len(spec.variants)
    if spec.mode == "zip":
        return len(next(iter(spec.vary.values())))
    return math.prod(len(values) for values in spec.vary.values())


def _changes(spec: SweepSpec) -> list[tuple[str | None, dict[str, Any]]]:
    """Each variant's own name (list mode) and its changes, path -> value, in the sweep's order."""
    if spec.mode == "list":
        out: list[tuple[str | None, dict[str, Any]]] = []
        for changes in spec.variants:
            changes = dict(changes)
            name = changes.pop("name", None)
            out.append((None if name is None else str(name), changes))
        return out
    paths = list(spec.vary)
    rows = zip(*spec.vary.values(), strict=True) if spec.mode == "zip" else itertools.product(*spec.vary.values())
    return [(None, dict(zip(paths, row, strict=True))) for row in rows]


def _value(raw: Any) -> Any:
    if isinstance(raw, str):
        found = _FACTOR.match(raw)
        if found:
            return Factor(float(found.group(1).replace(",", ".")))
    return raw


def _parts(path: str, origin: str) -> list[str]:
    parts = path.split(".")
    if not path or any(not p for p in parts):
        raise PackError(t_("{origin}: {path}: not a path of scenario fields (e.g. demand.bt.2024)", origin=origin,
                           path=repr(path)))
    if parts[0] in _OWN:
        raise PackError(t_("{origin}: {path}: the sweep names its variants itself", origin=origin, path=path))
    return parts


def apply(doc: dict[str, Any], path: str, raw: Any, origin: str) -> list[str]:
    """Lay one change over a scenario document in place; the paths whose whole numbers a factor rounded."""
    value = _value(raw)
    parts = _parts(path, origin)
    rounded: list[str] = []
    matched = _walk(doc, parts, [], value, origin, path, rounded)
    if not matched:
        raise PackError(t_("{origin}: {path}: matches no field of the scenario", origin=origin, path=path))
    return rounded


def _walk(node: Any, parts: list[str], done: list[str], value: Any, origin: str, path: str,
          rounded: list[str]) -> int:
    part, rest = parts[0], parts[1:]
    if isinstance(node, list):
        if part == "*":
            keys: list[Any] = list(range(len(node)))
        elif part.isdigit() and int(part) < len(node):
            keys = [int(part)]
        else:
            raise PackError(t_("{origin}: {path}: {part} is not an item of the list at {at}", origin=origin,
                               path=path, part=part, at=".".join(done) or "-"))
    elif isinstance(node, dict):
        keys = list(node) if part == "*" else [part]
    else:
        raise PackError(t_("{origin}: {path}: {at} is {kind}, which has no fields", origin=origin, path=path,
                           at=".".join(done), kind=_kind(node)))
    matched = 0
    for key in keys:
        here = [*done, str(key)]
        if rest:
            if isinstance(node, dict) and key not in node:
                if isinstance(value, Factor):
                    raise PackError(t_("{origin}: {path}: the scenario has no {at} to multiply", origin=origin,
                                       path=path, at=".".join(here)))
                node[key] = {}
            elif isinstance(node, dict) and node[key] is None and not isinstance(value, Factor):
                node[key] = {}
            matched += _walk(node[key], rest, here, value, origin, path, rounded)
            continue
        if isinstance(value, Factor):
            if isinstance(node, dict) and key not in node:
                raise PackError(t_("{origin}: {path}: the scenario has no {at} to multiply", origin=origin,
                                   path=path, at=".".join(here)))
            present = node[key]
            node[key] = _times(present, value, origin, ".".join(here))
            if isinstance(present, int) and node[key] != present * value.by:
                rounded.append(".".join(here))
        else:
            node[key] = copy.deepcopy(value)
        matched += 1
    return matched


def _times(present: Any, factor: Factor, origin: str, at: str) -> Any:
    if isinstance(present, bool) or not isinstance(present, int | float):
        raise PackError(t_("{origin}: {at}: {factor} needs a number, the scenario has {kind}", origin=origin, at=at,
                           factor=str(factor), kind=_kind(present)))
    if isinstance(present, int):
        return int((Decimal(present) * Decimal(str(factor.by))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return present * factor.by


def fingerprint(region: Region) -> str:
    """A short hash of everything a region pack gives the model: a changed pack is solved again."""
    return hashlib.sha256(region.model_dump_json().encode()).hexdigest()[:16]


def digest(region_print: str, scenario: Scenario) -> str:
    """The content hash of a variant: the region's and the scenario's figures, not its name or wording."""
    doc = scenario.model_dump(mode="json", exclude={"name", "title", "question", "source"})
    text = json.dumps([region_print, doc], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def variants_of(region: Region, base: Scenario, spec: SweepSpec, origin: str = "sweep") -> list[Variant]:
    """Every variant of a sweep, built and validated before any is solved; the first one refused is named with
    its field and value (and how many more are refused)."""
    changes = _changes(spec)
    width = len(str(len(changes)))
    start = base.model_dump(mode="json")
    start["solver"] = {**start.get("solver", {}), "explain": spec.explain}
    common: list[str] = []
    for path, raw in spec.set.items():
        common += apply(start, path, raw, f"{origin}: set")
    region_print = fingerprint(region)
    out: list[Variant] = []
    refused: list[PackError] = []
    names: set[str] = set()
    for number, (own, values) in enumerate(changes, start=1):
        name = own or f"v{number:0{width}d}"
        where = f"{origin}: {name}"
        try:
            if name in names:
                raise PackError(t_("{origin}: two variants are named {name}", origin=origin, name=name))
            names.add(name)
            doc = copy.deepcopy(start)
            rounded = list(common)
            for path, raw in values.items():
                rounded += apply(doc, path, raw, where)
            doc["name"] = _slug(f"{base.name}-{name}")
            doc["title"] = f"{base.title} ({name})"
            scenario = parse_scenario(region, doc, where)
        except PackError as exc:
            refused.append(exc)
            continue
        shown_values = {path: _value(raw) for path, raw in values.items()}
        out.append(Variant(name, shown_values, scenario, digest(region_print, scenario), sorted(set(rounded))))
    if refused:
        first = refused[0]
        if len(refused) == 1:
            raise first
        raise PackError(t_("{error} (and {more} more variants refused)", error=first.args[0],
                           more=len(refused) - 1)) from first
    return out


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")
    return slug if slug and slug[0].isalnum() else f"v{slug}"
