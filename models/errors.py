"""Readable one-line messages for validation errors: field path, value, why."""

from __future__ import annotations

import re

from pydantic import ValidationError


def one_line(text: str) -> str:
    """``text`` with every line break and other unprintable character escaped (``\\n``, ``\\x85``), so a
    message quoting odd input stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _part(key: object) -> str:
    """One step of a field path. A key that is empty or holds anything but letters, digits, ``_``, ``-`` and
    brackets (pydantic's ``[key]``), such as a space, a dot or a colon, is quoted: the path reads unambiguously."""
    text = str(key)
    return text if re.fullmatch(r"[\w\[\]-]+", text) else repr(text)


def describe(error: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic ValidationError into '; '-joined 'path: why (value: v)' parts."""
    parts = []
    for e in error.errors():
        path = ".".join(_part(p) for p in e.get("loc", ()) if p != "__root__")
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        msg = e.get("msg", "invalid").removeprefix("Value error, ")
        value = e.get("input")
        shown = "" if isinstance(value, dict | list) or value is None else f" (value: {value!r})"
        parts.append(f"{path}: {msg}{shown}" if path else f"{msg}{shown}")
    return one_line("; ".join(parts))
