"""The database schema as SQLAlchemy rows (``*Row``); the domain objects built from them
(tmf.store.users.User, tmf.store.audit.AuditEntry, ...) have their own names.

The schema is created and changed only by the Alembic migrations in ``migrations/``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tmf.inventory import COLUMNS


class Base(DeclarativeBase):
    pass


class FacilityRow(Base):
    """One TMF of the inventory, with its provenance (source, confidence)."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.Text)
    name_ru: Mapped[str | None] = mapped_column(sa.Text)
    name_kk: Mapped[str | None] = mapped_column(sa.Text)
    operator: Mapped[str | None] = mapped_column(sa.Text)
    hazard_class_national: Mapped[float | None] = mapped_column(sa.Float)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    region: Mapped[str | None] = mapped_column(sa.Text)
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    location_confidence: Mapped[str | None] = mapped_column(sa.String(10))
    commodity: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20))
    volume_m3: Mapped[float | None] = mapped_column(sa.Float)
    mass_t: Mapped[float | None] = mapped_column(sa.Float)
    dry_density_t_m3: Mapped[float | None] = mapped_column(sa.Float)
    hazard_class_wgk: Mapped[float | None] = mapped_column(sa.Float)
    management: Mapped[str | None] = mapped_column(sa.String(20))
    flood_hazard: Mapped[str | None] = mapped_column(sa.String(20))
    seismic_pga_g: Mapped[float | None] = mapped_column(sa.Float)
    dam_condition: Mapped[str | None] = mapped_column(sa.String(20))
    population_downstream: Mapped[float | None] = mapped_column(sa.Float)
    distance_to_water_km: Mapped[float | None] = mapped_column(sa.Float)
    protected_area_downstream: Mapped[str | None] = mapped_column(sa.String(5))
    receiving_river: Mapped[str | None] = mapped_column(sa.Text)
    downstream_countries: Mapped[str | None] = mapped_column(sa.Text)
    checklist_safety_pct: Mapped[float | None] = mapped_column(sa.Float)
    source: Mapped[str] = mapped_column(sa.Text)
    confidence: Mapped[str] = mapped_column(sa.String(10))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    notes_ru: Mapped[str | None] = mapped_column(sa.Text)
    notes_kk: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(sa.String(80))


class DataStateRow(Base):
    """A counter raised by every write, so caches know when the inventory changed."""

    __tablename__ = "data_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class ScenarioRow(Base):
    """A named weighting saved by a user; ``query`` is its URL query (tmf.view)."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    author: Mapped[str] = mapped_column(sa.String(80))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    query: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class UploadRow(Base):
    """An inventory file as uploaded (kept byte for byte), who sent it and when."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int] = mapped_column()
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(sa.String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    mapping: Mapped[str | None] = mapped_column(sa.Text)  # the register mapping used (TOML)


class AuditRow(Base):
    """One change (import, edit, delete, checklist, profile, user, revert): who, when,
    the state before and after as JSON (null when the thing did not exist). An import is
    one row for all its facilities (tmf.store.audit: ``facility_ids``, ``changed_fields``)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    user: Mapped[str] = mapped_column(sa.String(80))
    action: Mapped[str] = mapped_column(sa.String(20))
    subject: Mapped[str] = mapped_column(sa.String(20))
    facility_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    before: Mapped[str | None] = mapped_column(sa.Text)
    after: Mapped[str | None] = mapped_column(sa.Text)
    upload_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    reverts: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_log.id"))
    facility_ids: Mapped[str | None] = mapped_column(sa.Text)  # JSON list; an entry of many facilities
    changed_fields: Mapped[str | None] = mapped_column(sa.Text)  # JSON list; the fields any of them changed


class ChecklistAnswerRow(Base):
    """One answer of the TMF Checklist for one facility (data/checklist/checklist.toml)."""

    __tablename__ = "checklist_answers"
    __table_args__ = (sa.UniqueConstraint("facility_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    question_id: Mapped[str] = mapped_column(sa.String(60))
    answer: Mapped[str] = mapped_column(sa.String(20))
    evidence: Mapped[str | None] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(sa.String(80))


class UserRow(Base):
    """A local account: bcrypt hash of the password (never the password) and a role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class ProfileRow(Base):
    """A methodology profile uploaded by an admin; the newest row is the active one."""

    __tablename__ = "methodology_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by: Mapped[str] = mapped_column(sa.String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class RegisterMappingRow(Base):
    """A named register mapping (TOML of tmf.register_options), offered for the next file
    from the same source."""

    __tablename__ = "register_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    content: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class LoginAttemptRow(Base):
    """One login attempt: the name as typed, when, and whether it succeeded."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    success: Mapped[bool] = mapped_column()


class WorkshopRow(Base):
    """A workshop where a room weighs together: a short code, its current round and whether
    that round takes answers (``open``) or is frozen (``closed``)."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(10))
    round: Mapped[int] = mapped_column()
    aggregation: Mapped[str] = mapped_column(sa.String(10))


class WorkshopAnswerRow(Base):
    """One participant's weights in one round; ``participant`` is a random token kept in the
    participant's session, never a name."""

    __tablename__ = "workshop_answers"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "round", "participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column()
    participant: Mapped[str] = mapped_column(sa.String(64))
    weights: Mapped[str] = mapped_column(sa.Text)  # JSON {criterion: weight}
    submitted_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


facilities_table = FacilityRow.__table__
INVENTORY_COLUMNS = tuple(c.name for c in COLUMNS)
