"""What every server-rendered page shares: the Jinja environment and its filters,
``render``, the permission checks of a page and of a form, and the pager's numbers.

Pages share the API's rules: the same principal, permissions and audit entries
(they call the same query functions). Scripts get their data from the JSON API
or from ``<script type="application/json">`` blocks, never from inline code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

from fastapi import Form, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from crossline.http.deps import authorize, check_csrf, get_node
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
from crossline.services.campaigns import scam_name
from crossline.web import timefmt

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
timefmt.install(templates.env)
templates.env.filters["kind"] = lambda k: KIND_LABELS.get(k, (k or "").replace("_", " "))
templates.env.filters["jsonblock"] = tojson_attr
templates.env.filters["short"] = lambda s: (s or "")[:8]
templates.env.filters["scam"] = scam_name


def render(
    request: Request,
    name: str,
    principal: Principal | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The page ``name`` for ``principal``, answered with ``status_code`` (a form sent
    back with its error is a 4xx page, not a 200)."""
    return templates.TemplateResponse(
        request,
        name,
        {
            "me": principal,
            "tz": timefmt.viewer_zone(request, principal),
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
        status_code=status_code,
    )


def page_principal(request: Request, *permissions: str) -> Principal:
    """The logged-in user holding ``permissions`` (401 -> login page, 403 -> refusal page)."""
    return authorize(request, permissions, page=True)


def form_principal(request: Request, csrf_token: str, *permissions: str) -> Principal:
    """The logged-in user holding ``permissions`` whose form carries the session's CSRF
    token: who may post is judged before the form's token, and both before its content."""
    principal = page_principal(request, *permissions)
    check_csrf(request, principal, csrf_token)
    return principal


def csrf_field() -> Any:
    """The form field that carries the session's CSRF token (a new ``Form`` for each
    parameter: FastAPI keeps the parameter's name on it)."""
    return Form("", max_length=128)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill, ``per_page`` a page (an empty list is one page)."""
    return max(1, -(-total // per_page))


def pager(page: int, per_page: int, total: int) -> dict[str, int]:
    """The context the list templates' pager and row count read: ``page``, ``per_page``
    and ``pages``."""
    return {"page": page, "per_page": per_page, "pages": page_count(total, per_page)}
