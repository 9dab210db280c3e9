"""Evidence: content-addressed files, a signed hash-chained custody log, packages a court
can verify offline (with a CASE/UCO graph), and legal-assistance requests."""
