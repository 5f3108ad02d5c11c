"""index customers by lower(email), concurrently

Login looks customers up case-insensitively; the old plain index is unused.
CREATE INDEX CONCURRENTLY cannot run inside a transaction, hence the
autocommit block.

Revision ID: 827a4b69c401
Revises: 119de49863a3
Create Date: 2024-03-04 08:19:44.150298

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '827a4b69c401'
down_revision: Union[str, None] = '119de49863a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            'ix_customers_email_lower',
            'customers',
            [sa.text('lower(email)')],
            unique=False,
            postgresql_concurrently=True,
        )
        op.drop_index('ix_customers_email', table_name='customers', postgresql_concurrently=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index('ix_customers_email', 'customers', ['email'], unique=False, postgresql_concurrently=True)
        op.drop_index('ix_customers_email_lower', table_name='customers', postgresql_concurrently=True)
