"""merge heads

Revision ID: d4
Revises: b2, c3
Create Date: 2026-01-02 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'd4'
down_revision = ('b2', 'c3')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
