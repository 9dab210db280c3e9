"""The read model: what every face (CLI, API, web) shows, one module per entity.

- :mod:`.rows`: row -> dict converters shared by the modules below (no queries).
- :mod:`.campaigns`: campaign list and detail, their reports, values, graph, timeline, map.
- :mod:`.indicators`: value lookup, sightings, a value's neighbourhood.
- :mod:`.reports`: report search and detail.
- :mod:`.dashboard`: counts and aggregates.
- :mod:`.imports`: imports, upload jobs and the quarantine.

Every function takes an open connection and returns plain dicts; filters and limits
are applied in SQL, so a store of millions of reports is never loaded to be filtered.
Victim PII only ever leaves through :func:`.reports.report_detail`, under its own key.
"""
