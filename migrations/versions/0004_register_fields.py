"""Fields that registers carry: the Kazakh name, the operator (subsoil user), the national
hazard class (I-V as 1-5).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(sa.Column("name_kk", sa.Text, nullable=True))
        batch.add_column(sa.Column("operator", sa.Text, nullable=True))
        batch.add_column(sa.Column("hazard_class_national", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("hazard_class_national")
        batch.drop_column("operator")
        batch.drop_column("name_kk")
