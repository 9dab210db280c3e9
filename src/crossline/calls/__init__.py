"""Robocall and scam-call-centre analytics: call records, spoofing, campaigns, traceback.

Modules, each with one job:

- :mod:`~crossline.calls.schema` the CDR schema; :mod:`~crossline.calls.cdr` its import
  from CSV/Parquet (each batch's rows checked by :mod:`~crossline.calls.cdr_rows`);
  :mod:`~crossline.calls.store` the Parquet + DuckDB store;
- :mod:`~crossline.calls.numbering` E.164 parsing and numbering-plan validity at scale;
  :mod:`~crossline.calls.spoofing` the spoofing signs and the protected-number list;
- :mod:`~crossline.calls.features` caller, trunk and carrier features (DuckDB SQL);
  :mod:`~crossline.calls.campaigns` campaigns by shared infrastructure;
- :mod:`~crossline.calls.content` near-duplicate scripts (the content link type);
  :mod:`~crossline.calls.transcripts` transcript campaigns and their evaluation;
- :mod:`~crossline.calls.traceback` chains, scorecard and next-hop requests;
  :mod:`~crossline.calls.tracestore` their storage;
- :mod:`~crossline.calls.synthetic` seeded synthetic CDRs with planted campaigns;
  :mod:`~crossline.calls.evaluation` scoring against their ground truth;
- :mod:`~crossline.calls.analysis` the use cases the CLI calls.

See ``docs/calls.md``.
"""
