"""an index on what each partner has sent (partner, STIX id): an object received again,
by push or by pull, is found whichever collection first kept it

Revision ID: 0028
Revises: 0027
"""

from crossline.store.migrations.ddl import Indexes, Step, reversible

revision = "0028"
down_revision = "0027"


def steps() -> list[Step]:
    return [Indexes("stix_objects", {"ix_stix_objects_partner": ["partner", "stix_id"]})]


upgrade, downgrade = reversible(steps)
