"""``/public/api/v1``: the same check and report for partner apps and SMS gateways.

``GET|POST /check`` answers like the page (padded JSON, same timing floor);
``GET /challenge`` hands out a proof-of-work challenge that ``POST /report`` must
carry with its solution. A carrier's "forward the scam SMS" gateway posts the message
as ``message_text`` and the sender as ``sender``.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from crossline.public import render
from crossline.public.app import site
from crossline.services import citizens
from crossline.share.public_answer import REPORTED, largest

router = APIRouter()
Region = Literal["IN", "US"]
# What a partner app should show with each answer (the site's pages say the same).
ADVICE = {
    "reported_scam": "Reported scam: do not pay, do not share any OTP, PIN or password, and "
    "stop talking to them. Already paid in India? Call 1930 at once.",
    "suspicious": "A few people reported this: do not pay or share any code until you have "
    "checked who they are through an official number.",
    "no_reports": "No reports does not mean it is safe: scammers change numbers and links often.",
    "genuine": "A genuine helpline or government number; scammers can fake it on caller ID: "
    "if in doubt, hang up and call the number yourself.",
}


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str = Field(..., min_length=1, max_length=citizens.MAX_CHECK_CHARS)
    region: Region | None = None


class ReportIn(BaseModel):
    """A report from a partner app or an SMS-forwarding gateway."""

    model_config = ConfigDict(extra="forbid")
    challenge: str = Field(..., max_length=400)
    solution: str = Field(..., max_length=64)
    what_happened: str = Field("", max_length=4000)
    message_text: str = Field("", max_length=4000)
    sender: str = Field("", max_length=200, description="who sent the message or called")
    reported_value: str = Field("", max_length=200)
    when: datetime | None = None
    amount_lost: Decimal | None = Field(None, ge=0, le=10**12)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    paid_by: str | None = Field(None, max_length=32)
    channel: str | None = Field(None, max_length=16)
    contact: str | None = Field(None, max_length=200)
    contact_consent: bool = False
    region: Region | None = None


async def run_check(request: Request, q: str, region: str | None) -> citizens.CheckResult:
    """A rate-limited check answered no sooner than the site's floor."""
    public = site(request)
    started = time.perf_counter()
    public.limit(public.checks, request)
    node = public.node
    try:
        return await run_in_threadpool(
            citizens.check,
            node.store,
            node.settings,
            q,
            region=region,
            ceiling=public.config.ceiling,
        )
    finally:
        rest = public.config.check_floor - (time.perf_counter() - started)
        if rest > 0:
            await asyncio.sleep(rest)


@router.get("/check")
async def check_get(
    request: Request,
    q: str = Query(..., min_length=1, max_length=citizens.MAX_CHECK_CHARS),
    region: Region | None = None,
) -> Response:
    """Check a number, UPI handle, account, link, wallet or whole message."""
    result = await run_check(request, q, region)
    return _answer(request, result)


@router.post("/check")
async def check_post(body: CheckIn, request: Request) -> Response:
    result = await run_check(request, body.q, body.region)
    return _answer(request, result)


def _answer(request: Request, result: citizens.CheckResult) -> Response:
    body = {**result.to_dict(), "advice": ADVICE[result.verdict]}
    # As large as the largest answer these values could have had: same size either way.
    most = citizens.CheckResult(REPORTED, largest(result.values), result.region)
    floor = render.json_size({**most.to_dict(), "advice": max(ADVICE.values(), key=len)})
    return render.padded_json(body, site(request).config.size_quantum, floor=floor)


@router.get("/challenge")
def challenge(request: Request) -> dict[str, Any]:
    """A proof-of-work challenge for ``POST /report``."""
    config = site(request).config
    return {
        "challenge": site(request).challenges.issue(config.api_difficulty),
        "difficulty": config.api_difficulty,
        "rule": "find solution: SHA-256('<challenge>:<solution>') starts with difficulty zero bits",
    }


@router.post("/report", status_code=201)
def report(body: ReportIn, request: Request) -> Response:
    """Send a report; the answer carries its reference number."""
    public = site(request)
    public.limit(public.reports, request)
    token = public.challenges.verify(
        body.challenge, body.solution, min_difficulty=public.config.api_difficulty, min_age=0
    )
    form = citizens.CitizenReportIn(
        what_happened=body.what_happened,
        reported_value=body.reported_value or body.sender,
        message_text=body.message_text,
        when=body.when,
        amount_lost=body.amount_lost,
        currency=body.currency,
        paid_by=body.paid_by,
        channel=body.channel or ("sms" if body.sender and body.message_text else None),
        contact=body.contact,
        contact_consent=body.contact_consent,
        region=body.region,
    )
    receipt = public.submit(request, form, nonce=token.nonce, origin="api")
    return render.padded_json(receipt.to_dict(), 0, status=201)
