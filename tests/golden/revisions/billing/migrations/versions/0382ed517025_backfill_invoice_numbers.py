"""backfill invoice numbers

Numbers are per year: INV-2023-000123. Existing invoices get numbers in id
order, then the column becomes required.

Revision ID: 0382ed517025
Revises: 227af5deb956
Create Date: 2024-01-16 10:27:41.877014

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0382ed517025'
down_revision: Union[str, None] = '227af5deb956'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    conn = op.get_bind()  # mg-expect: MG202
    rows = conn.execute(sa.text("SELECT id, created_at FROM invoices WHERE invoice_number IS NULL ORDER BY id")).fetchall()  # mg-expect: MG202, MG301
    counters: dict[int, int] = {}  # mg-expect: MG202
    for invoice_id, created_at in rows:  # mg-expect: MG202, MG301
        year = created_at.year
        counters[year] = counters.get(year, 0) + 1
        conn.execute(
            sa.text("UPDATE invoices SET invoice_number = :number WHERE id = :id"),
            {"number": f"INV-{year}-{counters[year]:06d}", "id": invoice_id},
        )
    op.alter_column('invoices', 'invoice_number',  # mg-expect: MG504
               existing_type=sa.String(length=32),
               nullable=False)


def downgrade() -> None:
    op.alter_column('invoices', 'invoice_number',
               existing_type=sa.String(length=32),
               nullable=True)
