"""Read region packs: ``region.yaml`` + ``municipalities.csv`` + ``wijken.csv`` + ``scenarios/*.yaml``."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from data.boundaries import pack_boundaries
from models import INDICATORS, Municipality, Region, Scenario, Wijk
from models.errors import describe, one_line
from models.i18n import Message, t_
from models.keys import shares_from_indicators
from models.scenario import stepped_shares

log = logging.getLogger(__name__)

PACKS = Path(__file__).resolve().parent / "packs"
#: folders of region packs beside the shipped ones, separated as PATH is (``:``; ``;`` on Windows)
PACKS_VARIABLE = "REGIO_PACKS_DIR"
#: the file suffixes of a scenario given as an Excel workbook (an old .xls is named as no .xlsx workbook)
WORKBOOKS = (".xlsx", ".xlsm", ".xls")


class PackError(ValueError):
    """A region pack or scenario that cannot be read; the message names the file and field, on one line."""

    def __init__(self, message: str) -> None:
        # a Message keeps its catalogue id for the reader's language; the edge makes it one line
        super().__init__(message if isinstance(message, Message) else one_line(message))


def pack_roots() -> list[Path]:
    """The folders that hold region packs: the shipped ones, then each folder ``REGIO_PACKS_DIR`` names; a
    folder that is not there is named with the variable."""
    roots = [PACKS]
    for part in os.environ.get(PACKS_VARIABLE, "").split(os.pathsep):
        if not part.strip():
            continue
        folder = Path(part.strip()).expanduser()
        if not folder.is_dir():
            raise PackError(t_("{variable}: {path} is not a folder of region packs", variable=PACKS_VARIABLE,
                               path=str(folder)))
        roots.append(folder)
    return roots


def add_pack_folders(*folders: str | Path) -> None:
    """Folders of packs for the rest of this process, ahead of those ``REGIO_PACKS_DIR`` already names."""
    known = [p for p in os.environ.get(PACKS_VARIABLE, "").split(os.pathsep) if p]
    os.environ[PACKS_VARIABLE] = os.pathsep.join([*(str(f) for f in folders), *known])


def _packs() -> dict[str, Path]:
    """Each region's code (its folder's name) and folder; a code in two roots is the first root's."""
    found: dict[str, Path] = {}
    for root in pack_roots():
        for folder in sorted(root.iterdir()):
            if (folder / "region.yaml").is_file():
                if folder.name in found and found[folder.name] != folder:
                    log.warning("region pack %s in %s is hidden by %s", folder.name, root, found[folder.name])
                found.setdefault(folder.name, folder)
    return found


def list_regions() -> list[str]:
    """The codes of the region packs: shipped, and in the folders ``REGIO_PACKS_DIR`` names."""
    return sorted(_packs())


def pack_dir(region: str | Path) -> Path:
    """The folder of a region given its code (``dwo``) or a path to a pack folder."""
    path = Path(region)
    if path.is_dir() and (path / "region.yaml").is_file():
        return path
    if _looks_like_path(region):
        if not path.exists():
            raise PackError(t_("{path}: no such region pack folder", path=path))
        if not path.is_dir():
            raise PackError(t_("{path}: a file, not a region pack folder (the folder holds region.yaml)", path=path))
        raise PackError(t_("{path}: no region.yaml in this folder, so it is not a region pack", path=path))
    packs = _packs()
    if str(region) not in packs:
        raise PackError(t_(
            "unknown region {v1}; known regions: {v2}", v1=repr(str(region)), v2=', '.join(sorted(packs))))
    return packs[str(region)]


