"""results: evaluation moments, improvement points, the partners' questionnaire

Revision ID: 0022_evaluations
Revises: 0021_item_origin
Create Date: 2026-12-02 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_evaluations'
down_revision = '0021_item_origin'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('survey', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_results_evaluations_created_by_id_users')),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_results_evaluations_plein_id_pleinen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_evaluations'))
    )
    with op.batch_alter_table('results_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_evaluations_plein_id'), ['plein_id'], unique=False)

    op.create_table('results_evaluation_partners',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['results_evaluations.id'], name=op.f('fk_results_evaluation_partners_evaluation_id_results_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_results_evaluation_partners_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'partner_id', name=op.f('pk_results_evaluation_partners'))
    )
    op.create_table('results_evaluation_people',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['results_evaluations.id'], name=op.f('fk_results_evaluation_people_evaluation_id_results_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_results_evaluation_people_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'user_id', name=op.f('pk_results_evaluation_people'))
    )
    op.create_table('results_improvements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_results_improvements_created_by_id_users')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['results_evaluations.id'], name=op.f('fk_results_improvements_evaluation_id_results_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_results_improvements_item_id_checklist_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_improvements'))
    )
    with op.batch_alter_table('results_improvements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_improvements_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('results_partner_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=False),
    sa.Column('works', sa.Text(), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.Column('referral', sa.String(length=10), nullable=False),
    sa.Column('referral_note', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_results_partner_answers_answered_by_id_users')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['results_evaluations.id'], name=op.f('fk_results_partner_answers_evaluation_id_results_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_results_partner_answers_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_partner_answers')),
    sa.UniqueConstraint('evaluation_id', 'partner_id', name=op.f('uq_results_partner_answers_evaluation_id_partner_id'))
    )
    with op.batch_alter_table('results_partner_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_partner_answers_evaluation_id'), ['evaluation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('results_partner_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_partner_answers_evaluation_id'))

    op.drop_table('results_partner_answers')
    with op.batch_alter_table('results_improvements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_improvements_evaluation_id'))

    op.drop_table('results_improvements')
    op.drop_table('results_evaluation_people')
    op.drop_table('results_evaluation_partners')
    with op.batch_alter_table('results_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_evaluations_plein_id'))

    op.drop_table('results_evaluations')
