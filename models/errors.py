"""Readable one-line messages for validation errors: field path, value, why."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from models.i18n import Message, t_


def one_line(text: str) -> str:
    """``text`` with every line break and other unprintable character escaped (``\\n``, ``\\x85``), so a
    message quoting odd input stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _part(key: object) -> str:
    """One step of a field path. A key that is empty or holds anything but letters, digits, ``_``, ``-`` and
    brackets (pydantic's ``[key]``), such as a space, a dot or a colon, is quoted: the path reads unambiguously."""
    text = str(key)
    return text if re.fullmatch(r"[\w\[\]-]+", text) else repr(text)


#: pydantic's own errors, by type, with the English text pydantic gives (so the English reads as before) and a
#: catalogue entry for the other language; an error not listed keeps pydantic's English text
_PYDANTIC: dict[str, str] = {
    "missing": "Field required",
    "extra_forbidden": "Extra inputs are not permitted",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_type": "Input should be a valid integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "float_type": "Input should be a valid number",
    "finite_number": "Input should be a finite number",
    "string_type": "Input should be a valid string",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "bool_type": "Input should be a valid boolean",
    "dict_type": "Input should be a valid dictionary",
    "list_type": "Input should be a valid list",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "greater_than": "Input should be greater than {gt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "less_than": "Input should be less than {lt}",
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "literal_error": "Input should be {expected}",
    "enum": "Input should be {expected}",
}


def refusal(error: Any) -> str:
    """Why a field was refused: the validator's own message (a ``Message`` keeps its catalogue id), or
    pydantic's error by its type."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, Exception) and cause.args and isinstance(cause.args[0], Message):
        return cause.args[0]
    msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    template = _PYDANTIC.get(str(error.get("type")))
    if template is not None:
        ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            if template.format(**ctx) == msg:
                return Message(template, **ctx)
        except (KeyError, IndexError):
            pass
    return msg


def describe(error: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic ValidationError into '; '-joined 'path: why (value: v)' parts; the result is a
    ``Message`` the edge of the program words in the reader's language."""
    parts = []
    for e in error.errors():
        path = ".".join(_part(p) for p in e.get("loc", ()) if p != "__root__")
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        why = refusal(e)
        value = e.get("input")
        shown: str = "" if isinstance(value, dict | list) or value is None else t_(
            " (value: {value})", value=one_line(repr(value)))
        parts.append(Message("{path}: {why}{shown}", path=path, why=why, shown=shown) if path
                     else Message("{why}{shown}", why=why, shown=shown))
    joined = Message("; ".join(f"{{p{i}}}" for i in range(len(parts))), **{f"p{i}": p for i, p in enumerate(parts)})
    return joined
