"""``regio apportion``: spread a type × municipality table by the key with totals that hold."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from data import load_region, load_scenario
from optimiser.apportion import apportion_table


def apportion(
    region: Annotated[str, typer.Argument(help="region code, e.g. dwo")],
    scenario: Annotated[str | None, typer.Option(help="scenario name in the pack, or a YAML/JSON file")] = None,
    year: Annotated[int | None, typer.Option(help="year of the scenario's demand (default: its first year)")] = None,
    method: Annotated[str, typer.Option(help="hamilton, dhondt, sainte-lague or biproportional")] = "biproportional",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
) -> None:
    """Apportion the scenario's demand per type over the municipalities by its distribution key."""
    r = load_region(region)
    sc = load_scenario(r, scenario)
    year = sc.years[0] if year is None else year
    if year not in sc.years:
        raise ValueError(f"--year: {year} is not a year of scenario {sc.name} ({sc.years})")
    key = r.keys[sc.key]
    types = sc.apportion_types or list(sc.demand)
    rows = {t: sc.demand[t][year] for t in types if sc.demand[t][year] > 0}
    table = apportion_table(rows, key.shares, method)
    names = {m.code: m.name for m in r.municipalities}
    labels = r.type_labels()
    if as_json:
        typer.echo(json.dumps({
            "region": r.code, "scenario": sc.name, "year": year, "method": method,
            "key": {"name": sc.key, "label": key.label, "proxy": key.proxy, "shares": key.shares},
            "cells": table.cells, "row_totals": table.row_totals, "column_totals": table.column_totals,
            "grand_total": table.grand_total,
            "quotas": {row: {c: round(q, 4) for c, q in qs.items()} for row, qs in table.quotas.items()},
            "column_quotas": {c: round(q, 4) for c, q in table.column_quotas.items()},
            "fair_column_totals": table.fair_column_totals,
            "check": {"rows_and_columns_add_up": table.consistent,
                      "max_cell_deviation_from_quota": round(table.max_deviation, 4)},
        }, indent=2, ensure_ascii=False))
        return
    width = max(len(labels.get(t, t)) for t in table.rows) if table.rows else 10
    cols = table.columns
    head = f"{'':{width}}  " + "  ".join(f"{names[c][:18]:>18}" for c in cols) + f"  {'total':>6}"
    typer.echo(f"{r.name}: {sc.name}, {year}, {method}; key {key.label}{' (proxy)' if key.proxy else ''}")
    typer.echo(head)
    typer.echo(f"{'share':{width}}  " + "  ".join(f"{key.shares[c]:>18.2%}" for c in cols))
    for row in table.rows:
        cells = "  ".join(f"{table.cells[row][c]:>10} ({table.quotas[row][c]:5.2f})" for c in cols)
        typer.echo(f"{labels.get(row, row):{width}}  {cells}  {table.row_totals[row]:>6}")
    totals = "  ".join(f"{table.column_totals[c]:>10} ({table.column_quotas[c]:5.1f})" for c in cols)
    typer.echo(f"{'total':{width}}  {totals}  {table.grand_total:>6}")
    typer.echo(f"(exact quota in brackets) largest cell deviation {table.max_deviation:.2f}; rows add up and every "
               f"municipality gets its whole share of the total: {'yes' if table.consistent else 'NO'}")
    if not table.consistent:
        fair = ", ".join(f"{names[c]} {v}" for c, v in table.fair_column_totals.items())
        typer.echo(f"rounding each row on its own misses the municipalities' whole shares ({fair}); "
                   "use --method biproportional")
