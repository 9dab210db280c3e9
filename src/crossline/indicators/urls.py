"""Web indicators: URLs, domains, IP addresses, e-mail addresses, UPI handles, social ids.

Defanged spellings (``hxxps[:]//evil[.]com``, ``name[at]mail(.)com``, ``http //``, spaces
after dots inside a host) are refanged before validation. Domains are the *registrable*
domain (the label just under the public suffix) from the public-suffix list bundled with
``tldextract``, private section included: ``victim-bank.web.app`` and ``scam.github.io``
are separate domains, not all of ``web.app`` / ``github.io``, so two unrelated sites on
one hosting service never look like one campaign.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import replace
from urllib.parse import unquote

import tldextract

from crossline.indicators import scan
from crossline.indicators.banks import words
from crossline.indicators.candidate import (
    NEED_TELEGRAM,
    NEED_UPI,
    NEED_WEB,
    NEED_WHOLE,
    Option,
    Piece,
)
from crossline.indicators.payments import upi
from crossline.indicators.phones import parse_valid
from crossline.indicators.social import social_from_url

# suffix_list_urls=() and cache_dir=None: only the snapshot shipped inside tldextract is
# read, nothing is fetched or written at run time.
_EXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)

_DOT_RE = re.compile(r" \[\.\] |\[\.\]|\(\.\)|\{\.\}|\[(?:dot|DOT)\]|\((?:dot|DOT)\)")
_AT_RE = re.compile(r"\[@\]|\(@\)|\[at\]|\(at\)|\[AT\]|\(AT\)")
_SCHEME_RE = re.compile(rf"(?P<scheme>{scan._SCHEME})(?P<sep>{scan._SEP})")
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?")
_EMAIL_LOCAL_RE = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\-]+)*")

# Top-level domains that a host name written alone (no scheme, "www.", path, port or
# defanging) may end in. Everyday typing glues words with a dot ("message.it",
# "you.my", "Quiz.Win", "cherthala.in case"), so a bare two-label name counts only under
# suffixes that spam actually uses and that are not English words.
BARE_TLDS = words(
    """
    com net org info biz edu gov mil xyz top online site club shop store icu vip cyou buzz
    sbs cfd bond ru cn tk ml ga cf gq pw cc ly gd io ws tv co ca au de fr nl es pl uk eu
    asia mobi pro tech space website click link loan money cash bank finance services
    support digital world rest bet casino lol ph pk ng ke za ae sa bd lk np vn th id kr jp
    hk tw sg cz sk hu ro bg gr tr ua kz br mx ar cl pe su mx ch se dk fi pt ie nz
    """
)
# Suffixes that are English words: never enough on their own, whatever the label count.
WORDY_TLDS = words(
    """
    am as at be by do go he hi if in is it me my no of on or so to up us we how now you one
    new fun life live win here today help work run fit best ink page care love
    """
)
# Top-level domains an e-mail address may end in, besides two-letter country codes.
EMAIL_TLDS = BARE_TLDS | words("live life me in it my be us one online email mail world today fun")


@functools.lru_cache(maxsize=1 << 16)
def registrable(host: str) -> tuple[str, str, bool] | None:
    """``(registrable domain, public suffix, is_private)`` of ``host``, or None."""
    host = host.lower().rstrip(".")
    if not host or len(host) > 253 or not host.isascii():
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None
    result = _EXTRACT(host)
    if not result.suffix or not result.domain:
        return None
    return result.top_domain_under_public_suffix, result.suffix, result.is_private


def ipv4(text: str) -> str | None:
    """Dotted-quad IPv4 (no leading zeros, each part 0-255)."""
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return None
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return None


def ipv6(text: str) -> str | None:
    """Compressed lower-case IPv6, for full (8 groups) or ``::``-compressed forms."""
    if "::" not in text and text.count(":") != 7:
        return None
    try:
        return ipaddress.IPv6Address(text).compressed
    except ValueError:
        return None


def ip_flags(address: str) -> frozenset[str]:
    """``private`` / ``reserved`` flags: such addresses are seen but never linked on."""
    ip = ipaddress.ip_address(address)
    if ip.is_private or ip.is_loopback or ip.is_link_local:
        return frozenset({"private"})
    if ip.is_reserved or ip.is_multicast or ip.is_unspecified:
        return frozenset({"reserved"})
    return frozenset()


def refang(text: str) -> str:
    """Undo the usual defanging of dots and at-signs."""
    return _AT_RE.sub("@", _DOT_RE.sub(".", text))


_CLOSERS = {")": "(", "]": "[", "}": "{"}


def strip_tail(token: str) -> str:
    """Drop sentence punctuation glued to the end of a URL or address."""
    while token:
        last = token[-1]
        unbalanced = last in _CLOSERS and token.count(_CLOSERS[last]) < token.count(last)
        if last not in ".,;:!?'\"*-_~" and not unbalanced:
            break
        token = token[:-1]
    return token


def _host_port(authority: str) -> tuple[str, str, str] | None:
    userinfo, _, hostport = authority.rpartition("@")
    host, colon, port = hostport.partition(":")
    if colon and (not port.isdigit() or len(port) > 5):
        return None
    return userinfo, host.lower().rstrip("."), port


def _bare_host_verdict(written: str, host: str, label: str, suffix: str) -> str:
    """``"ok"``, ``"cue"`` (a domain only where the text points at a web site) or ``"no"``
    for a host name written alone: ``word.word`` slips ("message.it", "you.my",
    "cherthala.in case") must not become domains, while "scam-refund.live" must."""
    tld = suffix.rsplit(".", 1)[-1]
    labels = written.split(".")
    last = labels[-1]
    # "tomorrow.In", "me.Now": a missing space before a capitalised word.
    if last[:1].isupper() and last[1:].islower() and labels[-2][:1].islower():
        return "no"
    if "." in suffix or tld in BARE_TLDS:  # co.uk, co.in, .com: nobody types those by accident
        return "ok"
    # Scam-style names: "amazon-refund.live", "ethgive2x.me" (but not "2day.love", "400sq.mtr").
    if "-" in label.strip("-") and len(label) >= 4:
        return "ok"
    if label[0].isalpha() and len(label) >= 5 and any(c.isdigit() for c in label):
        return "ok"
    return "cue"


# Short-link and messaging hosts whose names look like abbreviations or end in a word.
KNOWN_SHORT_HOSTS = words(
    """
    t.me wa.me fb.me m.me youtu.be t.co g.co x.co x.com goo.gl amzn.to amzn.in bit.ly ow.ly
    is.gd v.gd rb.gy cutt.ly tiny.cc t.ly u.to j.mp db.tt ift.tt lnkd.in qr.ae wp.me s.id
    """
)


def _schemeless_verdict(written: str, host: str, domain: str, suffix: str, has_path: bool) -> str:
    """Whether a host written without scheme or "www." is a web address (``"ok"``), may be
    one where the text says so (``"cue"``), or is a typo or abbreviation (``"no"``:
    "B.SC.IT/BIO", "B.TECH", "Sr.loan", "message.it")."""
    if host in KNOWN_SHORT_HOSTS or domain in KNOWN_SHORT_HOSTS:
        return "ok"
    label = domain[: -len(suffix) - 1]
    if len(label) == 1 or label in _ABBREVIATIONS:
        return "no"
    # "www.recoverydana 98.com": a bare number is the tail of an address split by a space;
    # "USER.co", "USER-mastercard.com": the placeholder published corpora put for a name.
    if (label.isdigit() and len(label) <= 3) or written.startswith(("USER.", "USER-")):
        return "no"
    if has_path:  # a path is evidence, but not for "B.SC.IT/BIO" (degrees, in capitals)
        tld = suffix.rsplit(".", 1)[-1]
        short = len(label) <= 2 and (tld in WORDY_TLDS or written.isupper())
        return "no" if short and "." not in suffix else "ok"
    return _bare_host_verdict(written, host, label, suffix)


# Abbreviations that end a word with a dot: "Sr.loan officer", "Dr.Smith", "No.1".
_ABBREVIATIONS = words(
    "mr mrs ms dr sr jr st no vs inc ltd co dept govt fig etc eg ie pvt mt ft gen col sgt"
)


# "sms.shsex.netUN", "www.Ldew.com1win150ppm": a word glued after the top-level domain.
_GLUED_TAIL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[a-zA-Z])(?=[0-9])")


def _unglue(authority: str) -> str | None:
    """The host without the word glued to its last label, if that makes it valid."""
    head, _, last = authority.rpartition(".")
    cut = _GLUED_TAIL_RE.search(last)
    if not head or cut is None:
        return None
    host = f"{head}.{last[: cut.start()]}"
    reg = registrable(host)
    if reg is None or not (host.lower().startswith("www.") or host.count(".") >= 2):
        return None
    return host


def _web_pieces(
    *,
    scheme: str | None,
    body: str,
    span: tuple[int, int],
    host_span: tuple[int, int],
    defanged: bool,
) -> tuple[Piece, ...] | None:
    cut = min((i for i in (body.find(c) for c in "/?#") if i >= 0), default=len(body))
    authority, rest = body[:cut], body[cut:]
    parts = _host_port(authority)
    if parts is None:
        return None
    userinfo, host, port = parts
    flags = frozenset({"defanged"}) if defanged else frozenset()
    pieces: list[Piece] = []
    address = ipv4(host)
    if address:
        pieces.append(Piece(*host_span, (Option("ipv4", address, flags | ip_flags(address)),)))
    else:
        reg = registrable(host)
        if reg is None:
            unglued = None if rest or port or userinfo else _unglue(authority)
            if unglued is None:
                return None
            # keep only the valid host; the glued word is not part of the address
            end = host_span[0] + len(unglued) if not defanged else host_span[1]
            found = _web_pieces(
                scheme=scheme,
                body=unglued,
                span=(span[0], end),
                host_span=(host_span[0], end),
                defanged=defanged,
            )
            # the word glued after it is expected here, so the edge check must not apply
            return tuple(replace(p, strict_edges=False) for p in found) if found else None
        domain, suffix, private = reg
        need = None
        if scheme is None and not (defanged or host.startswith("www.")):
            verdict = _schemeless_verdict(authority, host, domain, suffix, bool(rest or port))
            if verdict == "no":
                return None
            # a host written alone must not be the tail of an address split by a space
            need = NEED_WEB if verdict == "cue" else NEED_WHOLE
        if scheme is None and not (rest or port or host.startswith("www.")):
            option = Option("domain", domain, flags | _domain_flags(domain, private), need=need)
            return (Piece(*host_span, (option,), strict_edges=True),)
        option = Option("domain", domain, flags | _domain_flags(domain, private))
        pieces.append(Piece(*host_span, (option,)))
    prefix = f"{scheme}://" if scheme else ""
    user = f"{userinfo}@" if userinfo else ""
    value = f"{prefix}{user}{host}{':' + port if port else ''}{rest}"
    meta = (("host", host),)
    pieces.insert(
        0, Piece(*span, (Option("url", value, flags, meta),), strict_edges=scheme is None)
    )
    pieces.extend(_nested(rest, span))
    for kind, social_value, extra in social_from_url(host, rest):
        extra_meta: tuple[tuple[str, str], ...] = ()
        if kind == "phone":
            phone = parse_valid(social_value, None)
            extra_meta = phone.option().meta if phone else ()
        pieces.append(Piece(*span, (Option(kind, social_value, flags | extra, extra_meta),)))
    return tuple(pieces)


# Link shorteners: one domain for countless unrelated senders, so never a link by itself.
SHORTENERS = words(
    """
    bit.ly bit.do tinyurl.com goo.gl ow.ly t.co is.gd v.gd cutt.ly rb.gy shorturl.at tiny.cc
    rebrand.ly s.id t.ly buff.ly tiny.one shorte.st adf.ly bl.ink lnkd.in x.co u.to j.mp
    qr.ae urlz.fr kutt.it short.io surl.li
    """
)


def _domain_flags(domain: str, private: bool) -> frozenset[str]:
    """``shortener`` for link shorteners, ``private_suffix`` for names under a hosting
    service's suffix (blogspot.com, web.app ...): both tell the linker to be careful."""
    flags = set()
    if domain in SHORTENERS:
        flags.add("shortener")
    if private:
        flags.add("private_suffix")
    return frozenset(flags)


