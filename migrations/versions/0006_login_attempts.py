"""Login attempts: every failed and successful login (name as typed, when, outcome), so
guessing is throttled per account and failed logins are on record.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("success", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
