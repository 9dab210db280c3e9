"""Pure security building blocks: roles and permissions, secrets, passwords, rate limits.

Nothing here touches the database, so each rule can be read and tested alone.
Secrets handed to people (session cookies, API tokens) are 256-bit random
strings; only their SHA-256 digests are stored, so a stolen database yields no
usable credential. Passwords are hashed with argon2id (argon2-cffi defaults).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from crossline.errors import ValidationError

ROLES = ("admin", "analyst", "viewer", "partner", "registry")

# What each permission lets a principal do.
CASES_READ = "cases:read"  # campaigns, indicators, lookups, stats, report summaries
CASES_WRITE = "cases:write"  # casework: notes, assignment, status, tags, merge and split
REPORTS_READ = "reports:read"  # a report's full record (text, suspects), report search
PII_READ = "pii:read"  # victim personal data, on the report detail of the owning org
REPORTS_WRITE = "reports:write"  # create reports through the API
IMPORTS_READ = "imports:read"  # import jobs and their reconciliation
IMPORTS_WRITE = "imports:write"  # upload files to import
QUARANTINE_READ = "quarantine:read"  # rejected rows (raw source text, may hold PII)
EXPORT = "export"  # bulk exports (campaign CSV/JSON, quarantine)
ADMIN = "admin"  # users, organisations, tokens, the audit log
SHARING = "sharing"  # partners, agreements, publishing, blind matching, alerts
SHARE_PULL = "share:pull"  # a partner node reading what its agreement allows (TAXII, matching)
EVIDENCE_READ = "evidence:read"  # evidence items, custody logs, packages, legal requests
EVIDENCE_WRITE = "evidence:write"  # add evidence, build packages, create and answer requests
MONEY_READ = "money:read"  # transfers, trails, mule scores, freeze requests
MONEY_WRITE = "money:write"  # import transfers, issue freeze requests
REGISTRY_READ = "registry:read"  # suspect registry: risk of a number/handle/account, no victims
METRICS_READ = "metrics:read"  # Prometheus metrics (counts and latencies, no case data)

ALL_PERMISSIONS = frozenset(
    {
        CASES_READ,
        CASES_WRITE,
        REPORTS_READ,
        PII_READ,
        REPORTS_WRITE,
        IMPORTS_READ,
        IMPORTS_WRITE,
        QUARANTINE_READ,
        EXPORT,
        ADMIN,
        SHARING,
        SHARE_PULL,
        EVIDENCE_READ,
        EVIDENCE_WRITE,
        MONEY_READ,
        MONEY_WRITE,
        REGISTRY_READ,
        METRICS_READ,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": ALL_PERMISSIONS,
    "analyst": ALL_PERMISSIONS - {ADMIN},
    "viewer": frozenset(
        {CASES_READ, REPORTS_READ, IMPORTS_READ, EVIDENCE_READ, MONEY_READ, REGISTRY_READ}
    ),
    # A partner agency sees what links campaigns, never the victims behind them; what it
    # may pull beyond that is decided by its agreement, record by record.
    "partner": frozenset({CASES_READ, SHARE_PULL, REGISTRY_READ}),
    # Banks and carriers asking whether a number, handle or account is known to be bad.
    "registry": frozenset({REGISTRY_READ}),
}

# Scopes narrow an API token below its role; a token never exceeds its role.
TOKEN_SCOPES: dict[str, frozenset[str]] = {
    "read": frozenset({CASES_READ, REPORTS_READ, IMPORTS_READ}),
    "write": frozenset({REPORTS_WRITE}),
    "casework": frozenset({CASES_READ, CASES_WRITE}),
    "import": frozenset({IMPORTS_WRITE, IMPORTS_READ}),
    "quarantine": frozenset({QUARANTINE_READ}),
    "export": frozenset({EXPORT}),
    "pii": frozenset({PII_READ}),
    "admin": frozenset({ADMIN}),
    "sharing": frozenset({SHARING}),
    "share": frozenset({SHARE_PULL, CASES_READ}),
    "evidence": frozenset({EVIDENCE_READ, EVIDENCE_WRITE}),
    "money": frozenset({MONEY_READ, MONEY_WRITE}),
    "registry": frozenset({REGISTRY_READ}),
    "metrics": frozenset({METRICS_READ}),
}

ROLE_RANK = {"registry": 0, "partner": 0, "viewer": 1, "analyst": 2, "admin": 3}

MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "cl_"


def check_role(role: str) -> str:
    """The role if it is known, else a ValidationError naming the allowed ones."""
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    """Validated, de-duplicated, sorted scopes."""
    out = sorted(set(scopes))
    unknown = [s for s in out if s not in TOKEN_SCOPES]
    if unknown or not out:
        raise ValidationError(
            f"invalid token scopes {unknown or out!r}: expected some of "
            f"{', '.join(sorted(TOKEN_SCOPES))}",
            field="scopes",
        )
    return tuple(out)


def permissions_for(role: str, scopes: Iterable[str] | None = None) -> frozenset[str]:
    """A user's permissions (``scopes`` None) or a token's: its role cut down to its scopes."""
    perms = ROLE_PERMISSIONS.get(role, frozenset())
    if scopes is None:
        return perms
    granted: set[str] = set()
    for scope in scopes:
        granted |= TOKEN_SCOPES.get(scope, frozenset())
    return perms & frozenset(granted)


def check_password_strength(password: str, username: str = "") -> None:
    """Refuse passwords an attacker would try first."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"password too short: use at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if username and username.lower() in password.lower():
        raise ValidationError("password must not contain the username", field="password")
    if len(set(password)) < 5:
        raise ValidationError("password has too few distinct characters", field="password")


