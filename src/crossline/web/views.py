"""Server-rendered pages of the web app.

Pages share the API's rules: the same principal, permissions and audit entries
(they call the same query functions). Scripts get their data from the JSON API
or from ``<script type="application/json">`` blocks, never from inline code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlparse

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from crossline.errors import (
    AuthenticationError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from crossline.http.deps import (
    SESSION_COOKIE,
    audit,
    authorize,
    check_csrf,
    client_ip,
    current_principal,
    get_node,
    set_session_cookie,
)
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import (
    ADMIN,
    CASES_READ,
    EXPORT,
    IMPORTS_READ,
    IMPORTS_WRITE,
    QUARANTINE_READ,
    REPORTS_READ,
    SHARING,
)
from crossline.services import search as search_service
from crossline.services.accounts import login
from crossline.services.campaigns import (
    campaign_detail,
    campaign_list,
    fx_date,
    list_filters,
    scam_name,
    scam_types,
)
from crossline.services.reports import visible_history, visible_report
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import dashboard as read_dashboard
from crossline.store.read import imports as read_imports
from crossline.store.read import reports as read_reports
from crossline.web.casework_context import case_context, list_choices, report_context
from crossline.web.casework_context import list_filters as case_filters

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("crossline.web") / "templates"))

KIND_LABELS = {
    "phone": "Phone",
    "phone_raw": "Phone (as reported)",
    "upi": "UPI handle",
    "bank_account": "Bank account",
    "ifsc": "IFSC",
    "iban": "IBAN",
    "email": "Email",
    "domain": "Domain",
    "url": "URL",
    "btc": "Bitcoin wallet",
    "eth": "Ethereum wallet",
    "wallet": "Wallet",
    "card": "Card (keyed hash)",
}


def money(total: dict[str, Any] | None) -> str:
    if not total:
        return "—"
    return ", ".join(f"{cur} {Decimal(str(v)):,.0f}" for cur, v in sorted(total.items()))


def tojson_attr(value: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">."""
    text = json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("&", "\\u0026"))


templates.env.filters["money"] = money
templates.env.filters["day"] = lambda iso: (iso or "")[:10] or "—"
templates.env.filters["kind"] = lambda k: KIND_LABELS.get(k, (k or "").replace("_", " "))
templates.env.filters["jsonblock"] = tojson_attr
templates.env.filters["short"] = lambda s: (s or "")[:8]
templates.env.filters["scam"] = scam_name


def render(request: Request, name: str, principal: Principal | None, **context: Any) -> Response:
    return templates.TemplateResponse(
        request,
        name,
        {
            "me": principal,
            "node_name": get_node(request).settings.node_name,
            "can": (lambda p: principal is not None and principal.can(p)),
            "perm": {
                "cases": CASES_READ,
                "reports": REPORTS_READ,
                "imports": IMPORTS_READ,
                "import": IMPORTS_WRITE,
                "quarantine": QUARANTINE_READ,
                "export": EXPORT,
                "admin": ADMIN,
                "sharing": SHARING,
            },
            **context,
        },
    )


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """The HTML face of an API error (the JSON body stays the source of truth)."""
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    principal = getattr(request.state, "principal", None)
    response = render(request, "error.html", principal, status=status, error=body["error"])
    response.status_code = status
    return response


def page_principal(request: Request, *permissions: str) -> Principal:
    """The logged-in user holding ``permissions`` (401 -> login page, 403 -> refusal page)."""
    return authorize(request, permissions, page=True)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a fresh login to another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return urlparse(target).path or "/"


