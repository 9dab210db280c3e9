"""Pages and JSON of the citizens' site: templates per language, padded answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from crossline.public import i18n, words


@cache
def environment(lang: str) -> Environment:
    """The Jinja2 environment of one language (gettext installed)."""
    folder = resources.files("crossline.public") / "templates"
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(words=words, languages=i18n.LANGUAGES)
    return env


def language(request: Request) -> str:
    asked = request.query_params.get("lang") or getattr(request.state, "form_lang", None)
    return i18n.pick(asked, request.headers.get("accept-language"))


def page(
    request: Request,
    template: str,
    *,
    status: int = 200,
    quantum: int = 0,
    headers: dict[str, str] | None = None,
    variants: Sequence[dict[str, Any]] = (),
    **context: Any,
) -> Response:
    """A rendered page; with ``quantum`` its size is padded to a multiple of it, and to
    at least the size of the page rendered with each of ``variants`` (context overrides:
    the largest answers the same question could have had)."""
    lang = language(request)
    prefix = request.scope.get("root_path", "")
    query = dict(request.query_params)
    switch = {code: "?" + urlencode({**query, "lang": code}) for code in i18n.LANGUAGES}
    template_ = environment(lang).get_template(template)
    base = {"lang": lang, "prefix": prefix, "switch": switch, **context}
    body = template_.render(**base).encode()
    if quantum:
        floor = max((len(template_.render(**{**base, **v}).encode()) for v in variants), default=0)
        body = pad_html(body, quantum, floor)
    return HTMLResponse(body, status_code=status, headers=headers)


def _target(size: int, quantum: int, floor: int) -> int:
    target = max(size, floor)
    return target + (-target % quantum)


def pad_html(body: bytes, quantum: int, floor: int = 0) -> bytes:
    """``body`` with a trailing comment making its length a multiple of ``quantum`` and
    at least ``floor`` (the comment itself is 7 bytes and spaces)."""
    need = _target(len(body) + 7, quantum, floor) - len(body) - 7
    return body + b"<!--" + b" " * need + b"-->"


def json_size(data: dict[str, Any]) -> int:
    return len(_dumps({**data, "pad": ""}).encode())


def padded_json(data: dict[str, Any], quantum: int, status: int = 200, floor: int = 0) -> Response:
    """JSON whose length is a multiple of ``quantum`` and at least ``floor`` (a ``pad``
    member of spaces)."""
    body = _dumps({**data, "pad": ""})
    if quantum:
        size = len(body.encode())
        body = body[:-2] + " " * (_target(size, quantum, floor) - size) + '"}'
    return Response(body.encode(), status_code=status, media_type="application/json")


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
