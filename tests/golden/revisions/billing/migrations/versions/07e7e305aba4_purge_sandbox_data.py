"""purge sandbox data before go-live

The sandbox tenant (customer id 1) was used for the payment provider
certification. Its invoices go; the webhook log is reset.

Revision ID: 07e7e305aba4
Revises: 6cae15d947a3
Create Date: 2024-06-24 07:58:31.004419

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '07e7e305aba4'
down_revision: Union[str, None] = '6cae15d947a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(  # mg-expect: MG301
        """
        DELETE FROM payments
        WHERE invoice_id IN (SELECT id FROM invoices WHERE customer_id = 1);
        DELETE FROM invoices WHERE customer_id = 1;
        TRUNCATE TABLE webhook_deliveries;  -- mg-expect: MG302
        """
    )


def downgrade() -> None:
    # Deleted data cannot be restored.
    pass
