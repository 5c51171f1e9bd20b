"""Register mappings: the choices made for one register file (sheet, header row, column
mapping, units, values set for every row, ignored columns) kept as TOML with the original
file, and named mappings offered for the next file from the same source.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("mapping", sa.Text, nullable=True))
    op.create_table(
        "register_mappings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("register_mappings")
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("mapping")
