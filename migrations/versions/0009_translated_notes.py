"""The record's notes in Russian and Kazakh, shown on the pages in those languages (the
English notes stay the record's own: what is estimated is read from them).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(sa.Column("notes_ru", sa.Text, nullable=True))
        batch.add_column(sa.Column("notes_kk", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("notes_kk")
        batch.drop_column("notes_ru")
