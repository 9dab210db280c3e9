"""Source-format readers: files in, :class:`~crossline.domain.Report` / Rejected out.

``formats.detect(path)`` picks a reader from the file's first bytes; each reader
lives in its own module (``ftc_dnc``, ``sentinel``, ``ncrp``, ``transcripts``,
``cfpb``, ``jsonl``). Readers do no extraction and no storage.
"""
