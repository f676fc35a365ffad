"""Orbits keep the element set they were derived from (TLE import).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What the downgrade would throw away, counted before it runs (``archive.db.downgrade``):
# with any of it present, a downgrade is refused unless it is asked to discard.
DISCARDS = {
    "element-set orbits": "SELECT count(*) FROM orbit WHERE origin = 'element_set'",
}


def upgrade() -> None:
    with op.batch_alter_table("orbit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("element_set", sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM orbit WHERE origin = 'element_set'")
    with op.batch_alter_table("orbit", schema=None) as batch_op:
        batch_op.drop_column("element_set")
