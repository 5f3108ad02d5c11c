"""change

Revision ID: b2
Revises: a1
Create Date: 2026-01-02 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b2'
down_revision = 'a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""UPDATE task SET title = 'x' WHERE id = 1;
        -- the archived rows go first
        UPDATE task SET title = 'y' WHERE id = 2;

          TRUNCATE task;
    """)


def downgrade() -> None:
    pass
