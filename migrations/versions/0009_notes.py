"""notes: a dated thread per checklist item and partner; the old notes text becomes its
first entry; an index for the logboek's "who" filter

Revision ID: 0009_notes
Revises: 0008_agreement_seals
Create Date: 2026-12-01 22:40:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_notes'
down_revision = '0008_agreement_seals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plein_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(item_id IS NULL) <> (partner_id IS NULL)', name=op.f('ck_notes_one_target')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notes_author_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_notes_item_id_checklist_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_notes_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plein_id'], ['pleinen.id'], name=op.f('fk_notes_plein_id_pleinen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index('ix_notes_item_id_created_at', ['item_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notes_partner_id_created_at', ['partner_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_plein_id'), ['plein_id'], unique=False)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_plein_id_user_id', ['plein_id', 'user_id'], unique=False)

    # The single notes text of every item and partner becomes the first note of its
    # thread (no author: nobody knows who wrote it), then the old column goes. Not in
    # batch mode: recreating those tables on SQLite would drop tables pointing at them;
    # SQLite >= 3.35 drops a plain column in place.
    now = datetime.now(UTC).replace(tzinfo=None)
    conn = op.get_bind()
    for table, column in (("checklist_items", "item_id"), ("partners", "partner_id")):
        conn.execute(sa.text(
            f"INSERT INTO notes (plein_id, {column}, author_id, body, created_at) "  # noqa: S608
            f"SELECT plein_id, id, NULL, notes, :now FROM {table} "
            "WHERE notes IS NOT NULL AND TRIM(notes) <> '' ORDER BY id"), {"now": now})
        op.drop_column(table, 'notes')


def downgrade():
    # The thread folds back into one text per item and partner, oldest note first.
    for table, column in (("checklist_items", "item_id"), ("partners", "partner_id")):
        op.add_column(table, sa.Column('notes', sa.Text(), nullable=False, server_default=''))
        conn = op.get_bind()
        rows = conn.execute(sa.text(
            f"SELECT {column}, body FROM notes WHERE {column} IS NOT NULL "  # noqa: S608
            "ORDER BY created_at, id")).all()
        texts = {}
        for target, body in rows:
            texts.setdefault(target, []).append(body)
        for target, bodies in texts.items():
            conn.execute(sa.text(f"UPDATE {table} SET notes = :notes WHERE id = :id"),  # noqa: S608
                         {"notes": "\n\n".join(bodies), "id": target})
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_plein_id_user_id')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_plein_id'))
        batch_op.drop_index('ix_notes_partner_id_created_at')
        batch_op.drop_index('ix_notes_item_id_created_at')
    op.drop_table('notes')
