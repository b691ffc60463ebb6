"""The ``regio`` command line, one module per command group; ``cli.main`` assembles them."""

from cli.main import app

__all__ = ["app"]
