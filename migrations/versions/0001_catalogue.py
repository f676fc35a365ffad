"""Catalogue: sources and citations, organisations, sites and pads, vehicles, stages, engines, capacities.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "source rows": "SELECT count(*) FROM source",
    "organisation rows": "SELECT count(*) FROM organisation",
    "site rows": "SELECT count(*) FROM site",
    "pad rows": "SELECT count(*) FROM pad",
    "engine rows": "SELECT count(*) FROM engine",
    "vehicle_family rows": "SELECT count(*) FROM vehicle_family",
    "vehicle rows": "SELECT count(*) FROM vehicle",
    "stage rows": "SELECT count(*) FROM stage",
    "stage_engine rows": "SELECT count(*) FROM stage_engine",
    "capacity rows": "SELECT count(*) FROM capacity",
}


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("gcat_code", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("key", name=op.f("uq_organisation_key")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_gcat_code"), ["gcat_code"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
    )
    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "NOT is_estimate OR note IS NOT NULL", name=op.f("ck_citation_estimate_has_method")
        ),
        sa.CheckConstraint(
            "source_id IS NOT NULL OR is_estimate", name=op.f("ck_citation_sourced_or_estimate")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_citation_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index("ix_citation_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "engine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column("propellants", sa.String(length=100), nullable=True),
        sa.Column("cycle", sa.String(length=64), nullable=True),
        sa.Column("thrust_sl_n", sa.Float(), nullable=True),
        sa.Column("thrust_vac_n", sa.Float(), nullable=True),
        sa.Column("isp_sl_s", sa.Float(), nullable=True),
        sa.Column("isp_vac_s", sa.Float(), nullable=True),
        sa.Column("nozzle_exit_area_m2", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "isp_sl_s IS NULL OR isp_sl_s >= 0", name=op.f("ck_engine_isp_sl_nonneg")
        ),
        sa.CheckConstraint(
            "isp_vac_s IS NULL OR isp_vac_s > 0", name=op.f("ck_engine_isp_vac_pos")
        ),
        sa.CheckConstraint(
            "thrust_sl_n IS NULL OR thrust_sl_n >= 0", name=op.f("ck_engine_thrust_sl_nonneg")
        ),
        sa.CheckConstraint(
            "thrust_vac_n IS NULL OR thrust_vac_n > 0", name=op.f("ck_engine_thrust_vac_pos")
        ),
        sa.ForeignKeyConstraint(
            ["manufacturer_id"],
            ["organisation.id"],
            name=op.f("fk_engine_manufacturer_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engine")),
        sa.UniqueConstraint("key", name=op.f("uq_engine_key")),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("latitude_deg", sa.Float(), nullable=False),
        sa.Column("longitude_deg", sa.Float(), nullable=False),
        sa.Column("altitude_m", sa.Float(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("gcat_code", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("latitude_deg BETWEEN -90 AND 90", name=op.f("ck_site_latitude_range")),
        sa.CheckConstraint(
            "longitude_deg BETWEEN -180 AND 180", name=op.f("ck_site_longitude_range")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["organisation.id"], name=op.f("fk_site_operator_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("key", name=op.f("uq_site_key")),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_gcat_code"), ["gcat_code"], unique=False)

    op.create_table(
        "vehicle_family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["manufacturer_id"],
            ["organisation.id"],
            name=op.f("fk_vehicle_family_manufacturer_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle_family")),
        sa.UniqueConstraint("key", name=op.f("uq_vehicle_family_key")),
    )
    op.create_table(
        "pad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "fixed",
                "mobile",
                name="pad_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("latitude_deg", sa.Float(), nullable=True),
        sa.Column("longitude_deg", sa.Float(), nullable=True),
        sa.Column("altitude_m", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_pad_site_id_site"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pad")),
        sa.UniqueConstraint("site_id", "key", name=op.f("uq_pad_site_id")),
    )
    op.create_table(
        "vehicle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=64), nullable=True),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "active",
                "retired",
                name="vehicle_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("height_m", sa.Float(), nullable=True),
        sa.Column("diameter_m", sa.Float(), nullable=True),
        sa.Column("liftoff_mass_kg", sa.Float(), nullable=True),
        sa.Column("liftoff_thrust_n", sa.Float(), nullable=True),
        sa.Column("propellants", sa.String(length=100), nullable=True),
        sa.Column("fairing_mass_kg", sa.Float(), nullable=True),
        sa.Column("fairing_diameter_m", sa.Float(), nullable=True),
        sa.Column("first_flight", sa.Date(), nullable=True),
        sa.Column("announced_first_flight", sa.String(length=32), nullable=True),
        sa.Column("gcat_name", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "diameter_m IS NULL OR diameter_m > 0", name=op.f("ck_vehicle_diameter_pos")
        ),
        sa.CheckConstraint(
            "fairing_mass_kg IS NULL OR fairing_mass_kg >= 0",
            name=op.f("ck_vehicle_fairing_nonneg"),
        ),
        sa.CheckConstraint("height_m IS NULL OR height_m > 0", name=op.f("ck_vehicle_height_pos")),
        sa.CheckConstraint(
            "liftoff_mass_kg IS NULL OR liftoff_mass_kg > 0", name=op.f("ck_vehicle_mass_pos")
        ),
        sa.CheckConstraint(
            "liftoff_thrust_n IS NULL OR liftoff_thrust_n > 0", name=op.f("ck_vehicle_thrust_pos")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["vehicle_family.id"], name=op.f("fk_vehicle_family_id_vehicle_family")
        ),
        sa.ForeignKeyConstraint(
            ["manufacturer_id"],
            ["organisation.id"],
            name=op.f("fk_vehicle_manufacturer_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle")),
        sa.UniqueConstraint("key", name=op.f("uq_vehicle_key")),
    )
    with op.batch_alter_table("vehicle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicle_gcat_name"), ["gcat_name"], unique=False)

    op.create_table(
        "capacity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("orbit_class", sa.String(length=16), nullable=False),
        sa.Column("altitude_km", sa.Float(), nullable=True),
        sa.Column("inclination_deg", sa.Float(), nullable=True),
        sa.Column("mass_kg", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "inclination_deg IS NULL OR inclination_deg BETWEEN 0 AND 180",
            name=op.f("ck_capacity_incl_range"),
        ),
        sa.CheckConstraint("mass_kg > 0", name=op.f("ck_capacity_mass_pos")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicle.id"],
            name=op.f("fk_capacity_vehicle_id_vehicle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity")),
    )
    op.create_table(
        "stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("propellants", sa.String(length=100), nullable=True),
        sa.Column("dry_mass_kg", sa.Float(), nullable=True),
        sa.Column("propellant_mass_kg", sa.Float(), nullable=True),
        sa.Column("burn_time_s", sa.Float(), nullable=True),
        sa.Column("length_m", sa.Float(), nullable=True),
        sa.Column("diameter_m", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "burn_time_s IS NULL OR burn_time_s > 0", name=op.f("ck_stage_burn_pos")
        ),
        sa.CheckConstraint("dry_mass_kg IS NULL OR dry_mass_kg > 0", name=op.f("ck_stage_dry_pos")),
        sa.CheckConstraint("number >= 0", name=op.f("ck_stage_number_nonneg")),
        sa.CheckConstraint(
            "propellant_mass_kg IS NULL OR propellant_mass_kg > 0", name=op.f("ck_stage_prop_pos")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicle.id"],
            name=op.f("fk_stage_vehicle_id_vehicle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage")),
        sa.UniqueConstraint("vehicle_id", "number", name=op.f("uq_stage_vehicle_id")),
    )
    op.create_table(
        "stage_engine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("engine_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.CheckConstraint("count >= 1", name=op.f("ck_stage_engine_count_pos")),
        sa.ForeignKeyConstraint(
            ["engine_id"], ["engine.id"], name=op.f("fk_stage_engine_engine_id_engine")
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"],
            ["stage.id"],
            name=op.f("fk_stage_engine_stage_id_stage"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_engine")),
        sa.UniqueConstraint("stage_id", "engine_id", name=op.f("uq_stage_engine_stage_id")),
    )


def downgrade() -> None:
    op.drop_table("stage_engine")
    op.drop_table("stage")
    op.drop_table("capacity")
    with op.batch_alter_table("vehicle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicle_gcat_name"))

    op.drop_table("vehicle")
    op.drop_table("pad")
    op.drop_table("vehicle_family")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_gcat_code"))

    op.drop_table("site")
    op.drop_table("engine")
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index("ix_citation_entity")

    op.drop_table("citation")
    op.drop_table("source")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_gcat_code"))

    op.drop_table("organisation")
