"""Stages that come back: landing zones, each flight's landings, a stage's return figures.

Zhuque-3 Y1 (3 Dec 2025) reached orbit while its first stage flew back toward a pad in
Minqin and crashed at its edge. ``landing_zone`` holds where stages come down (with
coordinates, always); ``landing`` a stage's attempt on one flight, named after Launch
Library 2's fields; ``stage`` gains what a return flight needs (held-back propellant, the
engines of the entry and landing burns, the entry burn's altitude, the deepest throttle,
the falling stage's drag area); ``capacity`` says what it leaves for recovery.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAGE_COLUMNS = (
    ("landing_propellant_kg", sa.Float()),
    ("entry_burn_engines", sa.Integer()),
    ("landing_burn_engines", sa.Integer()),
    ("entry_burn_altitude_km", sa.Float()),
    ("min_throttle", sa.Float()),
    ("descent_drag_area_m2", sa.Float()),
)
_STAGE_FIELDS = "'landing_propellant', 'entry_burn_altitude', 'min_throttle', 'descent_drag_area'"

DISCARDS = {
    "landing zones": "SELECT count(*) FROM landing_zone",
    "landings": "SELECT count(*) FROM landing",
    "capacities with a stage recovered": "SELECT count(*) FROM capacity "
    "WHERE recovery IS NOT NULL AND recovery <> 'none'",
    "capacities' marks as expendable": "SELECT count(*) FROM capacity WHERE recovery = 'none'",
    "stages' return figures": "SELECT count(*) FROM stage WHERE "
    + " OR ".join(f"{name} IS NOT NULL" for name, _ in _STAGE_COLUMNS),
}


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    op.create_table(
        "landing_zone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("kind", _enum("landing_zone_kind", "pad", "ship", "ocean"), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("latitude_deg", sa.Float(), nullable=False),
        sa.Column("longitude_deg", sa.Float(), nullable=False),
        sa.Column("altitude_m", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "latitude_deg >= -90 AND latitude_deg <= 90",
            name=op.f("ck_landing_zone_zone_latitude_range"),
        ),
        sa.CheckConstraint(
            "longitude_deg >= -180 AND longitude_deg <= 180",
            name=op.f("ck_landing_zone_zone_longitude_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landing_zone")),
        sa.UniqueConstraint("key", name=op.f("uq_landing_zone_key")),
    )
    op.create_table(
        "landing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column(
            "outcome",
            _enum("landing_outcome", "landed", "crashed", "lost", "not_attempted"),
            nullable=False,
        ),
        sa.Column("downrange_distance_km", sa.Float(), nullable=True),
        sa.Column("miss_distance_m", sa.Float(), nullable=True),
        sa.Column("engine_out_burn", _enum("return_burn", "entry", "landing"), nullable=True),
        sa.Column("engine_out_after_s", sa.Float(), nullable=True),
        sa.Column("engines_out", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "engine_out_burn IS NULL OR (engine_out_after_s IS NOT NULL AND engines_out >= 1)",
            name=op.f("ck_landing_engine_out_complete"),
        ),
        sa.CheckConstraint("stage >= 1", name=op.f("ck_landing_stage_pos")),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_landing_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["landing_zone.id"], name=op.f("fk_landing_zone_id_landing_zone")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landing")),
        sa.UniqueConstraint("mission_id", "stage", name=op.f("uq_landing_mission_id")),
    )
    with op.batch_alter_table("landing") as batch:
        batch.create_index(batch.f("ix_landing_zone_id"), ["zone_id"], unique=False)
    with op.batch_alter_table("stage") as batch:
        for name, type_ in _STAGE_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("capacity") as batch:
        batch.add_column(
            sa.Column(
                "recovery", _enum("recovery", "none", "downrange", "launch_site"), nullable=True
            )
        )


def downgrade() -> None:
    recovered = "SELECT id FROM capacity WHERE recovery IS NOT NULL AND recovery <> 'none'"
    op.execute(f"DELETE FROM citation WHERE entity = 'capacity' AND entity_id IN ({recovered})")
    op.execute(f"DELETE FROM capacity WHERE id IN ({recovered})")
    with op.batch_alter_table("capacity") as batch:
        batch.drop_constraint(op.f("ck_capacity_recovery"), type_="check")
        batch.drop_column("recovery")
    op.execute("DELETE FROM citation WHERE entity IN ('landing', 'landing_zone')")
    op.execute(f"DELETE FROM citation WHERE entity = 'stage' AND field IN ({_STAGE_FIELDS})")
    with op.batch_alter_table("stage") as batch:
        for name, _ in reversed(_STAGE_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("landing") as batch:
        batch.drop_index(batch.f("ix_landing_zone_id"))
    op.drop_table("landing")
    op.drop_table("landing_zone")
