"""add ticket_stats view

Starts the reporting branch: views for the BI dashboards, owned by the data team.

Revision ID: 00ec9b2627ec
Revises: 03b33c67e94b
Create Date: 2019-08-19 13:14:51.377402

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '00ec9b2627ec'
down_revision = '03b33c67e94b'
branch_labels = ('reporting',)
depends_on = None


def upgrade():
    op.execute(  # mg-expect: MG301
        """
        CREATE VIEW ticket_stats AS
        SELECT account_id, status, count(*) AS ticket_count
        FROM tickets
        GROUP BY account_id, status
        """
    )


def downgrade():
    op.execute("DROP VIEW ticket_stats")  # mg-expect: MG301