# -- login -------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", None, next=_safe_next(next), error=None)


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    next: str = Form("/", max_length=512),
) -> Response:
    origin = request.headers.get("origin")
    if origin and urlparse(origin).netloc != request.url.netloc:
        raise PermissionDeniedError("login form posted from another site")
    try:
        secret, _user = login(
            get_node(request),
            username,
            password,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
        )
    except (AuthenticationError, RateLimitedError) as exc:
        response = render(
            request, "login.html", None, next=_safe_next(next), error=exc.message, username=username
        )
        response.status_code = 429 if isinstance(exc, RateLimitedError) else 401
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, secret)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("", max_length=128)) -> Response:
    principal = current_principal(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if principal is not None and secret:
        check_csrf(request, principal, csrf_token)
        get_node(request).accounts.end_session(secret)
        audit(request, principal, "logout", "session", principal.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- dashboard, search ----------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request) -> Response:
    principal = page_principal(request, CASES_READ)
    with get_node(request).store.read() as conn:
        data = {
            "stats": read_dashboard.stats(conn),
            "per_day": read_dashboard.reports_per_day(conn, days=90),
            "top": read_dashboard.top_campaigns(conn, limit=6),
            "cross_border": read_dashboard.recent_cross_border(conn, limit=6),
            "jobs": read_imports.list_import_jobs(
                conn, status="queued,running", limit=10, view=scope.view(principal)
            )
            if principal.can(IMPORTS_READ)
            else [],
            "recent_imports": read_imports.recent_imports(conn, limit=6),
        }
    audit(request, principal, "read", "dashboard", None)
    return render(request, "dashboard.html", principal, **data)


SEARCH_PER_PAGE = 50
CAMPAIGN_REPORTS_PER_PAGE = 200


@router.get("/search")
def search(
    request: Request,
    q: str = Query("", max_length=2000),
    region: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    q = q.strip()
    answer: dict[str, Any] | None = None
    if q:
        answer = search_service.search(
            get_node(request).store,
            q,
            region=region.upper() or None,
            page=page,
            per_page=SEARCH_PER_PAGE,
            text=principal.can(REPORTS_READ),
        )
        result = answer["lookup"] or {}
        audit(
            request,
            principal,
            "search",
            "indicator",
            None,
            q=q[:200],
            found=[i["id"] for i in result.get("indicators", [])][:20],
        )
        target = _only_identifier(answer, principal.can(REPORTS_READ))
        if target and page == 1:
            return RedirectResponse(target, status_code=303)
    return render(
        request,
        "search.html",
        principal,
        q=q,
        region=region,
        result=(answer or {}).get("lookup"),
        reports=(answer or {}).get("mentions"),
        error=(answer or {}).get("error"),
        header=answer["header"] if answer and not answer["error"] else None,
        page=page,
        pages=(answer or {}).get("pages", 1),
        per_page=SEARCH_PER_PAGE,
    )


def _only_identifier(answer: dict[str, Any], reports_ok: bool) -> str | None:
    """The page to go straight to when the query names exactly one report or campaign and
    nothing else was found (a pasted complaint number, a campaign id prefix)."""
    counts = answer["header"]["counts"]
    if answer["header"]["found"] != 1 or counts["values"] or counts["mentions"]:
        return None
    ids = answer["lookup"]["identifiers"]
    if counts["campaigns"]:
        return f"/campaigns/{ids['campaigns'][0]['id']}"
    brief = (ids["references"] or ids["reports"])[0]
    if reports_ok:
        return f"/reports/{brief['id']}"
    return f"/campaigns/{brief['campaign_id']}" if brief.get("campaign_id") else None


# -- campaigns ------------------------------------------------------------------------------------


@router.get("/campaigns")
def campaigns(
    request: Request,
    sort: str = Query("reports", pattern="^(reports|victims|recent|oldest|loss)$"),
    jurisdiction: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    cross_border: bool = False,
    label: str = Query("", max_length=64),
    state: str = Query("", max_length=64),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    limit = 25
    error = None
    try:
        filters = list_filters(
            label=label, jurisdiction=jurisdiction, state=state, since=since, until=until,
            cross_border=cross_border,
        )  # fmt: skip
    except ValidationError as exc:
        error, filters = exc.message, list_filters(label=label, jurisdiction=jurisdiction)
        since = until = ""
    casework = case_filters(request, principal)
    data = campaign_list(
        get_node(request).store,
        sort=sort,
        limit=limit,
        offset=(page - 1) * limit,
        **filters,
        **casework,
    )
    audit(
        request, principal, "search", "campaign", None, sort=sort, jurisdiction=jurisdiction,
        cross_border=cross_border, label=label, state=state, since=since, until=until,
    )  # fmt: skip
    label = filters["label"] or ""
    qs = urlencode(
        {"sort": sort, "label": label, "jurisdiction": jurisdiction.upper(), "state": state,
         "since": since, "until": until, **({"cross_border": "true"} if cross_border else {}),
         "status": casework["status"] or "", "assignee": casework["assignee"] or "",
         "tag": casework.get("tag") or ""}
    )  # fmt: skip
    return render(
        request,
        "campaigns.html",
        principal,
        data=data,
        case=list_choices(request, principal),
        sort=sort,
        jurisdiction=jurisdiction.upper(),
        cross_border=cross_border,
        label=label,
        state=state,
        since=since,
        until=until,
        scam_types=scam_types(),
        fx_date=fx_date(),
        qs=qs,
        error=error,
        page=page,
        per_page=limit,
        pages=max(1, -(-data["total"] // limit)),
    )


@router.get("/campaigns/{campaign_id}")
def campaign(
    request: Request, campaign_id: str, page: int = Query(1, ge=1, le=100_000)
) -> Response:
    principal = page_principal(request, CASES_READ)
    per_page = CAMPAIGN_REPORTS_PER_PAGE
    store = get_node(request).store
    item = campaign_detail(store, campaign_id, indicators_limit=0, reports_limit=0)
    cid = item["id"]
    with store.read() as conn:
        listed = read_reports.search_reports(
            conn, campaign_id=cid, sort="seen_asc", limit=per_page, offset=(page - 1) * per_page
        )
        item["reports"] = listed["items"]
        item["reports_total"] = listed["total"]
        item["reports_offset"] = listed["offset"]
        inds = read_campaigns.campaign_indicators(conn, cid, limit=300)
        geo = read_campaigns.campaign_geography(conn, cid)
        timeline = read_campaigns.campaign_timeline(conn, cid)
    audit(request, principal, "read", "campaign", cid)
    return render(
        request,
        "campaign.html",
        principal,
        c=item,
        case=case_context(request, principal, cid),
        inds=inds,
        geo=geo,
        timeline=timeline,
        page=page,
        pages=max(1, -(-listed["total"] // per_page)),
    )


# -- reports, imports, quarantine ---------------------------------------------------------------


@router.get("/reports/{report_id}")
def report(request: Request, report_id: str) -> Response:
    principal = page_principal(request, REPORTS_READ)
    item = visible_report(get_node(request), principal, report_id)
    audit(request, principal, "read", "report", report_id, pii="victim_pii" in item)
    history = visible_history(get_node(request), principal, report_id)
    case = report_context(request, principal, item["id"]) if principal.can(CASES_READ) else None
    return render(request, "report.html", principal, r=item, spans=_spans(item), history=history,
                  case=case)  # fmt: skip


def _spans(item: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """The report text cut into plain pieces and highlighted indicator spans."""
    text = item.get("text") or ""
    marks = sorted(
        (
            s
            for s in item["sightings"]
            if s["field"] == "text"
            and s["start"] is not None
            and s["end"] is not None
            and 0 <= s["start"] < s["end"] <= len(text)
        ),
        key=lambda s: (s["start"], -s["end"]),
    )
    out: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for s in marks:
        if s["start"] < pos:
            continue  # overlapping span: keep the first
        out.append((text[pos : s["start"]], None))
        out.append((text[s["start"] : s["end"]], s["indicator"]))
        pos = s["end"]
    out.append((text[pos:], None))
    return out


@router.get("/imports")
def imports_page(request: Request, page: int = Query(1, ge=1, le=100_000)) -> Response:
    principal = page_principal(request, IMPORTS_READ)
    per_page = 30
    with get_node(request).store.read() as conn:
        view = scope.view(principal)
        jobs = read_imports.list_import_jobs(
            conn, limit=per_page, offset=(page - 1) * per_page, view=view
        )
        total = read_imports.count_import_jobs(conn, view=view)
        recent = read_imports.recent_imports(conn, limit=15)
    return render(
        request, "imports.html", principal, jobs=jobs, recent=recent, total=total, page=page,
        per_page=per_page, pages=max(1, -(-total // per_page)),
    )  # fmt: skip


@router.get("/quarantine")
def quarantine(
    request: Request,
    import_id: str = Query("", max_length=36),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, QUARANTINE_READ)
    limit = 50
    with get_node(request).store.read() as conn:
        rows = read_imports.quarantine_rows(
            conn,
            org_id=principal.org_id,
            home=principal.home_org,
            import_id=import_id or None,
            limit=limit + 1,
            offset=(page - 1) * limit,
        )
        total = read_imports.count_quarantine(
            conn, org_id=principal.org_id, home=principal.home_org, import_id=import_id or None
        )
    audit(request, principal, "read", "quarantine", import_id or None, count=len(rows[:limit]))
    return render(
        request,
        "quarantine.html",
        principal,
        rows=rows[:limit],
        more=len(rows) > limit,
        page=page,
        import_id=import_id,
        total=total,
        per_page=limit,
        pages=max(1, -(-total // limit)),
    )
