"""STIX 2.1: records to STIX objects (mapping), bundles out (export), bundles in (ingest).

Fraud identifiers STIX lacks (phone numbers, bank accounts, payment handles such as UPI
addresses, cryptocurrency wallets) are custom SCOs declared by extension-definitions
whose JSON Schemas ship in ``schemas/`` (see :mod:`crossline.share.stix.extensions`).
"""
