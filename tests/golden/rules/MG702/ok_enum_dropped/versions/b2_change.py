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
    op.create_table('ticket',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('bug', 'feature', name='ticket_kind'), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('ticket')
    sa.Enum(name='ticket_kind').drop(op.get_bind())
