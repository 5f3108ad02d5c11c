"""drop hero_legacy

Revision ID: 066225ca8079
Revises: 491a821c50d2
Create Date: 2024-10-21 08:47:55.610234

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '066225ca8079'  # mg-expect: MG105
down_revision: Union[str, None] = '491a821c50d2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # hero_legacy was created by hand on prod during the 2023 import and was
    # never in the models.
    op.execute(  # mg-expect: MG301
        """
        DROP TABLE IF EXISTS hero_legacy;  -- mg-expect: MG302
        """
    )


def downgrade() -> None:
    op.create_table('hero_legacy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