_HASHER = PasswordHasher()
# Verified when the user does not exist, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; constant work whether or not the user exists."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    """A 256-bit random string, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored for a session or token secret: SHA-256 hex.

    A plain digest is enough (no salt, no slow hash) because the secret itself is
    256 random bits: nothing to brute-force, and the lookup stays one index probe.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def new_api_token() -> tuple[str, str]:
    """(token shown once to its owner, short prefix kept to recognise it in listings)."""
    prefix = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", f"{TOKEN_PREFIX}{prefix}"


def same_secret(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode(), b.encode())


def normalise_username(username: str) -> str:
    """The one canonical form of a username: Unicode NFKC, case-folded, spaces trimmed.

    Account creation, the login lookup and the login throttle all key on this, so no
    spelling of a name (``" Viewer"``, ``"VIEWER\\t"``, full-width letters) reaches the
    account while escaping its throttle. NFKC runs again after case folding because
    folding can produce characters that NFKC would compose differently.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())
    return folded.strip()


def address_key(ip: str) -> str:
    """The throttle's key for a client address: IPv4 as is, IPv6 per /64.

    One IPv6 host usually holds a whole /64 and can pick a fresh address per request; an
    IPv4-mapped IPv6 address is the IPv4 address it carries.
    """
    try:
        addr = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.IPv6Network((addr, 64), strict=False))
    return str(addr)


@dataclass
class LoginLimiter:
    """Failed-login throttle: a sliding window per username and per client address.

    In memory on purpose: it must answer before any password hashing, and losing
    it on restart only grants an attacker one more window. Usernames are keyed by
    :func:`normalise_username` (the form the account lookup uses) and addresses by
    :func:`address_key`.
    """

    per_user: int = 5
    per_ip: int = 20
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _fails: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def shared_by(cls, workers: int) -> LoginLimiter:
        """One server process's part when ``workers`` processes each keep their own
        window: the allowances are shared out (at least one attempt each), so several
        processes do not multiply an attacker's tries."""
        n = max(1, workers)
        return cls(per_user=max(1, cls.per_user // n), per_ip=max(1, cls.per_ip // n))

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, username: str, ip: str) -> int:
        """Seconds to wait before another attempt is allowed (0: allowed now)."""
        now = self.clock()
        waits = []
        with self._lock:
            for key, limit in (
                (_user_key(username), self.per_user),
                (_ip_key(ip), self.per_ip),
            ):
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(q[0] + self.window - now)
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, username: str, ip: str) -> None:
        now = self.clock()
        with self._lock:
            self._recent(_user_key(username), now).append(now)
            self._recent(_ip_key(ip), now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._fails.pop(_user_key(username), None)


def _user_key(username: str) -> str:
    return f"u:{normalise_username(username)}"


def _ip_key(ip: str) -> str:
    return f"ip:{address_key(ip)}"
