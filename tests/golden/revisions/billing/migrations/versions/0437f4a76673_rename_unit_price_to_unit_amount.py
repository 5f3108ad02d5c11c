"""rename unit_price to unit_amount

Revision ID: 0437f4a76673
Revises: 8e9f297a6cd1
Create Date: 2024-05-21 10:02:47.316658

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0437f4a76673'
down_revision: Union[str, None] = '8e9f297a6cd1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.alter_column('unit_price', new_column_name='unit_amount')  # mg-expect: MG502


def downgrade() -> None:
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.alter_column('unit_amount', new_column_name='unit_price')
