"""programme: the lead can hide an activity with a reason (when, why, by whom); a hidden
activity stays in the programme but is left out of what partners and the public see

Revision ID: 0015_activity_hiding
Revises: 0014_logboek_order
Create Date: 2026-12-02 04:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_activity_hiding'
down_revision = '0014_logboek_order'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programme_activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_programme_activities_hidden_by_id_users'), 'users',
            ['hidden_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('programme_activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_programme_activities_hidden_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')
