"""replace the placeholder name

Revision ID: a1
Revises:
Create Date: 2026-01-02 00:00:00

The escape below is a lone surrogate: Python keeps it in the str, but no UTF-8 encoder (psycopg2's
nor PostgreSQL's) will send it, so the SQL cannot be read as SQL. It is still hand-written SQL.
"""
from alembic import op

revision = 'a1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE account SET name = 'unnamed' WHERE name = '\udc80'")


def downgrade() -> None:
    pass