def _looks_like_path(name: str | Path) -> bool:
    """Whether a region or scenario was given as a file or folder path rather than a name in the packs."""
    text = str(name)
    return isinstance(name, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml", ".json"))


def _read_text(path: Path, label: str) -> str:
    """The text of a file, or a PackError naming the file and what is wrong with it, in one line."""
    if path.is_dir():
        raise PackError(t_("{label}: a folder, not a file", label=label))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackError(t_("{label}: no such file", label=label)) from None
    except OSError as exc:
        raise PackError(t_("{label}: cannot read ({v1})", label=label, v1=exc.strerror or exc)) from None
    if not raw.strip():
        raise PackError(t_("{label}: the file is empty", label=label))
    if b"\x00" in raw:
        raise PackError(t_("{label}: a binary file, not text", label=label))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(t_(
            "{label}: not UTF-8 text (byte 0x{v1} at position {start}); save it as UTF-8",
            label=label, v1=format(raw[exc.start], '02x'), start=exc.start)) from None


def _read_yaml(path: Path, label: str | None = None) -> dict[str, Any]:
    label = label or path.name
    text = _read_text(path, label)
    try:
        doc = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise PackError(t_(
            "{label}: not valid YAML or JSON{where} ({v1})",
            label=label, where=where, v1=exc.problem or exc.context)) from None
    except yaml.YAMLError as exc:
        raise PackError(t_(
            "{label}: not valid YAML or JSON ({v1})", label=label, v1=str(exc).splitlines()[0])) from None
    except RecursionError:
        raise PackError(t_("{label}: nested too deeply to read", label=label)) from None
    if not isinstance(doc, dict):
        raise PackError(t_("{label}: expected a mapping at the top level, found {v1}", label=label, v1=_kind(doc)))
    return doc


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), f"a {type(value).__name__}")


#: cell values a pack table may use for "no value": empty, or CBS's own mark for a secret figure
MISSING = ("", ".")


