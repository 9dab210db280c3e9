"""A node served by a real uvicorn process (``crossline serve``), for tests whose subject
is the server process itself: its event loop's answers while an import runs, measured
from outside it.

``served_node(settings)`` creates an organisation and an analyst token on the store,
starts the server on a free port and waits until ``/readyz`` answers 200; the server's
stderr is kept in ``home/server.log`` for the failure message.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Served:
    """A running server: its address, an analyst's bearer header and its process."""

    base: str
    headers: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(settings: Settings) -> str:
    store = open_store(settings)
    try:
        acc = Accounts(store)
        org = acc.create_org("Served agency", country="US")
        user = acc.create_user(org["id"], "served", PASSWORD, "admin")
        token, _row = acc.create_token(
            creator=None,
            user_id=user["id"],
            org_id=org["id"],
            name="served",
            role="analyst",
            scopes=["read", "write", "import"],
        )
        return token
    finally:
        store.close()


@contextmanager
def served_node(
    settings: Settings,
    *,
    env: dict[str, str] | None = None,
    ready_within: float = 90.0,
) -> Iterator[Served]:
    """``crossline serve`` on ``settings`` until the block ends (then terminated)."""
    token = _token(settings)
    port = free_port()
    log = settings.home / "server.log"
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "CROSSLINE_SECRET_KEY": "k" * 40,
        **(env or {}),
    }
    cmd = [sys.executable, "-m", "crossline", "--home", str(settings.home)]
    cmd += ["--db", settings.database_url, "serve", "--port", str(port)]
    with log.open("wb") as err:
        process = subprocess.Popen(cmd, env=environ, stdout=subprocess.DEVNULL, stderr=err)
    served = Served(
        base=f"http://127.0.0.1:{port}",
        headers={"Authorization": f"Bearer {token}"},
        process=process,
        log=log,
    )
    try:
        deadline = time.monotonic() + ready_within
        while True:
            try:
                if httpx.get(f"{served.base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, served.log_text()
            assert time.monotonic() < deadline, "server did not become ready\n" + served.log_text()
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def run_delay(pid: int, tid: int) -> float:
    """Seconds thread ``tid`` of process ``pid`` has spent runnable but waiting for a CPU
    (Linux schedstat); 0.0 where the kernel does not say."""
    try:
        with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def run_delays(pid: int) -> dict[int, float]:
    """:func:`run_delay` of every thread of process ``pid``."""
    try:
        tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return {}
    return {tid: run_delay(pid, tid) for tid in tids}
