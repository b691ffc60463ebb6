"""``regio apportion``: the fair-share tables of a scenario year, the same cells the model steers toward."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from cli.lang import LangOption, h, words
from data import load_region, load_scenario
from models.i18n import t_, worded
from optimiser.apportion import DEFAULT_TABLE_METHOD, METHOD_ALIASES, TABLE_METHODS
from optimiser.fair_share_table import ShareTable, fair_share_tables

METHOD_HELP = h("fixed-margins (default, the model's targets): a rounding of the quota table with fixed margins, "
               "rows exact and every municipality its Hamilton share of the total; divisor: the biproportional "
               "divisor method (Sainte-Laguë rounding); hamilton, dhondt, sainte-lague: each row on its own; "
               "biproportional: old name of fixed-margins")


def _table_json(st: ShareTable) -> dict[str, Any]:
    t = st.table
    return {
        "types": st.types, "domain": st.domain, "hosts": st.hosts,
        "key": {"name": st.key, "label": st.label, "proxy": st.proxy, "what_if": st.what_if},
        "shares": {c: round(v, 6) for c, v in st.shares.items()},
        "cells": t.cells, "row_totals": t.row_totals, "column_totals": t.column_totals,
        "grand_total": t.grand_total,
        "quotas": {row: {c: round(q, 4) for c, q in qs.items()} for row, qs in t.quotas.items()},
        "column_quotas": {c: round(q, 4) for c, q in t.column_quotas.items()},
        "fair_column_totals": t.fair_column_totals,
        "check": {"rows_and_columns_add_up": t.consistent, "max_cell_deviation_from_quota": round(t.max_deviation, 4)},
    }


def apportion(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo"))],
    scenario: Annotated[str | None, typer.Option(
        help=h("scenario name in the pack, a YAML/JSON file, or a filled Excel template (regio template)"))] = None,
    year: Annotated[int | None, typer.Option(help=h("year of the scenario's demand (default: its first year)"))] = None,
    method: Annotated[str, typer.Option(help=METHOD_HELP)] = DEFAULT_TABLE_METHOD,
    all_types: Annotated[bool, typer.Option("--all-types",
                                            help=h("every fair-share table, not only the scenario's apportion_types"))]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help=h("print JSON for scripts"))] = False,
    lang: LangOption = None,
) -> None:
    """Apportion the scenario's demand per type over the municipalities by its distribution key.

    Types that share key, hosts and domain form one table; with the default method the cells are the
    model's fair-share targets (`regio solve`). The scenario's `apportion_types` choose which tables are
    printed (default: all).
    """
    w = words(lang)
    r = load_region(region)
    sc = load_scenario(r, scenario)
    year = sc.years[0] if year is None else year
    if year not in sc.years:
        raise ValueError(t_(
            "--year: {year} is not a year of scenario {name} ({years})", year=year, name=sc.name, years=sc.years))
    method = METHOD_ALIASES.get(method, method)
    if method not in TABLE_METHODS:
        raise ValueError(t_(
            "--method: unknown method {method}; choose {v1}", method=repr(method), v1=', '.join(TABLE_METHODS)))
    tables = fair_share_tables(r, sc, year, method)
    if sc.apportion_types and not all_types:
        tables = [st for st in tables if set(st.types) & set(sc.apportion_types)]
    names = {m.code: m.name for m in r.municipalities}
    labels = r.type_labels()
    model_note = (w._("the model's fair-share targets") if method == DEFAULT_TABLE_METHOD
                  else w._("not the model's targets (those are {method})", method=DEFAULT_TABLE_METHOD))
    if as_json:
        munis = [m.code for m in r.municipalities]
        column_totals = {c: sum(st.table.column_totals.get(c, 0) for st in tables) for c in munis}
        typer.echo(json.dumps({
            "region": r.code, "scenario": sc.name, "year": year, "method": method,
            "method_is": TABLE_METHODS[method], "model_targets": method == DEFAULT_TABLE_METHOD,
            "cells": {p: st.table.cells[p] for st in tables for p in st.types},
            "row_totals": {p: st.table.row_totals[p] for st in tables for p in st.types},
            "column_totals": {c: v for c, v in column_totals.items() if any(c in st.hosts for st in tables)},
            "grand_total": sum(st.table.grand_total for st in tables),
            "quotas": {p: {c: round(q, 4) for c, q in st.table.quotas[p].items()} for st in tables for p in st.types},
            "check": {"rows_and_columns_add_up": all(st.table.consistent for st in tables),
                      "max_cell_deviation_from_quota": round(max((st.table.max_deviation for st in tables),
                                                                 default=0.0), 4)},
            "tables": [_table_json(st) for st in tables],
        }, indent=2, ensure_ascii=False))
        return
    typer.echo(w._("{region}: {scenario}, {year}, method {method}; {note}", region=r.name, scenario=sc.name,
                   year=year, method=method, note=model_note))
    typer.echo(f"{method}: {worded(TABLE_METHODS[method], w)}")
    for st in tables:
        table = st.table
        width = max([len(labels.get(t, t)) for t in table.rows] + [10])
        cols = table.columns
        proxy = w._(" (proxy)") if st.proxy else ""
        key = st.label if st.what_if else f"{st.key} ({st.label})"
        typer.echo("")
        typer.echo(w._("key in {year}: {key}{proxy}, domain {domain}, hosts {hosts}", year=st.year, key=key,
                       proxy=proxy, domain=st.domain, hosts=", ".join(names[c] for c in cols)))
        total = w._("total")
        typer.echo(f"{'':{width}}  " + "  ".join(f"{names[c][:18]:>18}" for c in cols) + f"  {total:>6}")
        typer.echo(f"{w._('share'):{width}}  " + "  ".join(f"{w.fixed(100 * st.shares[c], 2) + ' %':>18}"
                                                          for c in cols))
        for row in table.rows:
            cells = "  ".join(f"{table.cells[row][c]:>10} ({w.fixed(table.quotas[row][c], 2):>5})" for c in cols)
            typer.echo(f"{labels.get(row, row):{width}}  {cells}  {table.row_totals[row]:>6}")
        totals = "  ".join(f"{table.column_totals[c]:>10} ({w.fixed(table.column_quotas[c], 1):>5})" for c in cols)
        typer.echo(f"{total:{width}}  {totals}  {table.grand_total:>6}")
        typer.echo(w._("(exact quota in brackets) largest cell deviation {deviation}; rows add up and every "
                       "municipality gets its whole share of the total: {verdict}",
                       deviation=w.fixed(table.max_deviation, 2), verdict=w._("yes") if table.consistent
                       else w._("NO")))
        if not table.consistent:
            fair = ", ".join(f"{names[c]} {v}" for c, v in table.fair_column_totals.items())
            typer.echo(w._("rounding each row on its own misses the municipalities' whole shares ({fair}); use "
                           "--method {method}", fair=fair, method=DEFAULT_TABLE_METHOD))
    if not tables:
        typer.echo(w._("no fair-share table for this year"))
