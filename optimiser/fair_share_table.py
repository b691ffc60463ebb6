"""The product's fair-share table: one rule for the model's targets, ``regio apportion`` and the verifier.

For a region, scenario and year, the types with demand are grouped into tables. Types share a table when
they share the key in force that year (``scenario.key_for``; what-if ``key_shares`` in force replace the
scenario key's shares, ``scenario.key_shares_for``), the municipalities allowed to host them
(``scenario.hosts``) and the domain (bw, mo, vo: the task and money stream the key divides). The columns of
a table are its hosts, with the key's shares renormalised over them (a municipality that may not host a
type gets no share of it). The row totals are the types' demand of the year, and the table is rounded with
fixed margins (``apportion.fixed_margins``): each type's row adds up to its demand, each host gets its
Hamilton share of the table's grand total, and the cells lie as close to their quotas as these margins
allow. A table of one type is that type's Hamilton apportionment. A key or what-if shares given "from year
Y" change a type's table from that year on.

DWO: BT, BT plus, BW and BW plus (domain bw, key objectief, all four municipalities) form one table of
230 clients: Delft 111, Westland 76, Pijnacker-Nootdorp 30, Midden-Delfland 13 in every year.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Region, Scenario
from models.i18n import t_
from optimiser.apportion import DEFAULT_TABLE_METHOD, Table, apportion_table


@dataclass(frozen=True)
class ShareTable:
    """One fair-share table: the types apportioned together in a year, their key and their hosts."""

    key: str
    label: str
    proxy: bool
    what_if: bool
    domain: str
    hosts: list[str]
    #: the key's shares renormalised over the hosts (the columns)
    shares: dict[str, float]
    types: list[str]
    year: int
    table: Table


def key_shares(region: Region, scenario: Scenario, type_code: str, year: int) -> dict[str, float]:
    """The shares of the key in force for a type in ``year``, before renormalising over its hosts (what-if
    shares in force replace the scenario key's)."""
    what_if = scenario.key_shares_for(type_code, year)
    if what_if is not None:
        return dict(what_if)
    name = scenario.key_for(type_code, year)
    if name not in region.keys:
        raise ValueError(t_(
            "key: unknown key {name} for type {type_code}; the region has {v1}",
            name=repr(name), type_code=type_code, v1=sorted(region.keys)))
    return dict(region.keys[name].shares)


def host_shares(region: Region, scenario: Scenario, type_code: str, year: int) -> dict[str, float]:
    """The shares in ``year`` over the municipalities allowed to host the type, summing to 1 over them."""
    hosts = scenario.hosts(region, type_code)
    key = key_shares(region, scenario, type_code, year)
    total = sum(key.get(m, 0.0) for m in hosts)
    if total <= 0:
        raise ValueError(t_(
            "type {type_code}: the key gives no share in {year} to any municipality allowed to host it",
            type_code=type_code, year=year))
    return {m: key.get(m, 0.0) / total for m in hosts}


def groups(region: Region, scenario: Scenario, year: int) -> list[list[str]]:
    """The types with demand, grouped by the key in force in ``year``, hosts and domain, in the region's order
    of types."""
    out: dict[tuple[str, tuple[str, ...], str], list[str]] = {}
    for t in region.provision_types:
        if t.code in scenario.demand:
            sig = (scenario.key_for(t.code, year), tuple(scenario.hosts(region, t.code)), t.domain)
            out.setdefault(sig, []).append(t.code)
    return list(out.values())


def fair_share_tables(region: Region, scenario: Scenario, year: int,
                      method: str = DEFAULT_TABLE_METHOD) -> list[ShareTable]:
    """Every fair-share table of the scenario in a year (the model's targets use the default method)."""
    tables = []
    for types in groups(region, scenario, year):
        first = types[0]
        name = scenario.key_for(first, year)
        shares = host_shares(region, scenario, first, year)
        rows = {p: scenario.demand[p][year] for p in types}
        what_if = scenario.key_shares_for(first, year) is not None
        key = region.keys.get(name)
        tables.append(ShareTable(
            key=name, label=f"what-if shares in place of {name}" if what_if or key is None else key.label,
            proxy=bool(key and key.proxy) and not what_if, what_if=what_if,
            domain=region.provision_type(first).domain, hosts=list(shares), shares=shares, types=types, year=year,
            table=apportion_table(rows, shares, method),
        ))
    return tables


def fair_share_targets(region: Region, scenario: Scenario,
                       method: str = DEFAULT_TABLE_METHOD) -> dict[tuple[str, str, int], int]:
    """(municipality, type, year) -> the whole places the fair-share table gives a host."""
    out: dict[tuple[str, str, int], int] = {}
    for year in scenario.years:
        for st in fair_share_tables(region, scenario, year, method):
            for p in st.types:
                for m, seats in st.table.cells[p].items():
                    out[m, p, year] = seats
    return out
