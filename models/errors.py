"""Readable one-line messages for validation errors: field path, value, why."""

from __future__ import annotations

from pydantic import ValidationError


def describe(error: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic ValidationError into '; '-joined 'path: why (value: v)' parts."""
    parts = []
    for e in error.errors():
        path = ".".join(str(p) for p in e.get("loc", ()) if p != "__root__")
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        msg = e.get("msg", "invalid").removeprefix("Value error, ")
        value = e.get("input")
        shown = "" if isinstance(value, dict | list) or value is None else f" (value: {value!r})"
        parts.append(f"{path}: {msg}{shown}" if path else f"{msg}{shown}")
    return "; ".join(parts)
