"""Leap seconds: a launch time of 23:59:60 (a real leap second) is stored as it is.

``mission.launch_time_leap`` says that the stored 23:59:59.x stands for 23:59:60.x: a
calendar time (Python's, SQLite's, PostgreSQL's) has no second 60.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "launch times in a leap second": "SELECT count(*) FROM mission WHERE launch_time_leap",
}


def upgrade() -> None:
    with op.batch_alter_table("mission") as batch:
        batch.add_column(
            sa.Column("launch_time_leap", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("mission") as batch:
        batch.drop_column("launch_time_leap")
