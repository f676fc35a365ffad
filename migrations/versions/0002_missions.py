"""Missions: missions, their events, payloads and orbits.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "mission rows": "SELECT count(*) FROM mission",
    "mission_event rows": "SELECT count(*) FROM mission_event",
    "mission_payload rows": "SELECT count(*) FROM mission_payload",
    "payload rows": "SELECT count(*) FROM payload",
    "orbit rows": "SELECT count(*) FROM orbit",
}


def upgrade() -> None:
    op.create_table(
        "payload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("builder_id", sa.Integer(), nullable=True),
        sa.Column("mass_kg", sa.Float(), nullable=True),
        sa.Column("length_m", sa.Float(), nullable=True),
        sa.Column("width_m", sa.Float(), nullable=True),
        sa.Column("height_m", sa.Float(), nullable=True),
        sa.Column("form_factor", sa.String(length=32), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("design_life_yr", sa.Float(), nullable=True),
        sa.Column("cospar_id", sa.String(length=16), nullable=True),
        sa.Column("norad_id", sa.Integer(), nullable=True),
        sa.Column("gcat_jcat", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "design_life_yr IS NULL OR design_life_yr > 0", name=op.f("ck_payload_life_pos")
        ),
        sa.CheckConstraint("mass_kg IS NULL OR mass_kg > 0", name=op.f("ck_payload_mass_pos")),
        sa.ForeignKeyConstraint(
            ["builder_id"], ["organisation.id"], name=op.f("fk_payload_builder_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["organisation.id"], name=op.f("fk_payload_operator_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payload")),
        sa.UniqueConstraint("slug", name=op.f("uq_payload_slug")),
    )
    with op.batch_alter_table("payload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payload_gcat_jcat"), ["gcat_jcat"], unique=False)
        batch_op.create_index(batch_op.f("ix_payload_norad_id"), ["norad_id"], unique=False)

    op.create_table(
        "mission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("pad_id", sa.Integer(), nullable=True),
        sa.Column("launch_time", sa.DateTime(), nullable=True),
        sa.Column(
            "launch_time_precision",
            sa.Enum(
                "year",
                "month",
                "day",
                "hour",
                "minute",
                "second",
                name="time_precision",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "planned",
                "success",
                "partial",
                "failure",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("failed_stage", sa.Integer(), nullable=True),
        sa.Column("failure_description", sa.Text(), nullable=True),
        sa.Column("cospar_id", sa.String(length=16), nullable=True),
        sa.Column("gcat_tag", sa.String(length=16), nullable=True),
        sa.Column("flight_number", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "failed_stage IS NULL OR failed_stage >= 1", name=op.f("ck_mission_failed_stage_pos")
        ),
        sa.ForeignKeyConstraint(["pad_id"], ["pad.id"], name=op.f("fk_mission_pad_id_pad")),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_mission_site_id_site")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicle.id"], name=op.f("fk_mission_vehicle_id_vehicle")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission")),
        sa.UniqueConstraint("gcat_tag", name=op.f("uq_mission_gcat_tag")),
        sa.UniqueConstraint("slug", name=op.f("uq_mission_slug")),
    )
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.create_index("ix_mission_launch_time", ["launch_time"], unique=False)
        batch_op.create_index(batch_op.f("ix_mission_outcome"), ["outcome"], unique=False)
        batch_op.create_index(batch_op.f("ix_mission_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mission_vehicle_id"), ["vehicle_id"], unique=False)

    op.create_table(
        "mission_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("t_plus_s", sa.Float(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "liftoff",
                "ignition",
                "burnout",
                "cutoff",
                "separation",
                "fairing_jettison",
                "max_q",
                "coast",
                "anomaly",
                "payload_deploy",
                "orbit_insertion",
                "termination",
                "reentry",
                "impact",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("stage", sa.Integer(), nullable=True),
        sa.Column("nominal", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_mission_event_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_event")),
    )
    op.create_table(
        "mission_payload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("payload_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_mission_payload_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["payload_id"], ["payload.id"], name=op.f("fk_mission_payload_payload_id_payload")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_payload")),
        sa.UniqueConstraint("mission_id", "payload_id", name=op.f("uq_mission_payload_mission_id")),
    )
    op.create_table(
        "orbit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "intended",
                "achieved",
                name="orbit_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "origin",
            sa.Enum(
                "published",
                "element_set",
                "simulated",
                name="orbit_origin",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("payload_id", sa.Integer(), nullable=True),
        sa.Column("mission_id", sa.Integer(), nullable=True),
        sa.Column("epoch", sa.DateTime(), nullable=True),
        sa.Column("frame", sa.String(length=16), nullable=False),
        sa.Column("semi_major_axis_km", sa.Float(), nullable=True),
        sa.Column("eccentricity", sa.Float(), nullable=True),
        sa.Column("inclination_deg", sa.Float(), nullable=True),
        sa.Column("raan_deg", sa.Float(), nullable=True),
        sa.Column("arg_perigee_deg", sa.Float(), nullable=True),
        sa.Column("true_anomaly_deg", sa.Float(), nullable=True),
        sa.Column("perigee_km", sa.Float(), nullable=True),
        sa.Column("apogee_km", sa.Float(), nullable=True),
        sa.Column("sun_synchronous", sa.Boolean(), nullable=False),
        sa.Column("local_time_node", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "eccentricity IS NULL OR (eccentricity >= 0 AND eccentricity < 1)",
            name=op.f("ck_orbit_closed"),
        ),
        sa.CheckConstraint(
            "inclination_deg IS NULL OR inclination_deg BETWEEN 0 AND 180",
            name=op.f("ck_orbit_incl_range"),
        ),
        sa.CheckConstraint(
            "payload_id IS NOT NULL OR mission_id IS NOT NULL",
            name=op.f("ck_orbit_belongs_somewhere"),
        ),
        sa.CheckConstraint(
            "perigee_km IS NULL OR apogee_km IS NULL OR perigee_km <= apogee_km",
            name=op.f("ck_orbit_perigee_le_apogee"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_orbit_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["payload_id"],
            ["payload.id"],
            name=op.f("fk_orbit_payload_id_payload"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orbit")),
    )
    with op.batch_alter_table("orbit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orbit_mission_id"), ["mission_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orbit_payload_id"), ["payload_id"], unique=False)


def downgrade() -> None:
    # Citations of the rows dropped here would point at nothing.
    op.execute(
        "DELETE FROM citation WHERE entity IN "
        "('mission', 'mission_event', 'mission_payload', 'payload', 'orbit')"
    )
    with op.batch_alter_table("orbit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orbit_payload_id"))
        batch_op.drop_index(batch_op.f("ix_orbit_mission_id"))

    op.drop_table("orbit")
    op.drop_table("mission_payload")
    op.drop_table("mission_event")
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mission_vehicle_id"))
        batch_op.drop_index(batch_op.f("ix_mission_site_id"))
        batch_op.drop_index(batch_op.f("ix_mission_outcome"))
        batch_op.drop_index("ix_mission_launch_time")

    op.drop_table("mission")
    with op.batch_alter_table("payload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payload_norad_id"))
        batch_op.drop_index(batch_op.f("ix_payload_gcat_jcat"))

    op.drop_table("payload")
