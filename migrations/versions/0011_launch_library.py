"""Launch Library 2: its ids on the rows it names, a launch's last update, the mission's orbit.

``launchlog import ll2`` carries the log past GCAT's edition. Organisations, sites (LL2's
locations), pads, vehicles (rocket configurations) and missions keep LL2's ids, so that a
second import finds them; a mission keeps LL2's ``last_updated`` (which decides whether a
newer list updates it) and the orbit LL2 names for it (LEO, SSO, GTO, ...).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = {
    "organisation": (("ll2_id", 16),),
    "site": (("ll2_id", 16),),
    "pad": (("ll2_id", 16),),
    "vehicle": (("ll2_id", 16),),
    "mission": (("ll2_id", 40), ("ll2_updated", 32), ("orbit_class", 16)),
}

DISCARDS = {
    f"{table}.{name} values": f"SELECT count(*) FROM {table} WHERE {name} IS NOT NULL"
    for table, columns in _COLUMNS.items()
    for name, _ in columns
}


def upgrade() -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, length in columns:
                batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    for table, columns in reversed(_COLUMNS.items()):
        with op.batch_alter_table(table) as batch:
            for name, _ in reversed(columns):
                batch.drop_column(name)
