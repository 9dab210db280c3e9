"""Robocall / call transcripts: one recording per row, channel ``robocall``.

The reference layout is the FTC "Project Point of No Entry" transcript set
(``file_name, language, transcript``, plus ``case_details, case_pdf`` in its
companion release). ``source_ref`` is the recording's name (the file name
without folder, extension or ``_normalized`` suffix), so both releases of a
recording get one id. When a file name carries the FTC's tag after
``Robocall__`` (``..._Robocall__Amazon-SuspiciousCharge.wav``) that tag is the
report's ``category``, and the voice provider named before it is kept in
``extra["provider"]``.
"""

from __future__ import annotations

import re

from crossline.domain import Location, Report
from crossline.ingest.columns import Column, ColumnSet, Row
from crossline.ingest.tabular import SYNTHETIC, Context, CsvFormat, UsFormat, iso

COLUMNS = ColumnSet(
    (
        Column(
            "file_name",
            ("filename", "file", "recording", "recording_id", "audio_file", "call_id"),
            required=True,
            doc="the recording (source_ref: its name without folder/extension)",
        ),
        Column("transcript", ("transcription", "transcript_text"), required=True,
               doc="what was said (text)"),
        Column("language", ("lang",), doc="language code of the transcript (extra)"),
        Column("caller_id", ("caller_number", "calling_number", "from_number"),
               doc="the number that showed on the phone, if known (suspect phone)"),
        Column("call_date", ("call_time", "call_datetime", "date"),
               doc="when the call was received (incident_at), ISO or M/D/Y, US Eastern"),
        SYNTHETIC,
    )
)  # fmt: skip

_EXTENSION = re.compile(r"\.(?:wav|mp3|flac|ogg|m4a|amr|opus|txt)$", re.IGNORECASE)
_TAG = re.compile(r"(Robocall__.+)$")
_PROVIDER = re.compile(r"(?:_in_|\.gen_)(.+?)_Robocall__")


def recording_name(file_name: str) -> str:
    """``data/train/58345.wav`` and ``audio-wav-16khz/58345_normalized.wav`` -> ``58345``."""
    stem = _EXTENSION.sub("", file_name.replace("\\", "/").rsplit("/", 1)[-1])
    return stem.removesuffix("_normalized")


class TranscriptsCsv(UsFormat, CsvFormat):
    """Call transcripts (one recording per row)."""

    name = "robocall_transcripts"
    description = "robocall / call transcripts CSV (file_name, transcript)"
    default_source = "ftc_robocall"
    columns = COLUMNS

    def build(self, row: Row, ctx: Context) -> Report:
        get = row.values.get
        incident = self.when(row, "call_date")
        file_name = get("file_name")
        name = recording_name(file_name) if file_name else None
        ref = name or row.content_ref({"call_date": iso(incident)})
        tag = _TAG.search(name) if name else None
        provider = _PROVIDER.search(name) if name else None
        extra = self.extra(
            row,
            ("file_name", "language"),
            provider=provider.group(1).replace("_", " ") if provider else None,
        )
        return self.report(
            row,
            ctx,
            ref,
            incident=incident,
            channel="robocall",
            text=get("transcript"),
            category=tag.group(1) if tag else None,
            victim_location=Location(country="US") if ctx.jurisdiction == "US" else Location(),
            suspects=self.suspects(row, (("caller_id", "phone"),)),
            extra=extra,
        )
