"""Several server processes by default, and per-process limits shared out among them."""

from __future__ import annotations

import pytest

from crossline.cli import serve_cmd
from crossline.node.security import LoginLimiter


@pytest.mark.parametrize(
    ("cores", "expected"),
    [({0}, 1), ({0, 1}, 2), (set(range(16)), serve_cmd.MAX_DEFAULT_WORKERS)],
    ids=["one-core", "two-cores", "capped"],
)
def test_one_process_per_core_by_default(monkeypatch, cores: set[int], expected: int) -> None:
    monkeypatch.setattr(serve_cmd.os, "sched_getaffinity", lambda _pid: cores, raising=False)
    assert serve_cmd.default_workers() == expected


@pytest.mark.parametrize(
    ("workers", "environ", "pool"),
    [(1, {}, "40"), (2, {}, "20"), (8, {}, "5"), (64, {}, "2"),
     (4, {"CROSSLINE_DB_POOL_SIZE": "9"}, None)],
    ids=["one", "two", "eight", "many", "pool-set"],
)  # fmt: skip
def test_processes_share_the_database_connections(
    workers: int, environ: dict[str, str], pool: str | None
) -> None:
    env = serve_cmd.worker_environment(workers, environ)
    assert env["CROSSLINE_WORKERS"] == str(workers)
    assert env.get("CROSSLINE_DB_POOL_SIZE") == pool


@pytest.mark.parametrize(
    ("workers", "per_user", "per_ip"), [(1, 5, 20), (2, 2, 10), (8, 1, 2)], ids=["1", "2", "8"]
)
def test_login_allowance_is_shared_out(workers: int, per_user: int, per_ip: int) -> None:
    limiter = LoginLimiter.shared_by(workers)
    assert (limiter.per_user, limiter.per_ip) == (per_user, per_ip)
    for _ in range(per_user):
        assert limiter.retry_after("mallory", "198.51.100.7") == 0
        limiter.failed("mallory", "198.51.100.7")
    assert limiter.retry_after("mallory", "198.51.100.7") > 0


def test_busy_processes_are_not_killed_by_their_supervisor() -> None:
    """uvicorn kills a process that does not answer a ping in 5 s: a busy one on a loaded
    host would lose its connections and its import jobs."""
    import inspect

    import uvicorn

    options = serve_cmd.supervisor_options()
    assert set(options) <= set(inspect.signature(uvicorn.Config).parameters)
    assert options["timeout_worker_healthcheck"] >= 30


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, {"CROSSLINE_SQLITE_CACHE_MIB": "16", "CROSSLINE_SQLITE_HEAP_MIB": "64",
           "MALLOC_ARENA_MAX": "2", "CROSSLINE_SERVER_CACHE_ENTRIES": "4096"}),
     ({"CROSSLINE_SQLITE_CACHE_MIB": "64"},
      {"CROSSLINE_SQLITE_HEAP_MIB": "64", "MALLOC_ARENA_MAX": "2",
       "CROSSLINE_SERVER_CACHE_ENTRIES": "4096"}),
     ({"CROSSLINE_SQLITE_HEAP_MIB": "0"},
      {"CROSSLINE_SQLITE_CACHE_MIB": "16", "MALLOC_ARENA_MAX": "2",
       "CROSSLINE_SERVER_CACHE_ENTRIES": "4096"}),
     ({"MALLOC_ARENA_MAX": "4", "CROSSLINE_SERVER_CACHE_ENTRIES": "100"},
      {"CROSSLINE_SQLITE_CACHE_MIB": "16", "CROSSLINE_SQLITE_HEAP_MIB": "64"}),
     ({"CROSSLINE_SQLITE_CACHE_MIB": "8", "CROSSLINE_SQLITE_HEAP_MIB": "32",
       "MALLOC_ARENA_MAX": "1", "CROSSLINE_SERVER_CACHE_ENTRIES": "100"}, {})],
    ids=["unset", "cache-set", "heap-budget-off", "arenas-and-entries-set", "all-set"],
)  # fmt: skip
def test_server_processes_bound_their_memory_unless_told(
    environ: dict[str, str], expected: dict[str, str]
) -> None:
    """A small page cache per pooled SQLite connection, one SQLite heap budget for all
    of a process's connections, few malloc arenas and bounded value caches, each kept
    when the operator chose otherwise."""
    assert serve_cmd.serving_environment(environ) == expected