def _read_table(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a pack CSV as text cells, each with its line number in the file; a PackError naming the
    file (and line or column) when the table cannot be read, lacks a column or has a row of the wrong length."""
    label = f"{path.parent.name}/{path.name}"
    reader = csv.reader(io.StringIO(_read_text(path, label)), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [cell.strip() for cell in next(reader)]
        missing = [c for c in required if c not in header]
        if missing:
            raise PackError(t_(
                "{label}: missing column(s) {v1}; the table has columns {v2}",
                label=label, v1=', '.join(missing), v2=', '.join(header)))
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(cells) != len(header):
                raise PackError(t_(
                    "{label} line {line_num}: {v1} cells for {v2} columns",
                    label=label, line_num=reader.line_num, v1=len(cells), v2=len(header)))
            rows.append((reader.line_num, {k: v.strip() for k, v in zip(header, cells, strict=True)}))
    except csv.Error as exc:
        raise PackError(t_(
            "{label} line {line_num}: not a readable CSV row ({exc})",
            label=label, line_num=reader.line_num, exc=exc)) from None
    return rows


def _number(cell: str, label: str, line: int, column: str) -> float | None:
    if cell in MISSING:
        return None
    try:
        value = float(cell)
    except ValueError:
        raise PackError(t_(
            "{label} line {line}, column {column}: {cell} is not a number",
            label=label, line=line, column=column, cell=repr(cell))) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise PackError(t_(
            "{label} line {line}, column {column}: {cell} is not a finite number",
            label=label, line=line, column=column, cell=repr(cell)))
    return value


def _indicators(row: dict[str, str], label: str, line: int, own: list[str]) -> dict[str, Any]:
    """A table row's CBS indicators, and the region's own ones (a column each; empty where the row has none)."""
    out: dict[str, Any] = {k: _number(row[k], label, line, k) if k in row else None for k in INDICATORS}
    out["own"] = {k: _number(row[k], label, line, k) if k in row else None for k in own}
    return out


def _row_model(model: type[Municipality] | type[Wijk], doc: dict[str, Any], label: str, line: int) -> None:
    """Check one table row on its own, so an error names the file and line rather than the region."""
    try:
        model.model_validate(doc)
    except ValidationError as exc:
        raise PackError(t_("{label} line {line}: {v1}", label=label, line=line, v1=describe(exc))) from None


def load_region(region: str | Path) -> Region:
    """A region pack by code (``dwo``) or folder path, with its wijk boundaries when the pack has them."""
    folder = pack_dir(region)
    doc = _read_yaml(folder / "region.yaml", f"{folder.name}/region.yaml")
    centrum = doc.get("centrumgemeente")
    declared = doc.get("indicators")
    own = [str(k) for k in declared] if isinstance(declared, dict) else []
    munis = doc.pop("municipalities", None)
    if munis is None:
        munis = []
        table = folder / "municipalities.csv"
        if table.exists():
            label = f"{folder.name}/{table.name}"
            for line, row in _read_table(table, ("code", "name")):
                muni = {
                    "code": row["code"],
                    "name": row["name"],
                    "role": "centrumgemeente" if row["code"] == centrum else "regiogemeente",
                    "indicators": _indicators(row, label, line, own),
                }
                _row_model(Municipality, muni, label, line)
                munis.append(muni)
    wijken = doc.pop("wijken", None)
    if wijken is None:
        wijken = []
        table = folder / "wijken.csv"
        if table.exists():
            label = f"{folder.name}/{table.name}"
            for line, row in _read_table(table, ("code", "name", "municipality")):
                wijk = {
                    "code": row["code"],
                    "name": row["name"],
                    "municipality": row["municipality"],
                    "indicators": _indicators(row, label, line, own),
                    **{k: _number(row[k], label, line, k) if k in row else None
                       for k in ("centroid_lon", "centroid_lat")},
                }
                _row_model(Wijk, wijk, label, line)
                wijken.append(wijk)
    doc["municipalities"] = munis
    doc["wijken"] = wijken
    try:
        doc["boundaries"] = pack_boundaries(folder, [str(w["code"]) for w in wijken])
        _computed_keys(doc)
        return Region.model_validate(doc)
    except ValidationError as exc:
        raise PackError(t_("{name}/region.yaml: {v1}", name=folder.name, v1=describe(exc))) from exc
    except ValueError as exc:
        raise PackError(t_("{name}/region.yaml: {exc}", name=folder.name, exc=exc)) from exc


def _computed_keys(doc: dict[str, Any]) -> None:
    """Keys given as ``from_indicators: {indicator: weight}`` get their shares from the CBS figures."""
    keys = doc.get("keys") or {}
    if not isinstance(keys, dict):
        return  # the region's validation names the field
    for name, key in keys.items():
        if isinstance(key, dict) and "from_indicators" in key:
            weights = key.pop("from_indicators")
            if not isinstance(weights, dict) or not all(
                    isinstance(w, int | float) and not isinstance(w, bool) for w in weights.values()):
                raise ValueError(t_(
                    "keys.{name}.from_indicators: give weights per indicator, e.g. {{a_inw: 1}}", name=name))
            munis = [Municipality.model_validate(m) for m in doc["municipalities"]]
            try:
                key["shares"] = shares_from_indicators(munis, weights)
            except ValueError as exc:
                raise ValueError(t_("keys.{name}: {exc}", name=name, exc=exc)) from exc
            key["proxy"] = True


def list_scenarios(region: str | Path) -> list[str]:
    folder = pack_dir(region) / "scenarios"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_pack_scenario(region: Region, scenario: str | Path | None = None) -> Scenario:
    """A scenario by name from the region's pack, or from a YAML/JSON file path (``data.load_scenario`` also
    reads a filled Excel template). A scenario may name a ``base:`` scenario (a pack scenario's name, or a file
    beside it) and give only what differs: nested fields merge field by field, lists are replaced whole. A field
    that cannot be used is named with the file and line that give it."""
    name = scenario or region.default_scenario
    if name is None:
        raise PackError(t_("region {code} has no default scenario; name one with --scenario", code=region.code))
    path, label = _scenario_file(region, name, None)
    doc, files = _inherited(region, path, label, [])
    try:
        return parse_scenario(region, doc, path.name)
    except PackError as exc:
        if len(files) == 1:
            raise
        # a scenario built on a base: the file and line that give the field
        field = _field_of(exc.__cause__)
        for file, file_label in files:
            line = _line_of(file, field) if field else None
            if line is not None:
                raise PackError(t_("{label} line {line}: {error}", label=file_label, line=line,
                                   error=_cause_text(exc.__cause__))) from exc
        raise


def _scenario_file(region: Region, name: str | Path, beside: Path | None) -> tuple[Path, str]:
    """The file of a scenario named by the user or as a ``base:`` (a path, relative to the file naming it, or a
    pack scenario's name), and how messages name it."""
    path = Path(name)
    if beside is not None and _looks_like_path(name) and not path.is_absolute():
        path = beside.parent / path
    if path.exists() or _looks_like_path(name):
        return path, str(name) if beside is None else path.name  # a file the user names: named as given
    path = pack_dir(region.code) / "scenarios" / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(list_scenarios(region.code)) or "none"
        raise PackError(t_("unknown scenario {v1} for region {code}; known: {known}", v1=repr(str(name)),
                           code=region.code, known=known))
    return path, path.name


def _inherited(region: Region, path: Path, label: str, chain: list[Path]) -> tuple[dict[str, Any], list[
        tuple[Path, str]]]:
    """A scenario file's document with its ``base:`` chain merged under it, and the files from the scenario's own
    down to its first base."""
    doc = _read_yaml(path, label)
    here = path.resolve()
    if here in chain:
        names = " -> ".join(p.name for p in [*chain, here])
        raise PackError(t_("{label}: base: the scenarios name each other as base ({names})", label=label,
                           names=names))
    base = doc.pop("base", None)
    if base is None:
        return doc, [(path, label)]
    if not isinstance(base, str) or not base.strip():
        raise PackError(t_("{label}: base: give the name or file of a scenario, not {v1}", label=label,
                           v1=_kind(base)))
    base_path, base_label = _scenario_file(region, base.strip(), path)
    base_doc, files = _inherited(region, base_path, base_label, [*chain, here])
    merged = merge(base_doc, doc)
    if "name" not in doc:
        merged["name"] = path.stem
    return merged, [(path, path.name), *files]


def _field_of(cause: BaseException | None) -> list[str]:
    """The scenario field a refusal is about: pydantic's location, or the field a check names first."""
    if isinstance(cause, ValidationError) and cause.errors():
        first = cause.errors()[0]
        if first["loc"]:
            return [str(part) for part in first["loc"]]
        cause = first.get("ctx", {}).get("error")  # a check over the whole scenario names its field first
    if isinstance(cause, ValueError) and cause.args:
        found = re.match(r"^([A-Za-z_][\w]*(?:\.[\w-]+)*): ", str(cause.args[0]))
        return found.group(1).split(".") if found else []
    return []


def _cause_text(cause: BaseException | None) -> object:
    """What a refusal says, as the scenario's own message says it."""
    if isinstance(cause, ValidationError):
        return describe(cause)
    return cause.args[0] if cause is not None and cause.args else str(cause)


def _line_of(path: Path, field: list[str]) -> int | None:
    """The line of a file that gives a field (``demand.bt.2024``): the deepest part of the path the file holds,
    or None when it holds none of it."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError):
        return None
    line = None
    for part in field:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((k, v) for k, v in node.value if str(k.value) == part), None)
        if found is None:
            break
        line = found[0].start_mark.line + 1
        node = found[1]
    return line


def parse_scenario(region: Region, doc: dict[str, Any], origin: str = "scenario") -> Scenario:
    try:
        scenario = Scenario.model_validate(doc)
    except ValidationError as exc:
        raise PackError(t_("{origin}: {error}", origin=origin, error=describe(exc))) from exc
    try:
        scenario.check_against(region)
    except ValueError as exc:
        raise PackError(t_("{origin}: {error}", origin=origin, error=exc.args[0] if exc.args else str(exc))) from exc
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
    is refused with its path instead of reaching the solver. What-if shares for every year and shares from a
    year on (``{2026: {...}}``) replace each other whole; steps merge year by year."""
    if not isinstance(changes, dict):
        raise PackError(t_(
            "{origin}: changes: give a mapping of scenario fields, e.g. {{'caps': {{'GM0503': {{'bw': 30}}}}}}, not "
            "{v1}", origin=origin, v1=_kind(changes)))
    base, changes = scenario.model_dump(mode="json"), _json_keys(changes)
    if "key_shares" in changes and stepped_shares(changes["key_shares"]) != stepped_shares(base["key_shares"]):
        base["key_shares"] = None
    doc = merge(base, changes)
    return parse_scenario(region, doc, origin)
