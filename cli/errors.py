"""Expected errors become one readable line on stderr and exit code 2, never a stack trace."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer
from pydantic import ValidationError

from models.errors import describe


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected errors (bad codes, numbers, shares, files) into one line on stderr and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            typer.echo(f"regio: error: {describe(exc)}", err=True)
            raise typer.Exit(2) from None
        except (ValueError, KeyError, FileNotFoundError, OSError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            typer.echo(f"regio: error: {message}", err=True)
            raise typer.Exit(2) from None

    return wrapper
