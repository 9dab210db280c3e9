"""Calls released together from several threads: what a race between writers does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(call: Callable[[], T], n: int) -> tuple[list[T], list[BaseException]]:
    """``call`` from ``n`` threads released together: what each got, what each raised."""
    start = threading.Barrier(n)
    got: list[T] = []
    errors: list[BaseException] = []

    def one() -> None:
        start.wait()
        try:
            got.append(call())
        except BaseException as exc:  # noqa: BLE001 - kept for the caller's assertion
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return got, errors