_CODE_RE = re.compile(r"[A-Za-z0-9_\-]{4,}")
_FILE_RE = re.compile(r"[\w\-]+\.(?:html?|php|aspx?|jsp|apk|wml|cgi)", re.ASCII)
_EXTENSION_RE = re.compile(r"(?:html?|php|aspx?|jsp|apk|wml|cgi)(?![a-z])")


def _continues(before: str, after: str) -> bool:
    """Whether the chunk ``after`` a space still belongs to an already valid URL: a file
    extension after a dot in the path ("index. wml?id=1"), or a path after a slash that
    looks like one, not like a word ("app.link/ ahNmHADW6Q", "dis2.pw/ claim.html"; not
    "x.com/ today", "reward. Ts&Cs", "co.uk. No")."""
    if before.endswith(".") and "/" in before:
        return _EXTENSION_RE.match(after) is not None
    if before.endswith("/"):
        if _FILE_RE.fullmatch(after):
            return True
        if _CODE_RE.fullmatch(after) is None:
            return False
        return any(c.isdigit() for c in after) or not (after.islower() or after.isupper())
    return False


# Defanging written inside brackets, which does not end an address: [.] [dot] [:] [@] ...
_DEFANG_AT = re.compile(r"\[(?:\.|dot|DOT|:|://|@|at|AT|/)\]|\{\.\}")


