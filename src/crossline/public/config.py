"""Settings of the citizens' site (limits, challenge, answer ceiling)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from crossline.errors import ConfigError
from crossline.public.limits import Limit
from crossline.share.markings import TLP_GREEN


@dataclass(frozen=True)
class PublicConfig:
    """How the citizens' site behaves; the defaults suit a node facing the internet.

    ``check_floor``: every check answers no sooner than this many seconds after it
    arrived, so its timing does not tell a known value from an unknown one.
    ``size_quantum``: answers are padded to a multiple of this many bytes, for the same
    reason. ``ceiling``: the most restrictive marking whose reports may be counted.
    """

    check_limit: Limit = field(default_factory=lambda: Limit(per_address=10, overall=1200))
    report_limit: Limit = field(
        default_factory=lambda: Limit(per_address=5, overall=120, window=600.0)
    )
    check_floor: float = 0.05
    size_quantum: int = 2048
    ceiling: str = TLP_GREEN
    form_min_age: float = 3.0
    api_difficulty: int = 18
    max_upload_bytes: int = 2 * 1024 * 1024
    max_body_bytes: int = 3 * 1024 * 1024
    max_text_chars: int = 4000

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> PublicConfig:
        """The defaults, changed by ``CROSSLINE_PUBLIC_CHECK_LIMIT`` ("per address,overall"
        per minute), ``CROSSLINE_PUBLIC_REPORT_LIMIT`` (per 10 minutes) and
        ``CROSSLINE_PUBLIC_CHECK_FLOOR`` (seconds)."""
        env = dict(os.environ if env is None else env)
        config = cls()
        try:
            if "CROSSLINE_PUBLIC_CHECK_LIMIT" in env:
                mine, overall = env["CROSSLINE_PUBLIC_CHECK_LIMIT"].split(",")
                config = replace(config, check_limit=Limit(int(mine), int(overall)))
            if "CROSSLINE_PUBLIC_REPORT_LIMIT" in env:
                mine, overall = env["CROSSLINE_PUBLIC_REPORT_LIMIT"].split(",")
                config = replace(config, report_limit=Limit(int(mine), int(overall), window=600.0))
            if "CROSSLINE_PUBLIC_CHECK_FLOOR" in env:
                config = replace(config, check_floor=float(env["CROSSLINE_PUBLIC_CHECK_FLOOR"]))
        except ValueError as exc:
            raise ConfigError(
                f"bad citizens' site setting: {exc}",
                expected="CROSSLINE_PUBLIC_CHECK_LIMIT=10,1200; CROSSLINE_PUBLIC_CHECK_FLOOR=0.05",
            ) from exc
        return config
