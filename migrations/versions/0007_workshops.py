"""Workshops: a room weighs together. A workshop (short code, title, round, open or closed,
aggregation) and one answer (weights as JSON) per participant token and round.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("aggregation", sa.String(10), nullable=False),
    )
    op.create_table(
        "workshop_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("weights", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", "round", "participant"),
    )


def downgrade() -> None:
    op.drop_table("workshop_answers")
    op.drop_table("workshops")