_DANGLING_PARAM = re.compile(r"[?&#][^?&#=/]*=$")


def cut_placeholder(token: str, start: int = 0) -> str:
    """The address without a bracketed tail after its host: a mail-merge placeholder
    (``...claim.html?[recipient]``, ``...#[email]``) or the start of one cut off
    (``...html?[recipient``) is not part of it. Defanging brackets (``[.]``) are kept;
    a ``?``, ``&``, ``#`` or ``=`` left dangling is dropped.
    """
    path = min((i for i in (token.find(c, start) for c in "/?#") if i >= 0), default=-1)
    if path < 0:
        return token
    i = path
    while (i := token.find("[", i)) >= 0:
        if _DEFANG_AT.match(token, i):
            i += 1
            continue
        # "...?id=7&to=[email]": the parameter whose value was the placeholder goes too.
        return _DANGLING_PARAM.sub("", token[:i]).rstrip("?&#=")
    return token


# A query parameter whose value is itself a URL: redirectors (google.com/url?q=...,
# l.facebook.com/l.php?u=..., safelinks ...?url=...) hide the real destination there.
_NESTED_RE = re.compile(
    r"[?&][A-Za-z0-9_.\-]*=(?P<url>(?:h[tx]{2}ps?|ftp)(?:\[:\]|\[://\]|:)(?://)?[^&\s]+)",
    re.IGNORECASE,
)


