"""results: goals (doelstellingen) with an indicator, and measurements entered by hand

Revision ID: 0019_goals
Revises: 0018_desk_rota
Create Date: 2026-12-02 05:15:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_goals'
down_revision = '0018_desk_rota'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('theme_name', sa.String(length=60), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('partner_name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_results_goals_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_results_goals_owner_id_users')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_results_goals_partner_id_partners'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_results_goals_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['theme_id'], ['programme_themes.id'], name=op.f('fk_results_goals_theme_id_programme_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_goals'))
    )
    with op.batch_alter_table('results_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_goals_plein_id'), ['plein_id'], unique=False)

    op.create_table('results_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['results_goals.id'], name=op.f('fk_results_measurements_goal_id_results_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_results_measurements_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_measurements'))
    )
    with op.batch_alter_table('results_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_measurements_goal_id'), ['goal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('results_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_measurements_goal_id'))
    op.drop_table('results_measurements')
    with op.batch_alter_table('results_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_goals_plein_id'))
    op.drop_table('results_goals')
