"""The prosecutor's summary of a package, as HTML and as PDF (fpdf2, pure Python).

It lists each exhibit (what, from whom, when, how, by whom, file, size, SHA-256), the
chain of custody, who signed the package and how to check it offline. It carries no
victim personal data: only what the package itself holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from jinja2 import Environment

from crossline.evidence.case_uco import VERBS

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Evidence package {{ case }}</title>
<style>
body{font-family:Georgia,serif;margin:2em;color:#111}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;font-size:90%}
code{font-size:85%;word-break:break-all}
</style></head><body>
<h1>Evidence package — case {{ case }}</h1>
<p>Prepared by node <strong>{{ node.name }}</strong> ({{ node.country }}) on {{ created_at }}.
Package id <code>{{ package }}</code>.</p>
<h2>Exhibits ({{ items|length }})</h2>
<table><tr><th>Exhibit</th><th>Description</th><th>From whom</th><th>When acquired</th>
<th>How</th><th>By whom</th><th>File</th><th>Size (bytes)</th><th>SHA-256</th></tr>
{% for i in items %}<tr><td>{{ i.exhibit }}</td><td>{{ i.description }}</td>
<td>{{ i.source or "—" }}</td><td>{{ i.acquired_at }}</td><td>{{ i.method or "—" }}</td>
<td>{{ i.acquired_by }}</td><td>{{ i.path }}</td><td>{{ "{:,}".format(i.size) }}</td>
<td><code>{{ i.sha256 }}</code></td></tr>{% endfor %}
</table>
<h2>Chain of custody ({{ entries|length }} entries)</h2>
<table><tr><th>#</th><th>When (UTC)</th><th>Action</th><th>By</th><th>Exhibit</th>
<th>Entry hash</th><th>Signing key</th></tr>
{% for e in entries %}<tr><td>{{ e.seq }}</td><td>{{ e.at }}</td><td>{{ verb(e.action) }}</td>
<td>{{ e.actor }}</td><td>{{ exhibit_of(e.item) }}</td><td><code>{{ e.hash }}</code></td>
<td><code>{{ e.key_id }}</code></td></tr>{% endfor %}
</table>
<h2>How to check this package</h2>
<p>Every file is listed with its SHA-256 in <code>manifest.json</code>, which is signed
(<code>manifest.sig</code>, Ed25519) by the key <code>{{ node.key_id }}</code>:
<code>{{ node.public_key }}</code>. Each custody entry commits to the one before it and is
signed. Obtain the sender's public key through an independent channel, then run
<code>crossline evidence verify PACKAGE --key PUBLIC_KEY</code> (works offline), or check
each file's SHA-256 with any tool (e.g. <code>sha256sum</code>). The CASE/UCO graph of the
package is <code>case.jsonld</code>.</p>
</body></html>
"""

_ENV = Environment(autoescape=True)
_TEMPLATE = _ENV.from_string(HTML)


def _context(manifest: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    exhibits = {i["id"]: i["exhibit"] for i in manifest["items"]}
    return {
        "case": manifest["case"],
        "node": manifest["node"],
        "created_at": manifest["created_at"],
        "package": manifest["package"],
        "items": manifest["items"],
        "entries": entries,
        "verb": lambda a: VERBS.get(a, a),
        "exhibit_of": lambda item: exhibits.get(item, "—") if item else "all",
    }


def summary_html(manifest: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> bytes:
    return _TEMPLATE.render(**_context(manifest, entries)).encode("utf-8")


def _latin1(text: Any) -> str:
    # The PDF's core fonts cover Latin-1 only; anything else is shown as '?'.
    return str(text if text is not None else "-").encode("latin-1", "replace").decode("latin-1")


def summary_pdf(manifest: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> bytes:
    """The same content as the HTML summary, on A4 pages."""
    from fpdf import FPDF

    ctx = _context(manifest, entries)
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_creation_date(datetime.fromisoformat(str(manifest["created_at"])))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _latin1(f"Evidence package - case {ctx['case']}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    node = ctx["node"]
    pdf.multi_cell(
        0,
        5,
        _latin1(
            f"Prepared by node {node['name']} ({node['country']}) on {ctx['created_at']}. "
            f"Package id {ctx['package']}. Signing key id {node['key_id']}, public key "
            f"{node['public_key']}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, f"Exhibits ({len(ctx['items'])})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    with pdf.table(col_widths=(14, 40, 26, 26, 22, 22, 30, 16, 74), text_align="LEFT") as t:
        t.row(["Exhibit", "Description", "From whom", "When", "How", "By whom", "File",
               "Bytes", "SHA-256"])  # fmt: skip
        for i in ctx["items"]:
            t.row(
                [
                    _latin1(v)
                    for v in (
                        i["exhibit"],
                        i["description"],
                        i.get("source") or "-",
                        i["acquired_at"],
                        i.get("method") or "-",
                        i["acquired_by"],
                        i["path"],
                        f"{i['size']:,}",
                        i["sha256"],
                    )
                ]
            )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, f"Chain of custody ({len(entries)} entries)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    with pdf.table(col_widths=(8, 40, 18, 36, 16, 100, 26), text_align="LEFT") as t:
        t.row(["#", "When (UTC)", "Action", "By", "Exhibit", "Entry hash", "Key"])
        for e in entries:
            t.row(
                [
                    _latin1(v)
                    for v in (
                        e["seq"],
                        e["at"],
                        ctx["verb"](e["action"]),
                        e["actor"],
                        ctx["exhibit_of"](e.get("item")),
                        e["hash"],
                        e["key_id"],
                    )
                ]
            )
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(
        0,
        4,
        _latin1(
            "How to check: manifest.json lists every file with its SHA-256 and is signed "
            "(manifest.sig, Ed25519) by the key above. Each custody entry commits to the one "
            "before it and is signed. With the sender's public key obtained independently, run "
            "'crossline evidence verify PACKAGE --key PUBLIC_KEY' (offline), or check each "
            "file with sha256sum. The CASE/UCO graph is case.jsonld."
        ),
    )
    return bytes(pdf.output())
