"""rename organizations to accounts

Billing calls them accounts; support agreed to follow.

Revision ID: 03b33c67e94b
Revises: 1b2a233fb5e9
Create Date: 2019-07-15 08:30:55.900113

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '03b33c67e94b'
down_revision = '1b2a233fb5e9'
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table('organizations', 'accounts')  # mg-expect: MG501
    op.alter_column('users', 'organization_id', new_column_name='account_id')  # mg-expect: MG502
    op.alter_column('tickets', 'organization_id', new_column_name='account_id')  # mg-expect: MG502


def downgrade():
    op.alter_column('tickets', 'account_id', new_column_name='organization_id')
    op.alter_column('users', 'account_id', new_column_name='organization_id')
    op.rename_table('accounts', 'organizations')
