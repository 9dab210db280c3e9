"""Money trails: transfers, trail tracing, mule scores, freeze requests, registry."""
