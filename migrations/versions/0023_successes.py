"""results: success stories (succesverhalen) with the partner organisations they are
about (the collector is the owner of a checklist item: no column of its own); programme:
an activity another feature made carries its origin_key (a desk signal's draft activity)

Revision ID: 0023_successes
Revises: 0022_evaluations
Create Date: 2026-12-02 07:20:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0023_successes'
down_revision = '0022_evaluations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results_successes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('story', sa.Text(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('shareable', sa.Boolean(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_results_successes_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_results_successes_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_successes'))
    )
    op.create_index(op.f('ix_results_successes_plein_id'), 'results_successes', ['plein_id'], unique=False)
    op.create_table('results_success_partners',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_results_success_partners_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['results_successes.id'], name=op.f('fk_results_success_partners_story_id_results_successes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'partner_id', name=op.f('pk_results_success_partners'))
    )
    # no batch mode: on SQLite it would copy programme_activities, and dropping the old
    # copy with foreign keys on would take its schedules and changes with it
    op.add_column('programme_activities', sa.Column('origin_key', sa.String(length=80)))


def downgrade():
    op.execute("ALTER TABLE programme_activities DROP COLUMN origin_key")  # SQLite >= 3.35
    op.drop_table('results_success_partners')
    op.drop_index(op.f('ix_results_successes_plein_id'), table_name='results_successes')
    op.drop_table('results_successes')
