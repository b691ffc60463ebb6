"""``regio compare``: results of ``regio solve --out`` side by side: key figures, the places on which they differ,
and a chart of the key figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from cli.lang import LangOption, h, words
from cli.maps import read_result
from data import load_region
from models.i18n import t_
from optimiser.report.confidential import redact
from optimiser.report.wording import worded


def compare_command(
    result_dirs: Annotated[list[Path], typer.Argument(
        help=h("two or more folders written by `regio solve --out`"), metavar="RESULT_DIR", show_default=False)],
    chart: Annotated[Path | None, typer.Option(help=h("also draw the key figures side by side in this PNG"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=h("print the comparison as JSON"))] = False,
    lang: LangOption = None,
) -> None:
    """Results side by side: the key figures, then the places per municipality, wijk, type and year on which
    they differ."""
    from optimiser.report.compare import comparison_chart, comparison_sections, differing_records, distinct_labels, kpis
    from optimiser.report.terminal import section_renderables, show_renderables

    w = words(lang)
    if len(result_dirs) < 2:
        raise ValueError(t_("compare needs at least two result folders, got {n}", n=len(result_dirs)))
    results = [read_result(d) for d in result_dirs]
    regions = {r.region for r in results}
    if len(regions) > 1:
        raise ValueError(t_("the results are of different regions ({regions}); compare results of one region",
                            regions=", ".join(sorted(regions))))
    region = load_region(results[0].region)
    results = [worded(redact(r, region), w) for r in results]
    labels = distinct_labels([r.scenario for r in results], [d.resolve().name or str(d) for d in result_dirs])
    if chart is not None:
        comparison_chart(results, labels, chart, w)
    if as_json:
        typer.echo(json.dumps({"results": labels, "kpis": [{"result": label, **kpis(r)}
                                                          for label, r in zip(labels, results, strict=True)],
                               "differences": differing_records(results, labels)}, indent=2, ensure_ascii=False))
    else:
        parts = section_renderables(comparison_sections(results, labels, w))
        redacted = list(dict.fromkeys(t for r in results for t in r.redacted))
        if redacted:
            types = ", ".join(results[0].labels.get(t, t) for t in redacted)
            parts += [Text(""), Text(w._("{types}: shown per municipality only (confidential addresses)",
                                         types=types))]
        show_renderables(parts)
    if chart is not None:
        typer.echo(w._("Wrote {file}", file=str(chart)), err=as_json)
