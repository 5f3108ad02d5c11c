"""add ticket priority

Autogenerate does not emit CREATE TYPE for an enum column added to an existing
table, so the type is created explicitly and the column uses create_type=False.

Revision ID: c69d32b26222
Revises: 38728048e3cd
Create Date: 2019-05-21 14:22:09.731554

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'c69d32b26222'
down_revision = '38728048e3cd'
branch_labels = None
depends_on = None


def upgrade():
    postgresql.ENUM('low', 'normal', 'high', 'urgent', name='ticket_priority').create(op.get_bind())
    op.add_column('tickets', sa.Column('priority', postgresql.ENUM('low', 'normal', 'high', 'urgent', name='ticket_priority', create_type=False), nullable=True))


def downgrade():
    op.drop_column('tickets', 'priority')
    postgresql.ENUM(name='ticket_priority').drop(op.get_bind())
