"""merge reporting branch

Revision ID: ff3c5b5274ad
Revises: 23e79f8b568b, 426e302366e8
Create Date: 2019-09-20 09:00:03.114520

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ff3c5b5274ad'
down_revision = ('23e79f8b568b', '426e302366e8')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
