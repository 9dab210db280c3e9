"""Import worker entry points that fail the way real workers do (run in the worker
process, so they live in an importable module): killed mid-import, or exiting before
the job's row could be touched."""

from __future__ import annotations

import os

from crossline.config import Settings
from crossline.node.job_worker import set_job


def dies_while_running(settings: Settings, job_id: str) -> None:
    """Marks the job running, then the process ends at once (as when the kernel kills it
    for memory): nothing records the outcome."""
    from crossline.store import open_store

    store = open_store(settings, migrate=False)
    set_job(store, job_id, status="running")
    store.close()
    os._exit(9)
