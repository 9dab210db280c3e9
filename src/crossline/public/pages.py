"""The pages of the citizens' site: check (works without JavaScript) and report."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from crossline.errors import ValidationError
from crossline.public import i18n, render, words
from crossline.public.api import run_check
from crossline.public.app import TooLarge, site
from crossline.services import citizens
from crossline.share import public_answer as answers

router = APIRouter()
REGIONS = ("IN", "US")
# What a screenshot may be: its first bytes, and the extension it is kept under.
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))


def _region(request: Request, value: str | None) -> str:
    value = (value or "").upper()
    return value if value in REGIONS else site(request).node.settings.country


@router.get("/", include_in_schema=False)
async def check_page(request: Request) -> Response:
    """The check form; with ``q``, the answer under it."""
    q = (request.query_params.get("q") or "").strip()
    region = _region(request, request.query_params.get("region"))
    result = await run_check(request, q, region) if q else None
    return render.page(
        request,
        "check.html",
        quantum=site(request).config.size_quantum if q else 0,
        variants=_largest_pages(request, result) if result else (),
        q=q,
        region=region,
        regions=REGIONS,
        result=result,
    )


def _largest_pages(request: Request, result: citizens.CheckResult) -> list[dict[str, Any]]:
    """The page's context for the largest answers these values could have had, one per
    headline: the page is padded to the largest of them, whatever the store holds."""
    gettext = i18n.translations(render.language(request)).gettext
    label = max(words.SCAM_TYPES, key=lambda k: len(gettext(words.SCAM_TYPES[k]).encode()))
    values = answers.largest(result.values, label)
    return [
        {"result": citizens.CheckResult(verdict, values, result.region)}
        for verdict in answers.VERDICTS
    ]


@router.get("/report", include_in_schema=False)
def report_form(request: Request) -> Response:
    region = _region(request, request.query_params.get("region"))
    return _form(request, region=region, values={})


def _form(
    request: Request,
    *,
    region: str,
    values: dict[str, Any],
    error: str | None = None,
    status: int = 200,
) -> Response:
    public = site(request)
    return render.page(
        request,
        "report.html",
        status=status,
        challenge=public.challenges.issue(0),
        region=region,
        regions=REGIONS,
        values=values,
        error=error,
        paid_by=words.PAID_BY,
        channels=words.CHANNELS,
        max_chars=public.config.max_text_chars,
    )


@router.post("/report", include_in_schema=False)
async def report_submit(request: Request) -> Response:
    """Store the report and show its reference (and the 1930 call in the golden hour)."""
    public = site(request)
    public.limit(public.reports, request)
    async with request.form(max_files=1, max_fields=20) as form:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        request.state.form_lang = values.get("lang")
        region = _region(request, values.get("region"))
        try:
            token = public.challenges.verify(values.get("challenge", ""))
            upload = form.get("screenshot")
            attachment = (
                await _screenshot(request, upload) if isinstance(upload, UploadFile) else None
            )
            report = _citizen_form(values, region, public.config.max_text_chars, attachment)
        except ValidationError as exc:
            if isinstance(exc, TooLarge):
                raise
            return _form(request, region=region, values=values, error=exc.message, status=400)
    receipt = public.submit(request, report, nonce=token.nonce, origin="web")
    return render.page(request, "receipt.html", status=201, receipt=receipt, region=region)


def _citizen_form(
    values: dict[str, str], region: str, max_chars: int, attachment: tuple[str, str] | None
) -> citizens.CitizenReportIn:
    for name in ("what_happened", "message_text"):
        if len(values.get(name, "")) > max_chars:
            raise ValidationError(f"at most {max_chars} characters", field=name)
    for name in ("reported_value", "contact"):
        if len(values.get(name, "")) > 200:
            raise ValidationError("at most 200 characters", field=name)
    amount = None
    if values.get("amount", "").strip():
        try:
            amount = Decimal(values["amount"].replace(",", "").strip())
        except InvalidOperation as exc:
            raise ValidationError(
                "the amount lost must be a number, like 2500", field="amount"
            ) from exc
        if amount < 0 or amount > 10**12:
            raise ValidationError("the amount lost must be a number, like 2500", field="amount")
    when = None
    if values.get("when", "").strip():
        try:
            when = datetime.fromisoformat(values["when"].strip())
        except ValueError as exc:
            raise ValidationError("the date and time are not readable", field="when") from exc
    if (
        not values.get("what_happened", "").strip()
        and not values.get("message_text", "").strip()
        and attachment is None
    ):
        raise ValidationError(
            "say what happened, paste the message or add a screenshot", field="what_happened"
        )
    return citizens.CitizenReportIn(
        what_happened=values.get("what_happened", "") or ("(screenshot)" if attachment else ""),
        reported_value=values.get("reported_value", ""),
        message_text=values.get("message_text", ""),
        when=when,
        amount_lost=amount,
        paid_by=values.get("paid_by") if values.get("paid_by") in words.PAID_BY else None,
        channel=values.get("channel") if values.get("channel") in words.CHANNELS else None,
        contact=values.get("contact") or None,
        contact_consent=values.get("consent") == "yes",
        region=region,
        attachment_name=attachment[0] if attachment else None,
        attachment_sha256=attachment[1] if attachment else None,
    )


async def _screenshot(request: Request, upload: UploadFile) -> tuple[str, str] | None:
    """Keep an uploaded screenshot (PNG, JPEG or WebP) under the node's home, by hash."""
    public = site(request)
    limit = public.config.max_upload_bytes
    data = await upload.read(limit + 1)
    if not data:
        return None
    if len(data) > limit:
        raise ValidationError(
            f"the screenshot is over {limit // (1024 * 1024)} MB", field="screenshot"
        )
    ext = next((e for magic, e in IMAGE_MAGIC if data.startswith(magic)), None)
    if ext is None or (ext == "webp" and data[8:12] != b"WEBP"):
        raise ValidationError(
            "the screenshot must be a PNG, JPEG or WebP image", field="screenshot"
        )
    sha = hashlib.sha256(data).hexdigest()
    folder = public.node.settings.home / "public-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{sha}.{ext}").write_bytes(data)
    return (upload.filename or f"screenshot.{ext}")[:128], sha
