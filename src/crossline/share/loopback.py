"""Serve a node's app on a loopback port from a thread (two-node demo, tests, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from crossline.errors import TransportError


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """A running server: its URL, and ``stop()``."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


def serve_in_thread(app: Any, *, port: int | None = None, wait: float = 20.0) -> Served:
    """Start uvicorn for ``app`` on 127.0.0.1 (lifespan on, so background workers run)."""
    import uvicorn

    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + wait
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise TransportError(f"the node could not start on 127.0.0.1:{port}", port=port)
        time.sleep(0.02)
    return Served(f"http://127.0.0.1:{port}", server, thread)
