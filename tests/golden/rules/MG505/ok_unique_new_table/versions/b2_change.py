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
    op.create_table('label',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_unique_constraint('uq_label_code', 'label', ['code'])


def downgrade() -> None:
    op.drop_constraint('uq_label_code', 'label', type_='unique')
    op.drop_table('label')
