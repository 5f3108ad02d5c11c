"""team and user reference each other

Revision ID: a1
Revises: 
Create Date: 2026-01-02 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name='fk_user_team'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_foreign_key('fk_team_lead', 'team', 'user', ['lead_id'], ['id'])


def downgrade() -> None:
    op.drop_constraint('fk_team_lead', 'team', type_='foreignkey')
    op.drop_table('user')
    op.drop_table('team')
