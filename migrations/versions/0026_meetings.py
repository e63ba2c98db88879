"""meetings: partneroverleg, weekstart and dagstart with who attended, agenda, notes,
decisions, and actions that are checklist items

Revision ID: 0026_meetings
Revises: 0025_communication
Create Date: 2026-12-02 07:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0026_meetings'
down_revision = '0025_communication'
branch_labels = None
depends_on = None


def upgrade():
    # new tables only: checklist_items, users and partners are referenced, never altered
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('ticked_item_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_meetings_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['ticked_item_id'], ['checklist_items.id'], name=op.f('fk_meetings_ticked_item_id_checklist_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    op.create_index('ix_meetings_plein_kind_on', 'meetings', ['plein_id', 'kind', 'on_date'])
    op.create_table('meeting_users',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_users_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_users_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'user_id', name=op.f('pk_meeting_users'))
    )
    op.create_table('meeting_partners',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_partners_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_meeting_partners_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'partner_id', name=op.f('pk_meeting_partners'))
    )
    op.create_index(op.f('ix_meeting_partners_partner_id'), 'meeting_partners', ['partner_id'])
    op.create_table('meeting_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_meeting_actions_item_id_checklist_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_actions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_meeting_actions_partner_id_partners'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_actions'))
    )
    op.create_index(op.f('ix_meeting_actions_meeting_id'), 'meeting_actions', ['meeting_id'])
    op.create_index(op.f('ix_meeting_actions_partner_id'), 'meeting_actions', ['partner_id'])


def downgrade():
    op.drop_index(op.f('ix_meeting_actions_partner_id'), table_name='meeting_actions')
    op.drop_index(op.f('ix_meeting_actions_meeting_id'), table_name='meeting_actions')
    op.drop_table('meeting_actions')
    op.drop_index(op.f('ix_meeting_partners_partner_id'), table_name='meeting_partners')
    op.drop_table('meeting_partners')
    op.drop_table('meeting_users')
    op.drop_index('ix_meetings_plein_kind_on', table_name='meetings')
    op.drop_table('meetings')
