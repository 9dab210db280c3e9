"""Dates on the web pages, in the viewer's time zone, with the zone shown.

Times are stored in UTC. An Indian analyst reading raw UTC sees a complaint filed at
00:30 IST as the day before; so every page shows times in the viewer's zone. The
zone is the viewer's own choice (the time-zone setting, kept in a cookie bound to the
user's id so another account on the same browser does not inherit it), else the
default of the viewer's organisation (from its country), else UTC.

A missing time shows as "no date", never as a blank that could be read as "now".
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fastapi import Request
from fastapi.responses import Response
from jinja2 import pass_context
from markupsafe import Markup, escape

from crossline.node.auth import Principal

ZONE_COOKIE = "crossline_tz"
NO_DATE = "no date"
# An organisation's default zone from its country (the capital's zone where a country
# has several: an analyst elsewhere picks their own).
COUNTRY_ZONES = {
    "IN": "Asia/Kolkata",
    "US": "America/New_York",
    "GB": "Europe/London",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "SG": "Asia/Singapore",
    "AE": "Asia/Dubai",
    "PH": "Asia/Manila",
    "NG": "Africa/Lagos",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "JP": "Asia/Tokyo",
    "CN": "Asia/Shanghai",
}
UTC = "UTC"


@cache
def zone_names() -> list[str]:
    """Every IANA zone the node knows (from the shipped tzdata), sorted, UTC first."""
    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))
    return [UTC, *names]


def valid_zone(name: str | None) -> str | None:
    """``name`` if it is a known IANA zone, else None."""
    if not name or name not in set(zone_names()):
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed zones load
        return None
    return name


def org_zone(principal: Principal | None) -> str:
    """The default zone of the viewer's organisation."""
    country = (getattr(principal, "org_country", None) or "").upper()
    return COUNTRY_ZONES.get(country, UTC)


def viewer_zone(request: Request, principal: Principal | None) -> str:
    """The zone this viewer's pages use: their setting, else their organisation's."""
    if principal is not None:
        raw = request.cookies.get(ZONE_COOKIE) or ""
        owner, _, name = raw.partition(":")
        if owner == principal.id and valid_zone(name):
            return name
    return org_zone(principal)


def remember_zone(request: Request, response: Response, principal: Principal, name: str) -> None:
    """Keep the viewer's chosen zone (bound to their user id) for a year."""
    response.set_cookie(
        ZONE_COOKIE,
        f"{principal.id}:{name}",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=365 * 24 * 3600,
        path="/",
    )


def to_local(value: Any, zone: str) -> datetime | None:
    """An ISO string or datetime as an aware datetime in ``zone`` (None if unreadable)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:  # stored values are UTC
        when = when.replace(tzinfo=ZoneInfo(UTC))
    return when.astimezone(ZoneInfo(zone))


def _zone(ctx: Any) -> str:
    return str(ctx.get("tz") or UTC)


def _time_tag(ctx: Any, value: Any, fmt: str) -> Markup | str:
    """``value`` in the viewer's zone, shown as ``fmt``, in a ``<time>`` tag with the full
    time and zone on hover (``NO_DATE`` when there is no date)."""
    when = to_local(value, _zone(ctx))
    if when is None:
        return NO_DATE
    full = when.strftime("%Y-%m-%d %H:%M %Z")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        when.isoformat(), full, escape(when.strftime(fmt))
    )


@pass_context
def day(ctx: Any, value: Any) -> Markup | str:
    """The calendar day in the viewer's zone (the full time and zone on hover)."""
    return _time_tag(ctx, value, "%Y-%m-%d")


@pass_context
def when(ctx: Any, value: Any) -> Markup | str:
    """Date, time and zone abbreviation in the viewer's zone: 2024-03-01 15:30 IST."""
    return _time_tag(ctx, value, "%Y-%m-%d %H:%M %Z")


def install(env: Any) -> None:
    """Register the date filters on a Jinja environment."""
    env.filters["day"] = day
    env.filters["when"] = when
