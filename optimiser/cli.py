"""The ``regio`` command line: one readable line and a non-zero exit on bad input."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import typer
from pydantic import ValidationError

from models.errors import describe

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Fair allocation of BW/BT, MO/VO places, "
                  "flexwoningen and budget over a region's municipalities and wijken.")


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


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log progress to stderr")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


# -- command registration (one line per command module) ----------------------------------------------
from optimiser.cli_solve import regions, show, solve  # noqa: E402

app.command("regions")(friendly(regions))
app.command("show")(friendly(show))
app.command("solve")(friendly(solve))
from optimiser.cli_import import import_cbs  # noqa: E402

app.command("import-cbs")(friendly(import_cbs))
from optimiser.cli_apportion import apportion  # noqa: E402

app.command("apportion")(friendly(apportion))
from optimiser.cli_map import map_command  # noqa: E402

app.command("map")(friendly(map_command))
from optimiser.cli_serve import serve  # noqa: E402

app.command("serve")(friendly(serve))