def _nested(rest: str, span: tuple[int, int]) -> list[Piece]:
    """Pieces of a URL carried in a query parameter, placed over the outer URL's span."""
    match = _NESTED_RE.search(unquote(rest))
    if match is None:
        return []
    inner = url_pieces(match.group("url"))
    if not inner:
        return []
    return [Piece(*span, p.options) for p in inner]


def url_pieces(token: str) -> tuple[Piece, ...] | None:
    """Pieces of a token that starts with a (possibly defanged) scheme.

    The scan lets a URL run on over one space ("http://careers. bloomberg.com",
    "...cleanbeautytalk.c om/x", "index. wml?id=1"); the space is closed only while the
    address before it is not valid yet, or when what follows is plainly its continuation
    (see ``_continues``).
    """
    token = strip_tail(token)
    match = _SCHEME_RE.match(token)
    if match is None:
        return None
    scheme = match.group("scheme").lower().replace("x", "t")
    defanged = match.group("sep") != "://" or "x" in match.group("scheme").lower()
    after = match.end()
    token = cut_placeholder(token, after + 1)
    if token[after : after + 1] == " ":  # "http:// 103.208.86.96"
        after += 1
    while token[after : after + 1] == "/":  # "http:///host": one slash too many
        after += 1
    chunks = token[after:].split(" ")
    best: tuple[Piece, ...] | None = None
    for k in range(1, len(chunks) + 1):
        if k > 1 and best is not None and not _continues(chunks[k - 2], chunks[k - 1]):
            break
        raw = strip_tail(" ".join(chunks[:k]))
        joined = raw.replace(" ", "")
        body = refang(joined)
        authority_end = after + min(
            (i for i in (raw.find(c) for c in "/?#") if i >= 0), default=len(raw)
        )
        found = _web_pieces(
            scheme=scheme,
            body=body,
            span=(0, after + len(raw)),
            host_span=(after, authority_end),
            defanged=defanged or body != joined or k > 1,
        )
        if found is not None:
            best = found
    return best


