"""What the read routes answer: indicators, campaigns, reports, stats, the dashboard,
imports and the quarantine (the shapes of :mod:`crossline.store.read`)."""

from __future__ import annotations

from typing import Any

from crossline.api.models import Open

# -- indicators ----------------------------------------------------------------------------


class IndicatorOut(Open):
    id: str
    kind: str
    value: str
    report_count: int
    first_seen: str | None
    last_seen: str | None
    common: bool
    common_reason: str | None
    campaign_id: str | None
    meta: dict[str, Any]


class ReportBrief(Open):
    """A report without victim PII and without its full text."""

    id: str
    source: str
    source_ref: str
    jurisdiction: str
    channel: str | None
    seen_at: str | None
    category: str | None
    label: str | None
    amount_lost: str | None
    currency: str | None
    victim_state: str | None
    victim_country: str | None
    synthetic: bool
    excerpt: str
    campaign_id: str | None


class SightingOut(Open):
    field: str
    start: int | None
    end: int | None
    raw: str | None
    report: ReportBrief


class CampaignSummary(Open):
    id: str
    report_count: int
    victims: int | None
    jurisdictions: dict[str, int]
    cross_border: bool
    total_loss: dict[str, Any]
    first_seen: str | None
    last_seen: str | None
    label: str | None
    label_distribution: dict[str, Any]


class LookupHit(IndicatorOut):
    sightings: list[SightingOut]
    campaign: CampaignSummary | None


class NormalizedValue(Open):
    kind: str
    value: str


class Identifiers(Open):
    """What a pasted token names: reports filed under it (a complaint or reference
    number), campaigns and reports whose id starts with it."""

    references: list[ReportBrief]
    campaigns: list[CampaignSummary]
    reports: list[ReportBrief]


class LookupOut(Open):
    query: str | None
    normalized: list[NormalizedValue]
    indicators: list[LookupHit]
    identifiers: Identifiers | None = None


class SightingsOut(Open):
    indicator_id: str
    items: list[SightingOut]


class GraphNode(Open):
    id: str
    type: str
    label: str | None
    campaign_id: str | None


class GraphEdge(Open):
    source: str
    target: str
    field: str


class GraphOut(Open):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class CampaignGraphOut(GraphOut):
    campaign_id: str


# -- campaigns -----------------------------------------------------------------------------


class CampaignListItem(CampaignSummary):
    indicators: list[IndicatorOut]


class CampaignPage(Open):
    total: int
    limit: int
    offset: int
    items: list[CampaignListItem]


class CampaignDetail(CampaignSummary):
    """One campaign as every face shows it: summary, tying values, a page of reports."""

    indicators: list[IndicatorOut]
    reports: list[ReportBrief]


class TimelineDay(Open):
    day: str
    reports: dict[str, int]
    loss: dict[str, str]


class TimelineOut(Open):
    campaign_id: str
    days: list[TimelineDay]
    undated: int


class Place(Open):
    country: str | None
    state: str | None
    reports: int
    victims: int


class GeographyOut(Open):
    campaign_id: str
    by_country: dict[str, int]
    places: list[Place]


class CampaignIndicatorsOut(Open):
    campaign_id: str
    limit: int
    offset: int
    total: int
    items: list[IndicatorOut]


# -- reports -------------------------------------------------------------------------------


class ReportSighting(Open):
    field: str
    start: int | None
    end: int | None
    raw: str | None
    indicator: IndicatorOut


class ReportDetail(ReportBrief):
    """A report in full; the victim's contact details only for callers allowed to see them."""

    text: str | None
    received_at: str | None
    incident_at: str | None
    suspects: list[Any]
    marking: str | None
    label_confidence: float | None
    label_evidence: list[Any]
    tags: dict[str, Any]
    extra: dict[str, Any]
    sightings: list[ReportSighting]


class ReportPage(Open):
    total: int
    limit: int
    offset: int
    items: list[ReportBrief]


# -- stats and dashboard -------------------------------------------------------------------


class StatsOut(Open):
    reports: int
    indicators: int
    campaigns: int


class PerDay(Open):
    days: list[str]
    series: dict[str, list[int]]


class TopCampaigns(Open):
    by_victims: list[CampaignSummary]
    by_loss: dict[str, list[CampaignSummary]]


class ImportJobOut(Open):
    id: str
    kind: str | None
    org_id: str | None
    filename: str | None
    status: str
    rows_read: int | None
    rows_estimate: int | None
    progress: float | None
    import_id: str | None
    summary: dict[str, Any] | None
    error: dict[str, Any] | str | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None


class ImportOut(Open):
    id: str
    path: str
    format: str | None
    source: str | None
    status: str
    rows_read: int | None
    stored: int | None
    duplicates: int | None
    quarantined: int | None
    started_at: str | None
    finished_at: str | None


class DashboardOut(Open):
    reports_per_day: PerDay
    top_campaigns: TopCampaigns
    cross_border: list[CampaignSummary]
    imports_in_progress: list[ImportJobOut]
    recent_imports: list[ImportOut]


# -- imports and quarantine ----------------------------------------------------------------


class QuarantinedRow(Open):
    id: str
    import_id: str | None
    file: str | None
    format: str | None
    line: int | None
    field: str | None
    reason: str
    raw: str | None
    created_at: str | None


class QuarantinePage(Open):
    limit: int
    offset: int
    items: list[QuarantinedRow]


# -- what a partner's token reads (only what its agreement shares) -------------------------


class Shared(Open):
    """A partner's view: the fields its agreement shares, and the agreement it is under."""

    shared_under: str | None


class SharedPage(Shared):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class SharedLookup(Shared):
    query: str | None
    normalized: list[NormalizedValue]
    indicators: list[dict[str, Any]]


class SharedStats(Shared):
    reports: int
    indicators: int
    campaigns: int


class ReportHistory(Open):
    """The versions of a report, what each changed, and the field warnings of its rows."""

    id: str
    source: str
    source_ref: str
    version: int
    import_id: str | None
    values: list[str]
    warnings: list[dict[str, Any]]
    versions: list[dict[str, Any]]
