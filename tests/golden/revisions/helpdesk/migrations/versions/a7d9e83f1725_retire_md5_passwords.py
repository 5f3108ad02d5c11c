"""retire md5 passwords, add user timezone

Every user must set a new password: the md5 hashes are dropped and all
sessions are invalidated.

Revision ID: a7d9e83f1725
Revises: 77764854c17a
Create Date: 2020-02-24 18:09:40.390552

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d9e83f1725'
down_revision = '77764854c17a'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('password_reset_required', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('users', sa.Column('timezone', sa.String(length=64), nullable=False))  # mg-expect: MG503
    op.execute(  # mg-expect: MG301
        """
        UPDATE users
        SET password_reset_required = true;
        DELETE FROM user_sessions;  -- mg-expect: MG302
        """
    )
    op.drop_column('users', 'password_md5')  # mg-expect: MG402


def downgrade():
    op.add_column('users', sa.Column('password_md5', sa.VARCHAR(length=32), autoincrement=False, nullable=True))
    op.drop_column('users', 'timezone')
    op.drop_column('users', 'password_reset_required')
