"""audit events: an index in the logboek's order (plein, time, id), so a page of a long
logboek is read in order instead of sorting the plein's whole history per request

Revision ID: 0014_logboek_order
Revises: 0013_programme
Create Date: 2026-12-02 01:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_logboek_order'
down_revision = '0013_programme'
branch_labels = None
depends_on = None


def upgrade():
    # a plain CREATE INDEX: no batch mode, which on SQLite could rebuild the table and
    # lose the triggers that keep the log append-only
    op.create_index('ix_audit_events_plein_id_created_at',
                    'audit_events', ['plein_id', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_audit_events_plein_id_created_at', table_name='audit_events')
