"""Error responses never reveal the server's paths or internals.

Files the node handles (uploads, temporary files) are named by full path deep inside
it; a caller must only ever see a file's own name. The walk sends junk to every route
and hostile uploads, and looks for any absolute path in what comes back.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_env import Env, build_env

import crossline
import testdb
from crossline.config import Settings
from crossline.redact import URL_PREFIXES, scrub, scrub_text

# (text, scrubbed)
TEXTS = [
    ("/srv/node/home/uploads/1f2e/complaints.csv: not UTF-8", "complaints.csv: not UTF-8"),
    ("cannot open '/var/lib/crossline/evidence/ab/cd.bin'", "cannot open 'cd.bin'"),
    ("backup /tmp/.backup-x1/ failed", "backup (a directory) failed"),
    ("C:\\crossline\\home\\uploads\\a.csv: bad", "a.csv: bad"),
    (
        "see /api/v1/imports/123 and /taxii2/collections/",
        "see /api/v1/imports/123 and /taxii2/collections/",
    ),
    ("http://partner.example/taxii2/x", "http://partner.example/taxii2/x"),
    ("loss 10/20 in a/b", "loss 10/20 in a/b"),
    ("no path here", "no path here"),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS, ids=[t[:20] for t, _ in TEXTS])
def test_scrub_text(text: str, expected: str) -> None:
    assert scrub_text(text) == expected


def test_scrub_walks_nested_values() -> None:
    body = {"error": {"message": "/a/b/c.csv: bad", "fields": [{"file": "/x/y/z.jsonl"}], "n": 3}}
    assert scrub(body) == {
        "error": {"message": "c.csv: bad", "fields": [{"file": "z.jsonl"}], "n": 3}
    }


# -- the walk ---------------------------------------------------------------------------------

ABSOLUTE = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"`(),;<>\[\]{}\\]+/)+[^\s/'\"`(),;<>\[\]{}\\]*")


def server_roots(env: Env) -> list[str]:
    home = Path(env.node.settings.home).resolve()
    roots = {
        str(home),
        str(Path(tempfile.gettempdir()).resolve()),
        str(Path.cwd()),
        sys.prefix,
        str(Path(crossline.__file__).parent),
    }
    return sorted(r for r in roots if r and r != "/")


def leaks(env: Env, text: str, request_path: str) -> list[str]:
    """Absolute paths in ``text`` that are not URLs of the node (nor the request's own path)."""
    found = [
        m.group(0)
        for m in ABSOLUTE.finditer(text)
        if not m.group(0).startswith(URL_PREFIXES) and m.group(0) != request_path
    ]
    found += [r for r in server_roots(env) if r in text]
    found += [w for w in ("Traceback", "site-packages", 'File "') if w in text]
    return found


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("paths")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    yield from build_env(settings)
    testdb.release(settings.database_url)


# (name, bytes, format): each is refused, or fails in the background, naming a file.
UPLOADS = [
    ("binary", "notes.txt", b"\x00\x01\x02 not text\n", None),
    ("bad-utf16", "calls.csv", b"\xff\xfe\x00bad,\n1,2\n", None),
    ("unknown-format", "x.jsonl", b"{not json\n", None),
    ("traversal-name", "../../../etc/passwd", b"root:x:0:0\n", None),
    ("wrong-format", "complaints.csv", b"a,b\n1,2\n", "ncrp_csv"),
    ("unknown-format-name", "complaints.csv", b"a,b\n1,2\n", "no_such_format"),
]


@pytest.mark.parametrize(
    ("filename", "data", "fmt"), [u[1:] for u in UPLOADS], ids=[u[0] for u in UPLOADS]
)
def test_upload_errors_name_files_only(
    node: Env, filename: str, data: bytes, fmt: str | None
) -> None:
    form = {"format": fmt} if fmt else {}
    r = node.client.post(
        "/api/v1/imports", headers=node.as_("admin"), files={"file": (filename, data)}, data=form
    )
    texts = [r.text]
    if r.status_code == 202:  # checked at once, failed later: the job's error is shown too
        job = r.json()["id"]
        node.node.jobs.wait(job)
        texts.append(node.get("admin", f"/api/v1/imports/{job}").text)
        texts.append(node.get("admin", "/api/v1/imports").text)
    else:
        assert r.status_code >= 400
    texts.append(node.get("admin", "/api/v1/quarantine").text)
    for text in texts:
        assert leaks(node, text, "/api/v1/imports") == [], text[:400]


def junk_routes(env: Env) -> list[tuple[str, str]]:
    return [
        (m.upper(), p) for p, ops in sorted(env.app.openapi()["paths"].items()) for m in sorted(ops)
    ]


def fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "../../../../etc/passwd%00", path)


def test_every_route_answers_junk_without_paths(node: Env) -> None:
    routes = junk_routes(node)
    assert len(routes) > 40
    seen: list[tuple[str, str, list[str]]] = []
    for method, path in routes:
        url = fill(path)
        kw: dict[str, Any] = {"headers": node.as_("admin")}
        if method in ("POST", "PUT", "PATCH"):
            kw["content"] = b'{"file": "/etc/passwd", "path": "/root/.ssh/id_rsa", "x": '
            kw["headers"] = {**kw["headers"], "content-type": "application/json"}
        r = node.client.request(method, url + "?format=../../etc&limit=-1", **kw)
        found = leaks(node, r.text, url) if r.status_code >= 400 else []
        found = [f for f in found if f not in ("/etc/passwd", "/root/.ssh/id_rsa")]
        if found:
            seen.append((method, path, found))
    assert seen == []
