"""``python -m cli``: the regio command line."""

from cli.main import app

app(prog_name="regio")
