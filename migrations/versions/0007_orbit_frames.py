"""Orbits say what kind of elements they hold; published orbits are of date.

``orbit.elements`` is ``osculating`` or ``sgp4-mean`` (an element set's own mean
elements, in TEME). Published orbits were stored with the frame GCRS by default, though a
published inclination or node is measured from the equator of date: they become TEME.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PUBLISHED = "origin NOT IN ('element_set', 'simulated')"

# The old schema would read SGP4 mean elements as osculating GCRS ones: a downgrade with
# any held is refused unless asked to discard them (they are deleted, not misread).
DISCARDS = {
    "orbits held as SGP4 mean elements": "SELECT count(*) FROM orbit WHERE elements <> 'osculating'",
}


def upgrade() -> None:
    with op.batch_alter_table("orbit") as batch:
        batch.add_column(
            sa.Column("elements", sa.String(16), nullable=False, server_default="osculating")
        )
    op.execute(f"UPDATE orbit SET frame = 'TEME' WHERE frame = 'GCRS' AND {_PUBLISHED}")


def downgrade() -> None:
    op.execute("DELETE FROM orbit WHERE elements <> 'osculating'")
    op.execute(f"UPDATE orbit SET frame = 'GCRS' WHERE frame = 'TEME' AND {_PUBLISHED}")
    with op.batch_alter_table("orbit") as batch:
        batch.drop_column("elements")
