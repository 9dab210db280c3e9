"""Exchange with partner nodes: identity, agreements, markings, STIX/TAXII, sync, alerts."""
