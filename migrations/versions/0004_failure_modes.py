"""Failure modes: what went wrong on a flight, as the ascent simulator flies it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("shutdown", "thrust_shortfall", "attitude_loss")


# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "failure_mode rows": "SELECT count(*) FROM failure_mode",
}


def upgrade() -> None:
    op.create_table(
        "failure_mode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *KINDS, name="failure_kind", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("at_s", sa.Float(), nullable=False),
        sa.Column("thrust_factor", sa.Float(), nullable=True),
        sa.Column("tumble_rate_deg_s", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint("stage >= 1", name=op.f("ck_failure_mode_stage_pos")),
        sa.CheckConstraint("at_s >= 0", name=op.f("ck_failure_mode_at_nonneg")),
        sa.CheckConstraint(
            "thrust_factor IS NULL OR (thrust_factor >= 0 AND thrust_factor < 1)",
            name=op.f("ck_failure_mode_factor_range"),
        ),
        sa.CheckConstraint(
            "kind <> 'thrust_shortfall' OR thrust_factor IS NOT NULL",
            name=op.f("ck_failure_mode_shortfall_factor"),
        ),
        sa.CheckConstraint(
            "kind <> 'attitude_loss' OR tumble_rate_deg_s IS NOT NULL",
            name=op.f("ck_failure_mode_tumble_rate"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_failure_mode_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failure_mode")),
        sa.UniqueConstraint("mission_id", "seq", name=op.f("uq_failure_mode_mission_id")),
    )


def downgrade() -> None:
    op.execute("DELETE FROM citation WHERE entity = 'failure_mode'")
    op.drop_table("failure_mode")
