"""backfill ticket priority and make it required

Revision ID: 1b2a233fb5e9
Revises: c69d32b26222
Create Date: 2019-05-28 11:47:30.214777

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '1b2a233fb5e9'
down_revision = 'c69d32b26222'
branch_labels = None
depends_on = None

# A lightweight table for the data update: never import the application models
# into a migration, they change after the migration is written.
tickets = sa.table(
    'tickets',
    sa.column('id', sa.Integer),
    sa.column('priority', sa.String),
)


def upgrade():
    op.execute(  # mg-expect: MG202, MG301
        tickets.update()
        .where(tickets.c.priority.is_(None))
        .values(priority='normal')
    )
    op.alter_column('tickets', 'priority',  # mg-expect: MG504
               existing_type=postgresql.ENUM('low', 'normal', 'high', 'urgent', name='ticket_priority'),
               nullable=False)


def downgrade():
    op.alter_column('tickets', 'priority',
               existing_type=postgresql.ENUM('low', 'normal', 'high', 'urgent', name='ticket_priority'),
               nullable=True)
