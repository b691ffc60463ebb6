"""Expected errors become one readable line on stderr and exit code 2, never a stack trace."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import click
import typer
from pydantic import ValidationError

from models.errors import describe, one_line
from models.i18n import LANGUAGES, Message, Words, worded

log = logging.getLogger(__name__)


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected errors (bad codes, numbers, shares, files) into one line on stderr and exit 2; an unexpected
    one, too, as one line naming it (its stack trace goes to the log with ``-v``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang")
        w = Words(lang if lang in LANGUAGES else None)
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            typer.echo(w._("regio: error: {message}", message=one_line(worded(describe(exc), w))), err=True)
            raise typer.Exit(2) from None
        except (ValueError, KeyError, FileNotFoundError, OSError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc.args[0] if (
                exc.args and isinstance(exc.args[0], Message)) else str(exc)
            typer.echo(w._("regio: error: {message}", message=one_line(worded(message, w))), err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a fault of the product, not of the input: one line still, details with -v
            log.info("unexpected error", exc_info=True)
            typer.echo(w._("regio: internal error: {kind}: {message} (run with -v for the details and please "
                           "report it)", kind=type(exc).__name__, message=one_line(str(exc))), err=True)
            raise typer.Exit(2) from None

    return wrapper
