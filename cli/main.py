"""The ``regio`` application: global options and one command group per module of this package."""

from __future__ import annotations

import logging

import typer

from cli import apportion, cbs, maps, regions, report, serve, solve, template, why
from cli.errors import friendly

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Fair allocation of BW/BT, MO/VO places, "
                  "flexwoningen and budget over a region's municipalities and wijken.")


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log progress to stderr")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


app.command("regions")(friendly(regions.regions))
app.command("show")(friendly(regions.show))
app.command("solve")(friendly(solve.solve))
app.command("why")(friendly(why.why_command))
app.command("apportion")(friendly(apportion.apportion))
app.command("template")(friendly(template.template))
app.command("map")(friendly(maps.map_command))
app.command("report")(friendly(report.report))
app.command("import-cbs")(friendly(cbs.import_cbs))
app.command("serve")(friendly(serve.serve))
