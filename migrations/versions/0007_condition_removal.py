"""review_conditions: who deleted a condition's checklist item, when and why

Revision ID: 0007_condition_removal
Revises: 0006_security
Create Date: 2026-12-01 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_condition_removal'
down_revision = '0006_security'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_conditions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removed_reason', sa.String(length=300),
                                      nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_review_conditions_removed_by_id_users'),
                                    'users', ['removed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('review_conditions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_conditions_removed_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('removed_reason')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')
