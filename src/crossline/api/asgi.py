"""ASGI entry point for process managers (``uvicorn crossline.api.asgi:app``).

Settings come from the environment (``CROSSLINE_HOME``, ``CROSSLINE_DATABASE_URL``);
``CROSSLINE_LOG_FORMAT=json`` switches the worker's logs to redacted JSON lines.
"""

from __future__ import annotations

import os

from crossline.api.app import create_app
from crossline.config import load_settings

if os.environ.get("CROSSLINE_LOG_FORMAT") == "json":
    from crossline.ops import logging as ops_logging

    ops_logging.configure("json")

app = create_app(load_settings())
