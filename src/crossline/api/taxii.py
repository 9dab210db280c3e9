"""The TAXII 2.1 HTTP face: a sub-application mounted at ``/taxii2`` by ``create_app``.

Its own app so that its errors take TAXII's shape (``title``, ``description``,
``http_status``) and its media type, while the rest of the API keeps Crossline's one
JSON error shape. Authentication is the node's: bearer tokens (a partner's token with
scope ``share``; the home agency's analysts with ``sharing``).

Signatures: every page of objects is signed with the node's Ed25519 key
(``X-Crossline-Key-Id`` / ``X-Crossline-Signature`` over the exact body), and a partner's
POST of objects must be a signed request made with the key registered for that partner
(method, path, body digest, time and nonce: :mod:`crossline.share.request_signing`); a
replayed, stale or altered POST answers 401.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from crossline.api.errors import status_of
from crossline.errors import BodyTooDeepError, CrosslineError, IntegrityError, ValidationError
from crossline.http.deps import client_ip, current_principal
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.services.taxii_access import (
    find_collection,
    is_sharing_client,
    visible_collections,
)
from crossline.services.taxii_inbox import read_status, receive
from crossline.share import bounded_json
from crossline.share.identity import load_identity
from crossline.share.partners import get_partner
from crossline.share.request_signing import check_request
from crossline.share.taxii import queries
from crossline.share.taxii.collections import CollectionView
from crossline.share.taxii.media import (
    TAXII,
    TaxiiError,
    accepts_taxii,
    error_response,
    is_taxii_content,
    taxii_json,
)
from crossline.share.taxii_client import signature_headers

API_ROOT = "api"
MAX_CONTENT_LENGTH = 10 * 1024 * 1024


def create_taxii_app(node: Node, *, max_content_length: int = MAX_CONTENT_LENGTH) -> FastAPI:
    """The TAXII server of ``node`` (mount it at ``/taxii2``)."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.state.node = node
    store = node.store
    signer = load_identity(node.settings)

    def signed(text: str, headers: dict[str, str]) -> Response:
        body = text.encode("utf-8")
        return Response(
            body, media_type=TAXII, headers={**headers, **signature_headers(signer, body)}
        )

    def check_partner_signature(request: Request, view: CollectionView, body: bytes) -> None:
        if view.home:
            return
        partner = get_partner(store, view.agreement.partner)
        try:
            check_request(
                store, partner, request.headers, method=request.method,
                path=request.url.path, query=request.url.query, body=bytes(body),
            )  # fmt: skip
        except IntegrityError as exc:
            raise TaxiiError(401, "bad signature", exc.message) from exc

    @app.exception_handler(TaxiiError)
    async def _taxii(_request: Request, exc: TaxiiError) -> Response:
        headers = {"WWW-Authenticate": 'Bearer realm="crossline"'} if exc.status == 401 else None
        return error_response(exc, headers)

    @app.exception_handler(CrosslineError)
    async def _crossline(_request: Request, exc: CrosslineError) -> Response:
        status = status_of(exc)
        headers = {"WWW-Authenticate": 'Bearer realm="crossline"'} if status == 401 else None
        title = {401: "unauthenticated", 403: "forbidden", 404: "not found"}.get(status, exc.code)
        message = exc.message if status < 500 else "the node could not complete the request"
        return error_response(TaxiiError(status, title, message), headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        what = f"{request.method} {request.url.path}"
        return error_response(TaxiiError(exc.status_code, str(exc.detail or "error"), what))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        return error_response(TaxiiError(400, "bad request", str(exc.errors()[:1])))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> Response:
        return error_response(TaxiiError(500, "internal error", "see the node's log"))

    def who(request: Request) -> Principal:
        principal = current_principal(request)
        if principal is None:
            raise TaxiiError(401, "unauthenticated", "send Authorization: Bearer <token>")
        if not accepts_taxii(request.headers.get("accept")):
            raise TaxiiError(406, "not acceptable", f"this server answers in {TAXII}")
        return principal

    def client(request: Request) -> Principal:
        principal = who(request)
        if not is_sharing_client(principal):
            raise TaxiiError(403, "forbidden", "this token may not use the TAXII server")
        return principal

    def collection(request: Request, principal: Principal, cid: str) -> CollectionView:
        view = find_collection(store, principal, cid)
        if view is None:
            raise TaxiiError(404, "not found", f"no collection {cid}")
        return view

    def readable(request: Request, principal: Principal, cid: str) -> CollectionView:
        view = collection(request, principal, cid)
        if not view.can_read:
            raise TaxiiError(403, "forbidden", "this collection cannot be read with this token")
        return view

    def audit(request: Request, principal: Principal, action: str, cid: str, **detail: Any) -> None:
        node.audit.record(
            principal, action, "taxii_collection", cid, detail=detail or None,
            ip=client_ip(request),
        )  # fmt: skip

    def root_url(request: Request) -> str:
        prefix = request.scope.get("root_path", "")
        return f"{request.url.scheme}://{request.url.netloc}{prefix}"

    @app.get("/")
    def discovery(request: Request) -> Response:
        who(request)
        base = root_url(request)
        return taxii_json(
            {
                "title": f"Crossline node {node.settings.node_name}",
                "description": "TAXII 2.1 server of a Crossline fraud-intelligence node: "
                "one collection per sharing agreement.",
                "default": f"{base}/{API_ROOT}/",
                "api_roots": [f"{base}/{API_ROOT}/"],
            }
        )

    @app.get(f"/{API_ROOT}/")
    def api_root(request: Request) -> Response:
        client(request)
        return taxii_json(
            {
                "title": f"{node.settings.node_name} sharing",
                "description": "Collections of what this node's agreements let partners read.",
                "versions": [TAXII],
                "max_content_length": max_content_length,
            }
        )

    @app.get(f"/{API_ROOT}/collections/")
    def collections(request: Request) -> Response:
        principal = client(request)
        views = visible_collections(store, principal)
        return taxii_json({"collections": [v.resource(node.settings.node_name) for v in views]})

    @app.get(f"/{API_ROOT}/collections/{{cid}}/")
    def get_collection(request: Request, cid: str) -> Response:
        principal = client(request)
        return taxii_json(collection(request, principal, cid).resource(node.settings.node_name))

    @app.get(f"/{API_ROOT}/collections/{{cid}}/objects/")
    def get_objects(request: Request, cid: str) -> Response:
        principal = client(request)
        view = readable(request, principal, cid)
        page = queries.objects_page(store, view, queries.parse_filters(request.query_params))
        audit(request, principal, "read", cid, objects=len(page.rows))
        return signed(queries.envelope_text(page), page.headers())

    @app.post(f"/{API_ROOT}/collections/{{cid}}/objects/")
    async def add_objects(request: Request, cid: str) -> Response:
        principal = client(request)
        view = collection(request, principal, cid)
        if not view.can_write:
            raise TaxiiError(403, "forbidden", "this collection does not accept objects from you")
        if not is_taxii_content(request.headers.get("content-type")):
            raise TaxiiError(415, "unsupported media type", f"send objects as {TAXII}")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_content_length:
            raise TaxiiError(413, "too large", f"max_content_length is {max_content_length}")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > max_content_length:
                raise TaxiiError(413, "too large", f"max_content_length is {max_content_length}")
        check_partner_signature(request, view, body)
        try:
            envelope = bounded_json.loads(bytes(body), max_bytes=max_content_length)
        except BodyTooDeepError as exc:
            raise TaxiiError(400, "bad request", exc.message) from exc
        except ValidationError as exc:
            raise TaxiiError(400, "bad request", "the body is not JSON") from exc
        if not isinstance(envelope, dict) or not isinstance(envelope.get("objects"), list):
            raise TaxiiError(400, "bad request", 'expected an envelope {"objects": [...]}')
        status = receive(
            node, view, principal, envelope["objects"], status_id=str(uuid.uuid4()),
            now=datetime.now(UTC),
        )  # fmt: skip
        audit(request, principal, "write", cid, objects=status["total_count"])
        return taxii_json(status, 202)

    @app.get(f"/{API_ROOT}/collections/{{cid}}/objects/{{object_id}}/")
    def get_object(request: Request, cid: str, object_id: str) -> Response:
        principal = client(request)
        view = readable(request, principal, cid)
        filters = queries.parse_filters(request.query_params)
        page = queries.objects_page(store, view, filters, object_id=object_id)
        if not page.rows:
            raise TaxiiError(404, "not found", f"no object {object_id} in this collection")
        audit(request, principal, "read", cid, object=object_id)
        return signed(queries.envelope_text(page), page.headers())

    @app.delete(f"/{API_ROOT}/collections/{{cid}}/objects/{{object_id}}/")
    def delete_object(request: Request, cid: str, object_id: str) -> Response:
        principal = client(request)
        view = collection(request, principal, cid)
        if not view.home:
            raise TaxiiError(403, "forbidden", "only the publishing node retracts objects")
        gone = queries.delete_object(
            store, view, queries.parse_filters(request.query_params), object_id
        )
        if not gone:
            raise TaxiiError(404, "not found", f"no object {object_id} in this collection")
        audit(request, principal, "delete", cid, object=object_id, versions=gone)
        return taxii_json({})

    @app.get(f"/{API_ROOT}/collections/{{cid}}/objects/{{object_id}}/versions/")
    def versions(request: Request, cid: str, object_id: str) -> Response:
        principal = client(request)
        view = readable(request, principal, cid)
        page = queries.versions_page(
            store, view, queries.parse_filters(request.query_params), object_id
        )
        if not page.rows:
            raise TaxiiError(404, "not found", f"no object {object_id} in this collection")
        body: dict[str, Any] = {"more": page.more}
        if page.more:
            body["next"] = page.next
        body["versions"] = [queries._stix_time(r.version) for r in page.rows]
        return taxii_json(body, headers=page.headers())

    @app.get(f"/{API_ROOT}/collections/{{cid}}/manifest/")
    def manifest(request: Request, cid: str) -> Response:
        principal = client(request)
        view = readable(request, principal, cid)
        page = queries.manifest_page(store, view, queries.parse_filters(request.query_params))
        return taxii_json(queries.manifest_body(page), headers=page.headers())

    @app.get(f"/{API_ROOT}/status/{{sid}}/")
    def status(request: Request, sid: str) -> Response:
        principal = client(request)
        found = read_status(store, principal, sid)
        if found is None:
            raise TaxiiError(404, "not found", f"no status {sid}")
        return taxii_json(found)

    return app
