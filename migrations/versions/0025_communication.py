"""communication: the communication plan, its target groups, the content calendar and
figures per channel

Revision ID: 0025_communication
Revises: 0024_reports
Create Date: 2026-12-02 07:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0025_communication'
down_revision = '0024_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('communication_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('responsible_id', sa.Integer(), nullable=True),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_communication_plans_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['responsible_id'], ['users.id'], name=op.f('fk_communication_plans_responsible_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_plans')),
    sa.UniqueConstraint('plein_id', name=op.f('uq_communication_plans_plein_id'))
    )
    op.create_table('communication_audiences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('age', sa.String(length=120), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('media_use', sa.Text(), nullable=False),
    sa.Column('goal', sa.String(length=300), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('goal_date', sa.Date(), nullable=False),
    sa.Column('core_message', sa.Text(), nullable=False),
    sa.Column('tone', sa.String(length=300), nullable=False),
    sa.Column('means', sa.String(length=200), nullable=False),
    sa.Column('means_other', sa.String(length=120), nullable=False),
    sa.Column('results_goal_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_communication_audiences_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['results_goal_id'], ['results_goals.id'], name=op.f('fk_communication_audiences_results_goal_id_results_goals'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_audiences'))
    )
    op.create_index(op.f('ix_communication_audiences_plein_id'), 'communication_audiences', ['plein_id'], unique=False)
    op.create_table('communication_calendar_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('buffer_on', sa.Date(), nullable=True),
    sa.Column('audience_id', sa.Integer(), nullable=True),
    sa.Column('means', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=120), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audience_id'], ['communication_audiences.id'], name=op.f('fk_communication_calendar_items_audience_id_communication_audiences'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_communication_calendar_items_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_communication_calendar_items_owner_id_users')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_communication_calendar_items_partner_id_partners')),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_communication_calendar_items_plein_id_pleinen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_calendar_items'))
    )
    for column in ('plein_id', 'on_date', 'owner_id', 'partner_id'):
        op.create_index(op.f(f'ix_communication_calendar_items_{column}'),
                        'communication_calendar_items', [column], unique=False)
    op.create_table('communication_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('audience_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['audience_id'], ['communication_audiences.id'], name=op.f('fk_communication_figures_audience_id_communication_audiences'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_communication_figures_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_communication_figures_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_figures'))
    )
    op.create_index(op.f('ix_communication_figures_plein_id'), 'communication_figures', ['plein_id'], unique=False)


def downgrade():
    op.drop_table('communication_figures')
    op.drop_table('communication_calendar_items')
    op.drop_table('communication_audiences')
    op.drop_table('communication_plans')
