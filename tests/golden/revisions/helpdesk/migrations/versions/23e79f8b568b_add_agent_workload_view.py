"""add agent_workload view

Revision ID: 23e79f8b568b
Revises: 00ec9b2627ec
Create Date: 2019-09-09 10:58:26.019384

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '23e79f8b568b'
down_revision = '00ec9b2627ec'
branch_labels = None
# the view reads ticket_comments.id as BIGINT
depends_on = 'a48c7c3c213d'


def upgrade():
    op.execute(sa.text(  # mg-expect: MG301
        "CREATE VIEW agent_workload AS "
        "SELECT t.assignee_id, count(DISTINCT t.id) AS open_tickets, max(c.id) AS last_comment_id "
        "FROM tickets t LEFT JOIN ticket_comments c ON c.ticket_id = t.id "
        "WHERE t.status <> 'closed' GROUP BY t.assignee_id"
    ))


def downgrade():
    op.execute(sa.text("DROP VIEW agent_workload"))  # mg-expect: MG301
