"""What the operations routes answer: liveness and readiness."""

from __future__ import annotations

from crossline.api.models import Open


class LiveOut(Open):
    status: str


class HealthOut(LiveOut):
    node: str


class CheckOut(Open):
    ok: bool
    detail: str | None = None


class ReadyOut(Open):
    status: str
    checks: dict[str, CheckOut]
