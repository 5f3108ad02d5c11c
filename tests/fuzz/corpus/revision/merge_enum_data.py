"""merge heads

Revision ID: 1234abcd5678
Revises: 0a1b2c3d4e5f, 9f8e7d6c5b4a
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '1234abcd5678'
down_revision = ('0a1b2c3d4e5f', '9f8e7d6c5b4a')
branch_labels = ('billing',)
depends_on = None

mood = postgresql.ENUM('happy', 'sad', name='mood', create_type=False)


def upgrade():
    mood.create(op.get_bind(), checkfirst=True)
    op.alter_column('users', 'email', nullable=True, server_default=sa.text("''"))
    op.create_index(op.f('ix_posts_user_id'), 'posts', ['user_id'], unique=False, postgresql_concurrently=True)
    op.rename_table('posts', 'articles')
    op.create_check_constraint('ck_users_email', 'users', sa.column('email') != '')
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM users"))
    op.bulk_insert(sa.table('users', sa.column('id', sa.Integer)), [{'id': 1}])


def downgrade():
    op.rename_table('articles', 'posts')
    op.drop_index(op.f('ix_posts_user_id'), table_name='posts')
