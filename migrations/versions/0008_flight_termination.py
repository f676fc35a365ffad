"""A failure kind for flights ended by the range: loss of control, then termination.

Zhuque-2E Y3 (15 Aug 2025) lost its second stage's servo power at T+258 s and the flight
was terminated: neither a shutdown of a stage still steered nor a tumble to depletion.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("shutdown", "thrust_shortfall", "attitude_loss")
NEW = (*OLD, "termination")

DISCARDS = {
    "flight terminations": "SELECT count(*) FROM failure_mode WHERE kind = 'termination'",
}


def _kinds(kinds: tuple[str, ...]) -> None:
    name = op.f("ck_failure_mode_failure_kind")
    with op.batch_alter_table("failure_mode") as batch:
        batch.drop_constraint(name, type_="check")
        batch.create_check_constraint(name, "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")")


def upgrade() -> None:
    _kinds(NEW)


def downgrade() -> None:
    op.execute("DELETE FROM failure_mode WHERE kind = 'termination'")
    _kinds(OLD)
