"""Facilities with provenance, and the data-version counter.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("facility_id", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_ru", sa.Text),
        sa.Column("country", sa.String(2), nullable=False, index=True),
        sa.Column("region", sa.Text),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        sa.Column("location_confidence", sa.String(10)),
        sa.Column("commodity", sa.Text),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("volume_m3", sa.Float),
        sa.Column("mass_t", sa.Float),
        sa.Column("dry_density_t_m3", sa.Float),
        sa.Column("hazard_class_wgk", sa.Float),
        sa.Column("management", sa.String(20)),
        sa.Column("flood_hazard", sa.String(20)),
        sa.Column("seismic_pga_g", sa.Float),
        sa.Column("dam_condition", sa.String(20)),
        sa.Column("population_downstream", sa.Float),
        sa.Column("distance_to_water_km", sa.Float),
        sa.Column("protected_area_downstream", sa.String(5)),
        sa.Column("receiving_river", sa.Text),
        sa.Column("downstream_countries", sa.Text),
        sa.Column("checklist_safety_pct", sa.Float),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
    )
    op.create_table(
        "data_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("data_state")
    op.drop_table("facilities")
