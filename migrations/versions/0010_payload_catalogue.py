"""GCAT's payload catalogue: registered and catalogued orbits, and what a payload was for.

``psatcat.tsv`` gives 16,025 payloads the orbit their state registered with the UN
(period, perigee, apogee, inclination) and most a disposal orbit of GCAT's own: orbits
gain the origins ``registered`` and ``catalogued`` and a ``period_min``. A payload gains
GCAT's programme, class, category, discipline, result, end of operations and its UN
registration (state and document), in GCAT's own codes.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("published", "element_set", "simulated")
NEW = (*OLD, "registered", "catalogued")
_PAYLOAD_COLUMNS = (
    ("programme", 200),
    ("payload_class", 8),
    ("category", 16),
    ("discipline", 32),
    ("result", 8),
    ("operations_ended", 24),
    ("un_state", 16),
    ("un_registration", 32),
)
_NEW_ORBITS = "SELECT id FROM orbit WHERE origin IN ('registered', 'catalogued')"

DISCARDS = {
    "registered and catalogued orbits": "SELECT count(*) FROM orbit "
    "WHERE origin IN ('registered', 'catalogued')",
    "orbit periods": "SELECT count(*) FROM orbit WHERE period_min IS NOT NULL "
    "AND origin NOT IN ('registered', 'catalogued')",
    "payloads' catalogue entries": "SELECT count(*) FROM payload WHERE "
    + " OR ".join(f"{name} IS NOT NULL" for name, _ in _PAYLOAD_COLUMNS),
}


def _origins(origins: tuple[str, ...]) -> None:
    name = op.f("ck_orbit_orbit_origin")
    with op.batch_alter_table("orbit") as batch:
        batch.drop_constraint(name, type_="check")
        batch.create_check_constraint(
            name, "origin IN (" + ", ".join(f"'{k}'" for k in origins) + ")"
        )


def upgrade() -> None:
    _origins(NEW)
    with op.batch_alter_table("orbit") as batch:
        batch.add_column(sa.Column("period_min", sa.Float(), nullable=True))
    with op.batch_alter_table("payload") as batch:
        for name, length in _PAYLOAD_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    op.execute(f"DELETE FROM citation WHERE entity = 'orbit' AND entity_id IN ({_NEW_ORBITS})")
    op.execute(f"DELETE FROM orbit WHERE id IN ({_NEW_ORBITS})")
    op.execute("DELETE FROM citation WHERE entity = 'orbit' AND field = 'period'")
    with op.batch_alter_table("payload") as batch:
        for name, _ in reversed(_PAYLOAD_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("orbit") as batch:
        batch.drop_column("period_min")
    _origins(OLD)
