"""the contract's life: dates, toetredingen (addenda), opzeggingen, reminders

Revision ID: 0012_contract_life
Revises: 0010_plan_shape
Create Date: 2026-12-02 01:20:00

- agreements: start_date, end_date, open_ended (onbepaalde tijd), evaluation_date.
- agreement_accessions and accession_answers: a new partner joins a published version
  through a sealed addendum that only it signs; agreement_withdrawals: a party leaves
  from a date, for a reason. Like versions and signatures (migration 0008), triggers
  refuse DELETE of these rows and any UPDATE except sealing again.
- contract_reminders: which reminder before an evaluation or end date was handed out.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_contract_life'
down_revision = '0010_plan_shape'
branch_labels = None
depends_on = None

SEALED_TABLES = ("agreement_accessions", "accession_answers", "agreement_withdrawals")
FIXED = {
    "agreement_accessions": ("id", "agreement_id", "version_id", "number", "partner_id",
                             "canonical", "sha256", "published_at", "published_by_id"),
    "accession_answers": ("id", "accession_id", "user_id", "answer", "signer_name",
                          "signer_function", "reason", "fingerprint", "ip_address",
                          "user_agent", "created_at"),
    "agreement_withdrawals": ("id", "agreement_id", "version_id", "partner_id", "leaves_on",
                              "reason", "canonical", "sha256", "recorded_at",
                              "recorded_by_id"),
}


def _sqlite_triggers():
    for table in SEALED_TABLES:
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED[table])
        yield (f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
               f"BEGIN SELECT RAISE(ABORT, '{table} are never deleted'); END")
        yield (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {changed} "
               f"BEGIN SELECT RAISE(ABORT, '{table} never change'); END")


POSTGRESQL_FUNCTION = """CREATE FUNCTION plein_row_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF (to_jsonb(NEW) - 'seal' - 'seal_key')
        IS DISTINCT FROM (to_jsonb(OLD) - 'seal' - 'seal_key') THEN
       RAISE EXCEPTION '% never changes (only its seal is renewed)', TG_TABLE_NAME;
     END IF;
     RETURN NEW;
   END $$"""


def _postgresql_triggers():
    yield POSTGRESQL_FUNCTION
    for table in SEALED_TABLES:
        yield (f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION plein_refuse_change()")
        yield (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION plein_row_sealed()")


def upgrade():
    op.add_column('agreements', sa.Column('start_date', sa.Date(), nullable=True))
    op.add_column('agreements', sa.Column('end_date', sa.Date(), nullable=True))
    op.add_column('agreements', sa.Column('open_ended', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.add_column('agreements', sa.Column('evaluation_date', sa.Date(), nullable=True))
    op.create_table('agreement_accessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('canonical', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('seal', sa.String(length=64), nullable=False),
    sa.Column('seal_key', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_accessions_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_agreement_accessions_partner_id_partners')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_agreement_accessions_published_by_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['agreement_versions.id'], name=op.f('fk_agreement_accessions_version_id_agreement_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_accessions')),
    sa.UniqueConstraint('agreement_id', 'number', name=op.f('uq_agreement_accessions_agreement_id_number')),
    sa.UniqueConstraint('version_id', 'partner_id', name=op.f('uq_agreement_accessions_version_id_partner_id'))
    )
    op.create_index(op.f('ix_agreement_accessions_agreement_id'), 'agreement_accessions', ['agreement_id'], unique=False)
    op.create_table('accession_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accession_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_function', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('seal', sa.String(length=64), nullable=False),
    sa.Column('seal_key', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['accession_id'], ['agreement_accessions.id'], name=op.f('fk_accession_answers_accession_id_agreement_accessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_accession_answers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accession_answers')),
    sa.UniqueConstraint('accession_id', name=op.f('uq_accession_answers_accession_id'))
    )
    op.create_table('agreement_withdrawals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('leaves_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('canonical', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('seal', sa.String(length=64), nullable=False),
    sa.Column('seal_key', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_withdrawals_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_agreement_withdrawals_partner_id_partners')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_agreement_withdrawals_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['agreement_versions.id'], name=op.f('fk_agreement_withdrawals_version_id_agreement_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_withdrawals')),
    sa.UniqueConstraint('version_id', 'partner_id', name=op.f('uq_agreement_withdrawals_version_id_partner_id'))
    )
    op.create_index(op.f('ix_agreement_withdrawals_agreement_id'), 'agreement_withdrawals', ['agreement_id'], unique=False)
    op.create_table('contract_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_contract_reminders_agreement_id_agreements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_reminders')),
    sa.UniqueConstraint('agreement_id', 'kind', 'due_on', 'days_before', name=op.f('uq_contract_reminders_agreement_id_kind_due_on_days_before'))
    )
    op.create_index(op.f('ix_contract_reminders_agreement_id'), 'contract_reminders', ['agreement_id'], unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if sqlite else _postgresql_triggers():
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in SEALED_TABLES:
        for suffix in ("no_delete", "no_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}"
                       + ("" if sqlite else f" ON {table}"))
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS plein_row_sealed()")
    op.drop_index(op.f('ix_contract_reminders_agreement_id'), table_name='contract_reminders')
    op.drop_table('contract_reminders')
    op.drop_index(op.f('ix_agreement_withdrawals_agreement_id'), table_name='agreement_withdrawals')
    op.drop_table('agreement_withdrawals')
    op.drop_table('accession_answers')
    op.drop_index(op.f('ix_agreement_accessions_agreement_id'), table_name='agreement_accessions')
    op.drop_table('agreement_accessions')
    # not in batch mode: recreating agreements on SQLite would break the tables that
    # point at it; SQLite >= 3.35 drops a plain column in place
    for column in ('evaluation_date', 'open_ended', 'end_date', 'start_date'):
        op.drop_column('agreements', column)
