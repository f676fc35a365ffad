"""The archive at GCAT scale: launch country, provider and code; facts GCAT does not give; tallies.

* ``mission.country`` (GCAT's LVState), ``mission.provider_id`` (the launching agency) and
  ``mission.gcat_launch_code`` (GCAT's outcome code kept verbatim, e.g. ``OF40``).
* ``pad.kind``, ``vehicle.status`` and ``site.altitude_m`` become nullable: GCAT does not
  record them, and an unknown is stored as unknown, not as a guessed default.
* Indexes for the statistics, and ``launch_tally``: launch counts per year, country and
  family, rebuilt in every write transaction that touches missions, so that the
  archive-wide statistics read a few hundred rows instead of scanning every launch.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAD_KINDS = ("fixed", "mobile")
STATUSES = ("planned", "active", "retired")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "mission.country values": "SELECT count(*) FROM mission WHERE country IS NOT NULL",
    "mission.provider_id values": "SELECT count(*) FROM mission WHERE provider_id IS NOT NULL",
    "mission.gcat_launch_code values": (
        "SELECT count(*) FROM mission WHERE gcat_launch_code IS NOT NULL"
    ),
}
# What it cannot take back at all: rows that only this revision can hold.
BLOCKERS = {
    "site rows without an altitude": "SELECT count(*) FROM site WHERE altitude_m IS NULL",
    "vehicle rows without a status": "SELECT count(*) FROM vehicle WHERE status IS NULL",
    "pad rows without a kind": "SELECT count(*) FROM pad WHERE kind IS NULL",
}


def upgrade() -> None:
    with op.batch_alter_table("mission") as batch:
        batch.add_column(sa.Column("country", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("provider_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("gcat_launch_code", sa.String(length=8), nullable=True))
        batch.create_foreign_key(
            op.f("fk_mission_provider_id_organisation"), "organisation", ["provider_id"], ["id"]
        )
        batch.create_index("ix_mission_vehicle_launch", ["vehicle_id", "launch_time"])
        batch.create_index("ix_mission_site_outcome", ["site_id", "outcome", "launch_time"])
        batch.create_index("ix_mission_provider_outcome", ["provider_id", "outcome", "launch_time"])
    with op.batch_alter_table("pad") as batch:
        batch.alter_column(
            "kind",
            existing_type=_enum(PAD_KINDS, "pad_kind"),
            nullable=True,
        )
    with op.batch_alter_table("vehicle") as batch:
        batch.alter_column(
            "status",
            existing_type=_enum(STATUSES, "vehicle_status"),
            nullable=True,
        )
    with op.batch_alter_table("site") as batch:
        batch.alter_column("altitude_m", existing_type=sa.Float(), nullable=True)
    with op.batch_alter_table("mission_payload") as batch:
        batch.create_index("ix_mission_payload_payload_id", ["payload_id"])
    op.create_table(
        "launch_tally",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("bucket", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("launches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "bucket", "outcome", name=op.f("pk_launch_tally")),
    )
    from archive.tally import refresh_tally  # the same SQL the writers run

    refresh_tally(op.get_bind())


def downgrade() -> None:
    op.drop_table("launch_tally")
    with op.batch_alter_table("mission_payload") as batch:
        batch.drop_index("ix_mission_payload_payload_id")
    # Rows that only this revision can hold (unknown altitude, status or pad kind: GCAT's)
    # cannot go back; say so rather than invent values.
    bind = op.get_bind()
    for table, column in (("site", "altitude_m"), ("vehicle", "status"), ("pad", "kind")):
        n = bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {column} IS NULL")).scalar()
        if n:
            raise RuntimeError(
                f"cannot downgrade below 0005: {n} {table} rows have no {column} "
                "(imported from GCAT, which does not record it); delete them first"
            )
    with op.batch_alter_table("site") as batch:
        batch.alter_column("altitude_m", existing_type=sa.Float(), nullable=False)
    with op.batch_alter_table("vehicle") as batch:
        batch.alter_column(
            "status",
            existing_type=_enum(STATUSES, "vehicle_status"),
            nullable=False,
        )
    with op.batch_alter_table("pad") as batch:
        batch.alter_column(
            "kind",
            existing_type=_enum(PAD_KINDS, "pad_kind"),
            nullable=False,
        )
    with op.batch_alter_table("mission") as batch:
        batch.drop_index("ix_mission_provider_outcome")
        batch.drop_index("ix_mission_site_outcome")
        batch.drop_index("ix_mission_vehicle_launch")
        batch.drop_constraint(op.f("fk_mission_provider_id_organisation"), type_="foreignkey")
        batch.drop_column("gcat_launch_code")
        batch.drop_column("provider_id")
        batch.drop_column("country")
