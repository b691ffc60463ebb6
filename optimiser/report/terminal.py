"""The terminal report of a result: the sections of ``optimiser.report.tables`` drawn with rich."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from models import Region, Result
from models.i18n import Words
from optimiser.report.tables import Section, Table, heading, sections

#: the width of a report written to a file or pipe (a terminal uses its own width)
PLAIN_WIDTH = 140
_ROW_STYLE = {"warning": "bold yellow", "total": "bold"}


def renderables(result: Result, region: Region, words: Words | None = None) -> list[RenderableType]:
    """The report as rich renderables, in the language of ``words`` (Dutch by default)."""
    w = words or Words()
    first, second = heading(result, region, w)
    out: list[RenderableType] = [Text(first, style="bold"), Text(second)]
    return out + section_renderables(sections(result, region, w), blank_first=True)


def section_renderables(parts: list[Section], blank_first: bool = False) -> list[RenderableType]:
    """Sections as rich renderables, a blank line between them (and before the first with ``blank_first``)."""
    out: list[RenderableType] = []
    for i, section in enumerate(parts):
        if i or blank_first:
            out.append(Text(""))
        out.append(_section(section))
    return out


def _section(section: Section) -> RenderableType:
    style = "bold yellow" if section.tone == "warning" else "bold"
    parts: list[RenderableType] = [Text(section.title, style=style)]
    # prose runs on (the terminal folds it): wrapped here it could split an amount from its euro sign
    parts += [Text(line) for line in section.lines]
    if section.table is not None:
        parts.append(_table(section.table))
    parts += [Text(f"  - {b}") for b in section.bullets]
    return Group(*parts)


def _table(table: Table) -> RichTable:
    out = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for i, header in enumerate(table.headers):
        out.add_column(header, justify="right" if i in table.numeric else "left", overflow="fold")
    for i, row in enumerate(table.rows):
        out.add_row(*row, style=_ROW_STYLE.get(table.flags.get(i, ""), ""))
    return out


def render(result: Result, region: Region, words: Words | None = None, width: int = PLAIN_WIDTH) -> str:
    """The report as plain text (no colours), for files, pipes and tests."""
    return plain(renderables(result, region, words), width)


def plain(parts: list[RenderableType], width: int = PLAIN_WIDTH) -> str:
    """Renderables as plain text (no colours)."""
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, highlight=False,
                      soft_wrap=False)
    _print(console, parts)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in out.splitlines())


def show(result: Result, region: Region, words: Words | None = None, console: Console | None = None) -> None:
    """Print the report: in colour on a terminal, plain and wide enough for its tables in a file or pipe."""
    show_renderables(renderables(result, region, words), console)


def show_renderables(parts: list[RenderableType], console: Console | None = None) -> None:
    """Print renderables: in colour on a terminal, plain and wide enough for their tables in a file or pipe."""
    console = console or Console(highlight=False)
    if not console.is_terminal:
        console.file.write(plain(parts) + "\n")
        return
    _print(console, parts)


def _print(console: Console, parts: list[RenderableType]) -> None:
    """Tables fit the width; prose runs on (the terminal folds it), so no line break splits an amount from its
    euro sign."""
    for part in parts:
        for piece in part.renderables if isinstance(part, Group) else [part]:
            console.print(piece, soft_wrap=isinstance(piece, Text))
