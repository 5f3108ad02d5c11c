"""sync prod hotfix

Revision ID: aabf8097bd66
Revises: a095c6756c47
Create Date: 2024-09-12 21:03:47.554190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'aabf8097bd66'
down_revision: Union[str, None] = 'a095c6756c47'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:  # mg-expect: MG106
    pass


def downgrade() -> None:
    pass
