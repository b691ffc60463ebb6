"""Write the seed-figure part of each pack's ``SOURCES.md`` from the ``source`` fields in the pack.

Run ``python -m data.sources`` after editing a ``region.yaml`` or scenario: every figure with its value,
meaning and citation (document and line) is listed, so the table and the pack cannot drift apart.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from data.pack import list_regions, pack_dir

log = logging.getLogger(__name__)

BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"
DOCUMENTS = {
    "dwo": "dwo-uitvoeringsagenda-2022-2026.txt (Regionale uitvoeringsagenda DWO 2022-2026), cited as 'DWO agenda'",
    "mvs": "mvs-regiovisie-2024.txt (Regiovisie MVS 2024, 'regiovisie') and mvs-uitvoeringsprogramma-2024-2027.txt "
           "(Uitvoeringsprogramma 2024-2027, 'programma')",
    "maastricht-heuvelland": "maastricht-heuvelland-zicht-op-thuis-2021-2024.txt (Zicht op thuis 2021-2024)",
    "midden-ijssel": "midden-ijssel-regiovisie-2024-2026.txt (Regiovisie Midden-IJssel 2024-2026, 'regiovisie')",
}


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c).replace("|", "/").replace("\n", " ") for c in cells) + " |"


def _building(building: dict[str, str] | None) -> str:
    """A type's building: its name, wijk and source, as the pack gives them."""
    if not building:
        return ""
    wijk = f", {building['wijk']}" if building.get("wijk") else ""
    source = f" ({building['source']})" if building.get("source") else ""
    return f"{building['name']}{wijk}{source}"


def figures_section(code: str) -> str:
    folder = pack_dir(code)
    doc = yaml.safe_load((folder / "region.yaml").read_text(encoding="utf-8"))
    lines = [BEGIN, f"## Figures from the seed documents ({doc['name']})", "",
             f"Source document(s): {DOCUMENTS.get(code, 'see region.yaml')}. Line numbers refer to those files.",
             "Entries marked 'modelling choice' are not in the documents: they are assumptions a working group",
             "should check and may replace.", "", "### Provision types", "",
             _row("type", "label", "unit", "site size", "cost per place-year (EUR)", "co-financing (EUR)", "building",
                  "source"),
             _row(*["---"] * 8)]
    for t in doc.get("provision_types", []):
        size = f"{t['site_min']}-{t['site_max']}" if t.get("site_min") else ""
        lines.append(_row(t["code"], t["label"], t.get("unit", "places"), size, t.get("cost_per_place_year", ""),
                          t.get("cofinancing_per_unit", ""), _building(t.get("building")), t.get("source", "")))
    lines += ["", "### Current places", "", _row("municipality", "type", "places", "source"), _row(*["---"] * 4)]
    lines += [_row(c["municipality"], c["type"], c["places"], c.get("source", "")) for c in doc.get("capacity", [])]
    lines += ["", "### Distribution keys", "", _row("key", "label", "shares", "source"), _row(*["---"] * 4)]
    for name, k in (doc.get("keys") or {}).items():
        shares = k.get("shares") or f"computed from CBS indicators {k.get('from_indicators')}"
        lines.append(_row(name, k["label"], shares, k.get("source", "")))
    lines += ["", "### Grants and budget lines", ""]
    lines += [_row("year", "label", "amount (EUR)", "source"), _row(*["---"] * 4)]
    lines += [_row(g["year"], g["label"], f"{g['amount']:,}", g.get("source", "")) for g in doc.get("grants", [])]
    lines += ["", "### Other figures", "", _row("key", "value", "unit", "note", "source"), _row(*["---"] * 5)]
    for f in doc.get("facts", []):
        lines.append(_row(f["key"], f["value"], f.get("unit", ""), f.get("note", ""), f["source"]))
    lines += ["", "### Scenarios", ""]
    for path in sorted((folder / "scenarios").glob("*.yaml")):
        sc = yaml.safe_load(path.read_text(encoding="utf-8"))
        lines.append(f"- `{sc['name']}` — {sc['title']}. Source: {sc.get('source', '')}. Figures and modelling "
                     f"choices are commented line by line in `scenarios/{path.name}`.")
    lines.append(END)
    return "\n".join(lines)


def write(code: str) -> Path:
    path = pack_dir(code) / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    section = figures_section(code)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        title = f"# Sources of the {code} region pack\n\n"
        body = text.replace(title, "")
        text = title + section + "\n\n" + body.lstrip()
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for region in list_regions():
        log.info("wrote %s", write(region))
