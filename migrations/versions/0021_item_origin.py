"""roadmap: checklist items other features make carry an origin_key, by which the feature
finds them again (a signal's item was found by its title before)

Revision ID: 0021_item_origin
Revises: 0020_referrals
Create Date: 2026-12-02 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_item_origin'
down_revision = '0020_referrals'
branch_labels = None
depends_on = None

SIGNAL_TITLE = "Nieuw aanbod ontwikkelen: "


def upgrade():
    # no batch mode: on SQLite it would copy the table, and dropping the old copy with
    # foreign keys on would take its notes and completions with it
    op.add_column('checklist_items', sa.Column('origin_key', sa.String(length=80)))
    op.create_index('ix_checklist_items_plein_origin', 'checklist_items',
                    ['plein_id', 'origin_key'])
    # the items signals made so far: their title is the only trace of the word
    op.execute(sa.text(
        "UPDATE checklist_items SET origin_key = 'signal:' || substr(title, :start) "
        "WHERE default_key IS NULL AND title LIKE :prefix").bindparams(
            start=len(SIGNAL_TITLE) + 1, prefix=SIGNAL_TITLE + "%"))


def downgrade():
    op.drop_index('ix_checklist_items_plein_origin', table_name='checklist_items')
    op.execute("ALTER TABLE checklist_items DROP COLUMN origin_key")  # SQLite >= 3.35
