"""add title, backfill

Revision ID: 9f8e7d6c5b4a
Revises: 0a1b2c3d4e5f
Create Date: 2026-12-07 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "9f8e7d6c5b4a"
down_revision: Union[str, None] = "0a1b2c3d4e5f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
    op.execute("""
        UPDATE posts SET title = 'untitled';
        ALTER TABLE posts ALTER COLUMN title SET NOT NULL;
        CREATE INDEX ix_posts_title ON posts (title)
    """)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=255), type_=sa.Text(), postgresql_using="email::text")
        batch_op.drop_index("ix_users_email")
    op.drop_column("users", "status")
    op.execute("DROP TYPE status")
    op.create_foreign_key(None, "posts", "users", ["user_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    for table in ("posts", "users"):
        op.execute(f"LOCK TABLE {table}")
    op.drop_column("posts", "title")
