"""add tax rates

Seeds the rates we invoice with today; finance maintains them in the admin
afterwards.

Revision ID: caa757c86fb5
Revises: 9fa99b6e05e3
Create Date: 2024-04-22 09:30:14.018873

"""
import datetime
from decimal import Decimal
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'caa757c86fb5'
down_revision: Union[str, None] = '9fa99b6e05e3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '119de49863a3'


def upgrade() -> None:
    tax_rates = op.create_table(
        'tax_rates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('rate', sa.Numeric(precision=5, scale=4), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('country', 'valid_from', name='uq_tax_rates_country_valid_from'),
    )
    op.bulk_insert(  # mg-expect: MG202
        tax_rates,
        [
            {'id': 1, 'country': 'DE', 'rate': Decimal('0.1900'), 'valid_from': datetime.date(2021, 1, 1)},
            {'id': 2, 'country': 'FR', 'rate': Decimal('0.2000'), 'valid_from': datetime.date(2014, 1, 1)},
            {'id': 3, 'country': 'NL', 'rate': Decimal('0.2100'), 'valid_from': datetime.date(2012, 10, 1)},
        ],
    )


def downgrade() -> None:
    op.drop_table('tax_rates')
