"""``regio check PACK``: what a pack needs before its numbers can be trusted, with severities."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from data.pack import add_pack_folders, pack_dir
from models.i18n import Words
from optimiser.check import Finding, check_pack

SEVERITY = {"error": "error", "warning": "warning", "info": "note"}


def report(findings: list[Finding], w: Words) -> list[str]:
    """The findings as lines a maintainer reads: severity, where, what; and a count at the end."""
    lines = [f"{w._(SEVERITY[f.severity]):8} {f.where}: {f.text(w)}" for f in findings]
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY}
    lines.append(w._("{errors} errors, {warnings} warnings, {notes} notes", errors=counts["error"],
                     warnings=counts["warning"], notes=counts["info"]))
    return lines


def findings_for(pack: str | Path) -> list[Finding]:
    """``check_pack`` for a code or a pack folder; an unknown code or a folder that is no pack raises (one
    line, exit 2)."""
    folder = Path(pack)
    if folder.is_dir() and (folder / "region.yaml").is_file():
        # its scenarios are read by its code: the folder's parent joins the packs for this command
        add_pack_folders(folder.resolve().parent)
        pack = folder.resolve().name
    pack_dir(pack)
    return check_pack(pack)


def check(
    pack: Annotated[str, typer.Argument(help=h("region code, or the folder of a region pack"))],
    lang: LangOption = None,
) -> None:
    """Check a region pack: missing indicators, keys, grants, sources and boundaries; exit 1 on an error."""
    w = words(lang)
    findings = findings_for(pack)
    for line in report(findings, w):
        typer.echo(line)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)
