"""one head again: request nonces, the node's warning list and organisation scoping

Revision ID: 0017
Revises: 0011, 0015, 0016
"""

revision = "0017"
down_revision = ("0011", "0015", "0016")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the three revisions touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
