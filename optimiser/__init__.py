"""Apportionment, the allocation MILP, solver backends, explanations, reports and the CLI."""
