"""One audit entry per import: the entry lists the facilities it changed and the fields any
of them changed; its before and after hold a table of every facility's state. Entries
written before (one per facility) keep both columns null and are read as they were.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("facility_ids", sa.Text, nullable=True))
        batch.add_column(sa.Column("changed_fields", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("changed_fields")
        batch.drop_column("facility_ids")
