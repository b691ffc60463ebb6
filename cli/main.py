"""The ``regio`` application: global options and one command group per module of this package."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from cli import (
    apportion,
    cbs,
    check,
    compare,
    init,
    maps,
    regions,
    report,
    serve,
    solve,
    sweep,
    template,
    tokens,
    why,
    worker,
)
from cli.errors import friendly
from cli.lang import h
from data.pack import add_pack_folders

app = typer.Typer(add_completion=False, no_args_is_help=True, help=h("Fair allocation of BW/BT, MO/VO places, "
                  "flexwoningen and budget over a region's municipalities and wijken."))


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help=h("log progress to stderr")),
         packs: list[Path] = typer.Option([], "--packs", help=h(  # noqa: B008 - typer's way
             "a folder of region packs beside the shipped ones (repeatable; adds to REGIO_PACKS_DIR)"))) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    if packs:
        add_pack_folders(*packs)


app.command("regions", help=h("List the region packs that ship with the product."))(friendly(regions.regions))
app.command("show", help=h("Show a region: municipalities, types, current places, keys and grants (or wijken with "
                           "--wijken)."))(friendly(regions.show))
app.command("solve", help=h("Allocate places, flexwoningen and budget for a scenario and explain the answer."))(
    friendly(solve.solve))
app.command("why", help=h("Why the plan gives a municipality the places of a type it gives, against its fair "
                          "share."))(friendly(why.why_command))
app.command("apportion", help=h("Apportion the scenario's demand per type over the municipalities by its "
                                "distribution key."))(friendly(apportion.apportion))
app.command("template", help=h("Write an Excel workbook to fill in a scenario of the region."))(
    friendly(template.template))
app.command("map", help=h("Draw a result: wijken coloured by draagkracht use with the new places per type on "
                          "top."))(friendly(maps.map_command))
app.command("report", help=h("The report for the council, as PDF or HTML."))(friendly(report.report))
app.command("compare", help=h("Results side by side: key figures, the places on which they differ, and a "
                              "chart."))(friendly(compare.compare_command))
app.command("sweep", help=h("Solve many what-if variants of a scenario: a table, charts and comparisons; a "
                            "second run solves only what is missing."))(friendly(sweep.sweep_command))
app.command("import-cbs", help=h("Import CBS Kerncijfers wijken en buurten and wijk boundaries into a region "
                                 "pack."))(friendly(cbs.import_cbs))
app.command("init", help=h("A new region pack from CBS files, with a workbook for what only the region knows."))(
    friendly(init.init))
app.command("check", help=h("Check a region pack before its numbers are trusted: missing indicators, keys, "
                            "grants, sources and boundaries."))(friendly(check.check))
app.add_typer(tokens.app, name="tokens")
app.command("worker", help=h("Solve the service's runs on this machine, for the Dask scheduler the services use "
                             "(REGIO_EXECUTOR=dask, REGIO_SCHEDULER)."))(friendly(worker.worker))
app.command("serve", help=h("Start the service and the forms for working groups."))(friendly(serve.serve))
