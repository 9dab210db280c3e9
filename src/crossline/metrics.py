"""Named Prometheus metrics of a node, for every area to import and increment.

The names below are a contract (dashboards and alert rules depend on them): add
new metrics freely, never rename one. Labels carry only bounded, non-sensitive
values — formats, outcomes, partner ids, route templates — never case data
(no phone numbers, names, report ids). :func:`label` clips any value to a safe
form so a careless caller cannot leak a value or explode cardinality.

Usage from another area::

    from crossline import metrics

    metrics.ALERTS_RAISED.labels(kind="watchlist_hit").inc()
    metrics.SYNC_LAG_SECONDS.labels(partner=partner_id).set(lag)
    metrics.record_import(fmt="ncrp", stored=10, duplicates=2, quarantined=1)

All metrics live on :data:`REGISTRY`, the node's own registry (not the library's
global default), rendered by ``GET /metrics``. Under several uvicorn workers set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before the workers start:
:func:`render` then aggregates every worker's values.
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

# The *_created series double the exposition for no operational use.
disable_created_metrics()

REGISTRY = CollectorRegistry(auto_describe=True)

# -- imports (ingest) ---------------------------------------------------------------
IMPORTS = Counter(
    "crossline_imports_total",
    "Import runs, by source format and outcome (ok, failed).",
    ["format", "outcome"],
    registry=REGISTRY,
)
IMPORT_ROWS = Counter(
    "crossline_import_rows_total",
    "Rows read by imports, by format and what became of them (stored, duplicate, quarantined).",
    ["format", "result"],
    registry=REGISTRY,
)
ROWS_QUARANTINED = Counter(
    "crossline_rows_quarantined_total",
    "Rows set aside in the quarantine, by source format.",
    ["format"],
    registry=REGISTRY,
)
IMPORT_SECONDS = Histogram(
    "crossline_import_duration_seconds",
    "Wall time of one import run.",
    ["format"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
    registry=REGISTRY,
)

# -- alerts, sharing, money ---------------------------------------------------------
ALERTS_RAISED = Counter(
    "crossline_alerts_raised_total",
    "Alerts raised (watch-list hits, campaign growth, partner matches ...), by kind.",
    ["kind"],
    registry=REGISTRY,
)
SYNC_LAG_SECONDS = Gauge(
    "crossline_sync_lag_seconds",
    "Seconds between now and the newest record received from a partner at the last sync.",
    ["partner"],
    registry=REGISTRY,
    multiprocess_mode="max",
)
SYNC_RUNS = Counter(
    "crossline_sync_runs_total",
    "Sync runs with a partner, by partner, direction (push, pull) and outcome (ok, failed).",
    ["partner", "direction", "outcome"],
    registry=REGISTRY,
)
SHARED_RECORDS = Counter(
    "crossline_shared_records_total",
    "Records exchanged with partners, by partner and direction (sent, received, rejected).",
    ["partner", "direction"],
    registry=REGISTRY,
)
FREEZE_REQUESTS = Counter(
    "crossline_freeze_requests_total",
    "Requests to freeze funds or block a number, by kind (bank, carrier) and status.",
    ["kind", "status"],
    registry=REGISTRY,
)
EVIDENCE_ITEMS = Counter(
    "crossline_evidence_items_total",
    "Evidence items registered, by kind.",
    ["kind"],
    registry=REGISTRY,
)

# -- HTTP and store -----------------------------------------------------------------
REQUEST_SECONDS = Histogram(
    "crossline_http_request_duration_seconds",
    "Latency of HTTP requests, by method, route template and status class (2xx ... 5xx).",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
    registry=REGISTRY,
)
STORE_ERRORS = Counter(
    "crossline_store_errors_total",
    "Store failures seen by the node (connection lost, disk full, timeout ...), by kind.",
    ["kind"],
    registry=REGISTRY,
)

_SAFE = re.compile(r"[^A-Za-z0-9_.:/{}-]+")
MAX_LABEL = 64


def label(value: object) -> str:
    """A label value reduced to a short token of safe characters (``"other"`` if empty)."""
    text = _SAFE.sub("_", str(value or "")).strip("_")[:MAX_LABEL]
    return text or "other"


def record_import(
    fmt: str | None,
    *,
    stored: int,
    duplicates: int,
    quarantined: int,
    seconds: float | None = None,
    ok: bool = True,
) -> None:
    """Count one finished import run and its rows."""
    f = label(fmt)
    IMPORTS.labels(format=f, outcome="ok" if ok else "failed").inc()
    for result, n in (("stored", stored), ("duplicate", duplicates), ("quarantined", quarantined)):
        if n:
            IMPORT_ROWS.labels(format=f, result=result).inc(n)
    if quarantined:
        ROWS_QUARANTINED.labels(format=f).inc(quarantined)
    if seconds is not None:
        IMPORT_SECONDS.labels(format=f).observe(seconds)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Record one HTTP request; ``route`` is the route template, never the raw path."""
    REQUEST_SECONDS.labels(
        method=label(method), route=label(route), status=f"{status // 100}xx"
    ).observe(seconds)


def render() -> tuple[bytes, str]:
    """The exposition text and its content type (all workers' values in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
