"""Crossline: a fraud-intelligence node.

A node takes in fraud complaints, call records, transcripts and money trails,
pulls out the identifiers fraudsters reuse (phone numbers, payment handles,
accounts, wallets, domains ...), links reports into campaigns and shares what
its agreements allow with partner nodes.
"""

__version__ = "0.1.0"
