"""``regio regions`` and ``regio show``: the region packs and what they hold."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from data import list_regions, list_scenarios, load_region, load_scenario
from data.texts import pack_text
from optimiser.report.tables import normalised
from optimiser.wijk_capacity import capacities


def regions(lang: LangOption = None) -> None:
    """List the region packs that ship with the product."""
    w = words(lang)
    for code in list_regions():
        region = load_region(code)
        centrum = region.municipality(region.centrumgemeente).name
        typer.echo(f"{code:24} " + w._(
            "{region} — centrumgemeente {centrum}, {municipalities} municipalities, {wijken} wijken; scenarios: "
            "{scenarios}", region=region.name, centrum=centrum, municipalities=len(region.municipalities),
            wijken=len(region.wijken), scenarios=", ".join(list_scenarios(code))))


def show(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo"))],
    wijken: Annotated[bool, typer.Option("--wijken", help=h("list wijken with the draagkracht index"))] = False,
    scenario: Annotated[str | None, typer.Option(help=h("scenario whose draagkracht settings to use"))] = None,
    lang: LangOption = None,
) -> None:
    """Show a region: municipalities, types, current places, keys and grants (or wijken with --wijken)."""
    w = words(lang)
    r = load_region(region)
    sc = load_scenario(r, scenario) if wijken else None  # refused before anything is printed
    typer.echo(w._("{region} ({code}); centrumgemeente {centrum}", region=r.name, code=r.code,
                   centrum=r.municipality(r.centrumgemeente).name))
    if sc is not None:
        caps = capacities(r, sc.draagkracht)
        names = r.names()
        typer.echo("\n" + w._("Draagkracht per wijk (scenario {scenario}: {places} places per 1,000 inhabitants × "
                              "index; weights {weights})", scenario=sc.name,
                              places=w.number(sc.draagkracht.places_per_1000), weights=sc.draagkracht.weights))
        typer.echo(f"{w._('wijk'):10} {w._('name'):28} {w._('municipality'):24} {w._('inh.'):>7} "
                   + " ".join(f"{k:>9}" for k in sc.draagkracht.weights) + f" {w._('index'):>6} "
                   f"{w._('capacity'):>8}")
        for code, c in caps.items():
            inputs = " ".join(f"{'—' if v is None else w.fixed(v, 1):>9}" for v in c.inputs.values())
            flag = w._(" (override)") if c.overridden else (" *" if c.filled else "")
            inw = "—" if c.inhabitants is None else w.number(c.inhabitants, 0)
            typer.echo(f"{code:10} {names[code][:28]:28} {names[c.municipality][:24]:24} {inw:>7} {inputs} "
                       f"{w.fixed(c.index, 2):>6} {w.number(c.capacity, 0):>8}{flag}")
        typer.echo(w._("* an indicator was missing and taken from the municipality or regional mean"))
        return
    typer.echo("\n" + w._("Municipalities"))
    for m in r.municipalities:
        people = "—" if m.indicators.a_inw is None else w.number(m.indicators.a_inw, 0)
        typer.echo(f"  {m.code} {m.name:26} {m.role:16} " + w._("inhabitants {n}", n=people))
    typer.echo("\n" + w._("Provision types (current places per municipality)"))
    for t in r.provision_types:
        current = {k: v for k, v in r.current_places(t.code).items() if v}
        where = ", ".join(f"{r.municipality(k).name} {v}" for k, v in current.items()) or w._("none today")
        size = w._(", sites {low}–{high}", low=t.site_min, high=t.site_max) if t.clustered else ""
        size += "" if t.in_wijken else w._(", a task of each municipality (no wijk)")
        size += w._(", confidential: results show it per municipality only") if t.confidential else ""
        if t.building is not None:
            size += w._(", in building {name}", name=t.building.name)
            size += f" ({r.names()[t.building.wijk]})" if t.building.wijk else w._(" (wijk not given)")
        unit = {"places": w._("places"), "dwellings": w._("dwellings"), "houses": w._("houses")}[t.unit]
        scope = w._("regional") if t.scope == "regional" else w._("local")
        typer.echo(f"  {t.code:20} {t.label} [{unit}, {scope}{size}]: {where}")
    typer.echo("\n" + w._("Keys"))
    for name, key in r.keys.items():
        shares = ", ".join(f"{r.municipality(k).name} {w.fixed(100 * v, 2)} %" for k, v in key.shares.items())
        typer.echo(f"  {name}: {key.label}{w._(' (proxy)') if key.proxy else ''}: {shares}")
        if key.source_sum is not None:
            typer.echo(f"    {normalised(name, key.source_sum, w)}")
    if r.grants:
        typer.echo("\n" + w._("Grants (per year, as the pack states them)"))
        by_grant: dict[tuple[str, str], list[str]] = {}
        for g in r.grants:
            by_grant.setdefault((g.label, g.domain), []).append(f"{g.year} {w.euro(g.amount)}")
        for (label, domain), amounts in by_grant.items():
            typer.echo(f"  {label} ({domain.upper()}): {', '.join(amounts)}")
    money = [(f, f.value) for f in r.facts if f.unit == "EUR" and not isinstance(f.value, str)]
    if money:
        typer.echo("\n" + w._("Other money figures (for reference, no grant for a provision type)"))
        for f, amount in money:
            typer.echo(f"  {f.key}: {w.euro(amount)}{f' ({f.note})' if f.note else ''} [{f.source}]")
    typer.echo("\n" + w._("Scenarios: {names} (default {default})", names=", ".join(list_scenarios(r.code)),
                          default=str(r.default_scenario)))
    choices = r.modelling_choices()
    if choices:
        typer.echo("\n" + w._("Modelling choices (not settled by the documents; a working group should check them)"))
        for line in choices:
            typer.echo(f"  {pack_text(r.code, line, w)}")
