"""ASGI entry point for process managers (``uvicorn crossline.api.asgi:app``).

Settings come from the environment (``CROSSLINE_HOME``, ``CROSSLINE_DATABASE_URL``).
"""

from __future__ import annotations

from crossline.api.app import create_app
from crossline.config import load_settings

app = create_app(load_settings())
