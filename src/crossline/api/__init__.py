"""The node's HTTP face: REST API and web app (``create_app(settings)``)."""

from crossline.api.app import create_app

__all__ = ["create_app"]
