"""``regio regions`` and ``regio show``: the region packs and what they hold."""

from __future__ import annotations

from typing import Annotated

import typer

from data import list_regions, list_scenarios, load_region, load_scenario
from models.formatting import euro, normalised_note
from optimiser.wijk_capacity import capacities


def regions() -> None:
    """List the region packs that ship with the product."""
    for code in list_regions():
        region = load_region(code)
        centrum = region.municipality(region.centrumgemeente).name
        typer.echo(f"{code:24} {region.name} — centrumgemeente {centrum}, {len(region.municipalities)} "
                   f"municipalities, {len(region.wijken)} wijken; scenarios: {', '.join(list_scenarios(code))}")


def show(
    region: Annotated[str, typer.Argument(help="region code, e.g. dwo")],
    wijken: Annotated[bool, typer.Option("--wijken", help="list wijken with the draagkracht index")] = False,
    scenario: Annotated[str | None, typer.Option(help="scenario whose draagkracht settings to use")] = None,
) -> None:
    """Show a region: municipalities, types, current places, keys and grants (or wijken with --wijken)."""
    r = load_region(region)
    sc = load_scenario(r, scenario) if wijken else None  # refused before anything is printed
    typer.echo(f"{r.name} ({r.code}); centrumgemeente {r.municipality(r.centrumgemeente).name}")
    if sc is not None:
        caps = capacities(r, sc.draagkracht)
        names = r.names()
        typer.echo(f"\nDraagkracht per wijk (scenario {sc.name}: {sc.draagkracht.places_per_1000:g} places per "
                   f"1,000 inhabitants × index; weights {sc.draagkracht.weights})")
        typer.echo(f"{'wijk':10} {'name':28} {'municipality':24} {'inw':>7} "
                   + " ".join(f"{k:>9}" for k in sc.draagkracht.weights) + f" {'index':>6} {'capacity':>8}")
        for code, c in caps.items():
            inputs = " ".join(f"{'—' if v is None else f'{v:.1f}':>9}" for v in c.inputs.values())
            flag = " (override)" if c.overridden else (" *" if c.filled else "")
            inw = "—" if c.inhabitants is None else f"{c.inhabitants:.0f}"
            typer.echo(f"{code:10} {names[code][:28]:28} {names[c.municipality][:24]:24} {inw:>7} {inputs} "
                       f"{c.index:6.2f} {c.capacity:8.0f}{flag}")
        typer.echo("* an indicator was missing and taken from the municipality or regional mean")
        return
    typer.echo("\nMunicipalities")
    for m in r.municipalities:
        people = "—" if m.indicators.a_inw is None else f"{m.indicators.a_inw:,.0f}"
        typer.echo(f"  {m.code} {m.name:26} {m.role:16} inhabitants {people}")
    typer.echo("\nProvision types (current places per municipality)")
    for t in r.provision_types:
        current = {k: v for k, v in r.current_places(t.code).items() if v}
        where = ", ".join(f"{r.municipality(k).name} {v}" for k, v in current.items()) or "none today"
        size = f", sites {t.site_min}–{t.site_max}" if t.clustered else ""
        size += "" if t.in_wijken else ", a task of each municipality (no wijk)"
        size += ", confidential: results show it per municipality only" if t.confidential else ""
        if t.building is not None:
            size += f", in building {t.building.name}"
            size += f" ({r.names()[t.building.wijk]})" if t.building.wijk else " (wijk not given)"
        typer.echo(f"  {t.code:20} {t.label} [{t.unit}, {t.scope}{size}]: {where}")
    typer.echo("\nKeys")
    for name, key in r.keys.items():
        shares = ", ".join(f"{r.municipality(k).name} {v:.2%}" for k, v in key.shares.items())
        typer.echo(f"  {name}: {key.label}{' (proxy)' if key.proxy else ''}: {shares}")
        if key.source_sum is not None:
            typer.echo(f"    {normalised_note(name, key.source_sum)}")
    if r.grants:
        typer.echo("\nGrants (per year, as the pack states them)")
        by_grant: dict[tuple[str, str], list[str]] = {}
        for g in r.grants:
            by_grant.setdefault((g.label, g.domain), []).append(f"{g.year} {euro(g.amount)}")
        for (label, domain), amounts in by_grant.items():
            typer.echo(f"  {label} ({domain.upper()}): {', '.join(amounts)}")
    money = [(f, f.value) for f in r.facts if f.unit == "EUR" and not isinstance(f.value, str)]
    if money:
        typer.echo("\nOther money figures (for reference, no grant for a provision type)")
        for f, amount in money:
            typer.echo(f"  {f.key}: {euro(amount)}{f' ({f.note})' if f.note else ''} [{f.source}]")
    typer.echo(f"\nScenarios: {', '.join(list_scenarios(r.code))} (default {r.default_scenario})")
    choices = r.modelling_choices()
    if choices:
        typer.echo("\nModelling choices (not settled by the documents; a working group should check them)")
        for line in choices:
            typer.echo(f"  {line}")

