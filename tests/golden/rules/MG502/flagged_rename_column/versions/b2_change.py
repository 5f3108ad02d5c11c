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
    op.alter_column('task', 'title', new_column_name='name', existing_type=sa.String(length=200))


def downgrade() -> None:
    op.alter_column('task', 'name', new_column_name='title', existing_type=sa.String(length=200))
