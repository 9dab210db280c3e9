"""Shared test fixtures and helpers: self-built nodes (API, money, ops, sharing), seed
data, the database under test (``testdb``) and fault injection."""