def host_pieces(token: str) -> tuple[Piece, ...] | None:
    """Pieces of a bare host name, optionally with port and path (``bit.ly/x``)."""
    token = cut_placeholder(strip_tail(token))
    body = refang(token)
    authority_end = min((i for i in (token.find(c) for c in "/?#") if i >= 0), default=len(token))
    return _web_pieces(
        scheme=None,
        body=body,
        span=(0, len(token)),
        host_span=(0, authority_end),
        defanged=body != token,
    )


def handle_pieces(token: str, *, in_text: bool = True) -> tuple[Piece, ...] | None:
    """Pieces of ``local@host``: an e-mail address when the host has a dot, else UPI.

    ``in_text`` applies the guards against prices and oddities met in free text
    ("5000@sq.mtr"); a declared e-mail field does not need them.
    """
    token = strip_tail(token)
    body = refang(token)
    local, _, host = body.rpartition("@")
    lead = len(local) - len(local.lstrip("._-+%"))
    local = local[lead:]
    if not local:
        return None
    defanged = frozenset({"defanged"}) if body != token else frozenset()
    span = (lead, len(token))
    if "." in host:
        reg = registrable(host)
        email = f"{local}@{host}".lower()
        if reg is None or len(local) > 64 or not _EMAIL_LOCAL_RE.fullmatch(local.lower()):
            return None
        tld = reg[1].rsplit(".", 1)[-1]
        if in_text and not (len(tld) == 2 or tld in EMAIL_TLDS):
            return None  # brand suffixes (.google, .mtr ...) carry no mailboxes
        if in_text and local.isdigit() and len(local) < 6:
            return None  # "5000@sq.mtr": a price, not a mailbox
        return (Piece(*span, (Option("email", email, defanged),), strict_edges=True),)
    vpa = upi(f"{local}@{host}")
    if vpa is None:
        return None
    meta = (("phone", vpa.mobile),) if vpa.mobile else ()
    option = Option("upi", vpa.value, defanged, meta, need=None if vpa.known_psp else NEED_UPI)
    return (Piece(*span, (option,), strict_edges=True),)


def at_handle_pieces(token: str) -> tuple[Piece, ...]:
    """``@name``: a Telegram username when the text names Telegram right before it."""
    name = token[1:]
    if not 5 <= len(name) <= 32 or name.endswith("_"):
        return ()
    option = Option("social", f"telegram:{name.lower()}", need=NEED_TELEGRAM)
    return (Piece(0, len(token), (option,), strict_edges=True),)
