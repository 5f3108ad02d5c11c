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
    op.alter_column('task', 'title', existing_type=sa.String(length=200), type_=sa.String(length=500))


def downgrade() -> None:
    op.alter_column('task', 'title', existing_type=sa.String(length=500), type_=sa.String(length=200))
