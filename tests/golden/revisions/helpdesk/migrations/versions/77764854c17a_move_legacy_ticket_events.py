"""move legacy ticket events into ticket_events

Copies the events we still show in the ticket timeline, then drops the old
table. Events older than two years were purged from the legacy table first
(agreed with legal, see SUP-1412).

Revision ID: 77764854c17a
Revises: ff3c5b5274ad
Create Date: 2020-01-13 12:31:07.847111

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '77764854c17a'
down_revision = 'ff3c5b5274ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_events',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_ticket_events_ticket_id_created_at', 'ticket_events', ['ticket_id', 'created_at'], unique=False)
    op.execute(  # mg-expect: MG301
        """
        DELETE FROM ticket_events_legacy
        WHERE occurred_at < now() - interval '2 years';
        INSERT INTO ticket_events (ticket_id, kind, payload, created_at)
        SELECT ticket_id, coalesce(event_type, 'unknown'), payload::jsonb, occurred_at
        FROM ticket_events_legacy;
        """
    )
    op.drop_table('ticket_events_legacy')  # mg-expect: MG401


def downgrade():
    op.create_table('ticket_events_legacy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=True),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute(  # mg-expect: MG301
        """
        INSERT INTO ticket_events_legacy (ticket_id, event_type, payload, occurred_at)
        SELECT ticket_id, kind, payload::text, created_at
        FROM ticket_events
        """
    )
    op.drop_index('ix_ticket_events_ticket_id_created_at', table_name='ticket_events')
    op.drop_table('ticket_events')
