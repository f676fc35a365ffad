"""Alembic migrations: the only thing that creates or changes the archive's schema."""
