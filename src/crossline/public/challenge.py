"""The report form's challenge: time-based for people, proof-of-work for programs.

No third-party CAPTCHA: the node signs a challenge (nonce, issue time, difficulty)
with its own key. A form must come back no sooner than ``min_age`` seconds after it
was served (people read and type; scripts post at once) and no later than ``max_age``;
an API client must also find a ``solution`` such that SHA-256 of
``"<token>:<solution>"`` starts with ``difficulty`` zero bits (about 2**difficulty
hashes: cheap once, costly a million times).

The nonce makes the report's reference number, so the same challenge posted twice
gives the same report, never two.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from crossline.errors import ValidationError

FIELD = "challenge"


@dataclass(frozen=True, slots=True)
class Challenge:
    """A verified challenge."""

    nonce: str
    issued: float
    difficulty: int


class Challenges:
    """Issues and verifies signed challenges with one node key."""

    def __init__(
        self,
        key: bytes,
        *,
        min_age: float = 3.0,
        max_age: float = 2 * 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.key = key
        self.min_age = min_age
        self.max_age = max_age
        self.clock = clock

    def issue(self, difficulty: int = 0) -> str:
        """A new challenge token (URL-safe text)."""
        body = {"n": secrets.token_urlsafe(12), "t": round(self.clock(), 3), "d": difficulty}
        raw = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode())
        payload = raw.decode().rstrip("=")
        return f"{payload}.{self._sign(payload)}"

    def verify(
        self,
        token: str,
        solution: str = "",
        *,
        min_difficulty: int = 0,
        min_age: float | None = None,
    ) -> Challenge:
        """The challenge behind ``token``, or ValidationError saying what is wrong."""
        min_age = self.min_age if min_age is None else min_age
        payload, _, sig = (token or "").partition(".")
        if not payload or not hmac.compare_digest(sig, self._sign(payload)):
            raise ValidationError("the form's challenge is missing or altered", field=FIELD)
        try:
            body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            nonce, issued, difficulty = str(body["n"]), float(body["t"]), int(body["d"])
        except (ValueError, KeyError, TypeError) as exc:  # signed by us: cannot happen
            raise ValidationError("the form's challenge is unreadable", field=FIELD) from exc
        age = self.clock() - issued
        if age < min_age:
            raise ValidationError(
                "sent too quickly: wait a few seconds and send again",
                field=FIELD,
                expected=f"at least {min_age:g} s after the form was opened",
            )
        if age > self.max_age:
            raise ValidationError("the form expired: open it again", field=FIELD)
        if difficulty < min_difficulty:
            raise ValidationError(
                "this challenge is too easy for the API: ask /public/api/v1/challenge",
                field=FIELD,
            )
        if difficulty and not solves(token, solution, difficulty):
            raise ValidationError(
                "the proof of work does not solve the challenge",
                field="solution",
                expected=f"SHA-256('<challenge>:<solution>') starting with {difficulty} zero bits",
            )
        return Challenge(nonce, issued, difficulty)

    def _sign(self, payload: str) -> str:
        mac = hmac.new(self.key, b"public-challenge:" + payload.encode(), hashlib.sha256)
        return mac.hexdigest()[:32]


def solves(token: str, solution: str, difficulty: int) -> bool:
    """Whether SHA-256 of ``token:solution`` starts with ``difficulty`` zero bits."""
    digest = hashlib.sha256(f"{token}:{solution}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - difficulty) == 0


def solve(token: str, difficulty: int) -> str:
    """Find a solution (what a client does; ~2**difficulty hashes)."""
    counter = 0
    while not solves(token, str(counter), difficulty):
        counter += 1
    return str(counter)
