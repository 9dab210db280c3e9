"""Social-media and messaging accounts named by an explicit platform URL.

Values are ``"<platform>:<account>"``: ``telegram:cryptoguru``, ``whatsapp:+919876543210``,
``instagram:fx.trader``. Account names are lower-cased where the platform treats them
case-insensitively; invite codes keep their case. A ``wa.me/<number>`` link also yields
the number as a ``phone``.
"""

from __future__ import annotations

import re

from crossline.indicators.phones import parse_valid

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
_TELEGRAM_RESERVED = frozenset(
    {"share", "addstickers", "proxy", "socks", "s", "c", "iv", "addlist"}
)
_INSTAGRAM_RESERVED = frozenset(
    {"p", "reel", "reels", "explore", "accounts", "stories", "tv", "direct", "about", "legal"}
)
_FACEBOOK_RESERVED = frozenset(
    {
        "sharer", "sharer.php", "share", "login", "login.php", "help", "policies", "watch",
        "marketplace", "events", "story.php", "photo.php", "permalink.php", "hashtag",
        "l.php", "dialog", "plugins", "ads", "business", "gaming", "media", "messages",
        "friends", "privacy", "settings", "home.php", "pages", "photo", "video.php", "reel",
    }
)  # fmt: skip
_TWITTER_RESERVED = frozenset(
    {"home", "i", "intent", "share", "search", "hashtag", "explore", "settings", "login",
     "signup", "tos", "privacy", "messages", "notifications"}
)  # fmt: skip

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
_INSTA_RE = re.compile(r"[A-Za-z0-9._]{1,30}")
_FB_RE = re.compile(r"[A-Za-z0-9.\-]{3,50}")
_TWITTER_RE = re.compile(r"[A-Za-z0-9_]{1,15}")
_DIGITS_RE = re.compile(r"[0-9]{8,15}")
_PHONE_PARAM_RE = re.compile(r"[?&]phone=\+?([0-9]{8,15})")

Hit = tuple[str, str, frozenset[str]]
_WA = frozenset({"whatsapp"})


def _first(path: str) -> list[str]:
    return [part for part in re.split(r"[/?#]", path) if part]


def _whatsapp_number(digits: str) -> list[Hit]:
    phone = parse_valid("+" + digits, None)
    if phone is None:
        return []
    return [("social", f"whatsapp:{phone.value}", frozenset()), ("phone", phone.value, _WA)]


def social_from_url(host: str, rest: str) -> list[Hit]:
    """Accounts named by the URL ``host`` + ``rest`` (path, query, fragment)."""
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    parts = _first(rest)
    if host in _TELEGRAM_HOSTS and parts:
        head = parts[0]
        if head == "joinchat" and len(parts) > 1:
            return [("social", f"telegram:+{parts[1]}", frozenset())]
        if head.startswith("+") and len(head) > 1:
            return [("social", f"telegram:{head}", frozenset())]
        if head == "s" and len(parts) > 1:  # t.me/s/<channel>: the web preview of a channel
            head = parts[1]
        if _NAME_RE.fullmatch(head) and head.lower() not in _TELEGRAM_RESERVED:
            return [("social", f"telegram:{head.lower()}", frozenset())]
        return []
    if host == "wa.me" and parts:
        if _DIGITS_RE.fullmatch(parts[0].lstrip("+")):
            return _whatsapp_number(parts[0].lstrip("+"))
        if parts[0] == "message" and len(parts) > 1:
            return [("social", f"whatsapp:message/{parts[1]}", frozenset())]
        return []
    if host in ("api.whatsapp.com", "web.whatsapp.com", "whatsapp.com"):
        match = _PHONE_PARAM_RE.search(rest)
        return _whatsapp_number(match.group(1)) if match else []
    if host == "chat.whatsapp.com" and parts:
        return [("social", f"whatsapp:chat/{parts[0]}", frozenset())]
    if host in ("instagram.com", "instagr.am") and parts:
        name = parts[0]
        if _INSTA_RE.fullmatch(name) and name.lower() not in _INSTAGRAM_RESERVED:
            return [("social", f"instagram:{name.lower()}", frozenset())]
        return []
    if host in ("facebook.com", "fb.com") and parts:
        name = parts[0]
        if name == "profile.php":
            match = re.search(r"[?&]id=([0-9]{5,20})", rest)
            return [("social", f"facebook:id:{match.group(1)}", frozenset())] if match else []
        if _FB_RE.fullmatch(name) and name.lower() not in _FACEBOOK_RESERVED:
            if name == "groups" and len(parts) > 1:
                return [("social", f"facebook:groups/{parts[1].lower()}", frozenset())]
            return [("social", f"facebook:{name.lower()}", frozenset())]
        return []
    if host in ("twitter.com", "x.com") and parts:
        name = parts[0]
        if _TWITTER_RE.fullmatch(name) and name.lower() not in _TWITTER_RESERVED:
            return [("social", f"twitter:{name.lower()}", frozenset())]
        return []
    if host == "tiktok.com" and parts and parts[0].startswith("@") and len(parts[0]) > 1:
        return [("social", f"tiktok:{parts[0][1:].lower()}", frozenset())]
    if host == "youtube.com" and parts:
        if parts[0].startswith("@") and len(parts[0]) > 1:
            return [("social", f"youtube:{parts[0][1:].lower()}", frozenset())]
        if parts[0] in ("channel", "c") and len(parts) > 1:
            return [("social", f"youtube:{parts[0]}/{parts[1]}", frozenset())]
        return []
    if host == "linkedin.com" and len(parts) > 1 and parts[0] in ("in", "company"):
        return [("social", f"linkedin:{parts[0]}/{parts[1].lower()}", frozenset())]
    return []
