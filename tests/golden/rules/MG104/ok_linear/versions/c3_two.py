"""change

Revision ID: c3
Revises: b2
Create Date: 2026-01-02 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'c3'
down_revision = 'b2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('user', sa.Column('b', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('user', 'b')
