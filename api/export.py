"""Write the service's OpenAPI document to a file, for linters and client generators:
``python -m api.export FILE``."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from api.config import Settings
from api.main import create_app
from api.openapi import document


def write(path: str) -> None:
    """The OpenAPI document (JSON) of a service on an empty, temporary database."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), database_url="", workers=1))
        Path(path).write_text(json.dumps(document(app), indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    write(sys.argv[1])
