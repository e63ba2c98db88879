"""programme links: the secret links of the TV screen, the public programme, the plein's
iCal feed and each person's own iCal feed (only the token's SHA-256 is stored)

Revision ID: 0017_programme_links
Revises: 0016_tallies
Create Date: 2026-12-02 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_programme_links'
down_revision = '0016_tallies'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('show_desk_names', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_programme_links_created_by_id_users')),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_programme_links_plein_id_pleinen')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_links')),
    sa.UniqueConstraint('plein_id', 'kind', name=op.f('uq_programme_links_plein_id_kind')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_programme_links_token_hash')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_programme_links_user_id_kind'))
    )
    with op.batch_alter_table('programme_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_links_plein_id'), ['plein_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_links_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('programme_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_links_user_id'))
        batch_op.drop_index(batch_op.f('ix_programme_links_plein_id'))

    op.drop_table('programme_links')
