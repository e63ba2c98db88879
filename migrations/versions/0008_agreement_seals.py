"""keyed seals for the samenwerkingscontract; append-only triggers; role separation check

Revision ID: 0008_agreement_seals
Revises: 0007_condition_removal
Create Date: 2026-12-01 22:30:00

- agreement_versions.seal/seal_key, signatures.seal_key, agreements.head_seal/head_key:
  keyed seals (plein/seal.py). Existing rows keep their unkeyed state (empty key):
  ``flask plein verify-agreements`` reports them and ``flask plein seal-agreements``
  checks them the old way and then seals them with PLEIN_SEAL_KEY. A migration does not
  seal: it would bless whatever the database holds without anyone looking.
- Triggers refuse UPDATE and DELETE of audit_events, DELETE of agreement_versions and
  signatures, and any UPDATE of them except sealing again and a signature becoming
  superseded. They stop the app, a bug or an injected statement; not the owner of the
  database, who can drop them (README: what verify can and cannot detect).
  On SQLite a table rebuilt by a later batch migration loses its triggers:
  tests/test_migrations.py checks they exist at head.
- Memberships where one person holds a library-side role and a partner membership in
  the same plein are listed as a warning here and by ``flask plein check-deploy``
  (not removed: someone must decide which role the person keeps).
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = '0008_agreement_seals'
down_revision = '0007_condition_removal'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

VERSION_FIXED = ("id", "agreement_id", "number", "canonical", "sha256", "published_at",
                 "published_by_id")
SIGNATURE_FIXED = ("id", "version_id", "partner_id", "partner_key", "user_id", "answer",
                   "signer_name", "signer_function", "reason", "fingerprint", "ip_address",
                   "user_agent", "created_at")
# a signature's status may only go from an answer to superseded, once
SIGNATURE_STATUS_SQLITE = (
    "(NEW.status IS NOT OLD.status AND NOT (OLD.status IN ('signed', 'declined') "
    "AND NEW.status = 'superseded')) "
    "OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS NOT OLD.superseded_at)")


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


SQLITE = [
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
    """CREATE TRIGGER agreement_versions_no_delete BEFORE DELETE ON agreement_versions
       BEGIN SELECT RAISE(ABORT, 'agreement_versions are never deleted'); END""",
    f"""CREATE TRIGGER agreement_versions_no_update BEFORE UPDATE ON agreement_versions
       WHEN {_changed(VERSION_FIXED)}
       BEGIN SELECT RAISE(ABORT, 'a published agreement version never changes'); END""",
    """CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
       BEGIN SELECT RAISE(ABORT, 'signatures are never deleted'); END""",
    f"""CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
       WHEN {_changed(SIGNATURE_FIXED)} OR {SIGNATURE_STATUS_SQLITE}
       BEGIN SELECT RAISE(ABORT, 'a signature only ever changes to superseded'); END""",
]
SQLITE_DROP = ["audit_events_no_update", "audit_events_no_delete",
               "agreement_versions_no_delete", "agreement_versions_no_update",
               "signatures_no_delete", "signatures_no_update"]

POSTGRESQL = [
    """CREATE FUNCTION plein_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% on % refused: append-only', TG_OP, TG_TABLE_NAME;
       END $$""",
    """CREATE FUNCTION plein_version_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF (to_jsonb(NEW) - 'seal' - 'seal_key')
            IS DISTINCT FROM (to_jsonb(OLD) - 'seal' - 'seal_key') THEN
           RAISE EXCEPTION 'a published agreement version never changes';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE FUNCTION plein_signature_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF (to_jsonb(NEW) - 'status' - 'superseded_at' - 'seal' - 'seal_key')
            IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'superseded_at' - 'seal' - 'seal_key')
            OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (
                OLD.status IN ('signed', 'declined') AND NEW.status = 'superseded'))
            OR (OLD.superseded_at IS NOT NULL
                AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at) THEN
           RAISE EXCEPTION 'a signature only ever changes to superseded';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION plein_refuse_change()""",
    """CREATE TRIGGER agreement_versions_no_delete BEFORE DELETE ON agreement_versions
       FOR EACH ROW EXECUTE FUNCTION plein_refuse_change()""",
    """CREATE TRIGGER agreement_versions_no_update BEFORE UPDATE ON agreement_versions
       FOR EACH ROW EXECUTE FUNCTION plein_version_sealed()""",
    """CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
       FOR EACH ROW EXECUTE FUNCTION plein_refuse_change()""",
    """CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
       FOR EACH ROW EXECUTE FUNCTION plein_signature_sealed()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
    "DROP TRIGGER IF EXISTS agreement_versions_no_delete ON agreement_versions",
    "DROP TRIGGER IF EXISTS agreement_versions_no_update ON agreement_versions",
    "DROP TRIGGER IF EXISTS signatures_no_delete ON signatures",
    "DROP TRIGGER IF EXISTS signatures_no_update ON signatures",
    "DROP FUNCTION IF EXISTS plein_refuse_change()",
    "DROP FUNCTION IF EXISTS plein_version_sealed()",
    "DROP FUNCTION IF EXISTS plein_signature_sealed()",
]

ROLE_CONFLICTS = sa.text(
    "SELECT u.email, p.name FROM memberships m JOIN users u ON u.id = m.user_id "
    "JOIN pleinen p ON p.id = m.plein_id WHERE m.role = 'partner' AND (u.is_admin OR "
    "EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = m.user_id "
    "AND o.plein_id = m.plein_id AND o.role IN ('lead', 'team', 'mt')))")


def upgrade():
    op.add_column('agreements', sa.Column('head_seal', sa.String(length=64), nullable=False,
                                          server_default=''))
    op.add_column('agreements', sa.Column('head_key', sa.String(length=16), nullable=False,
                                          server_default=''))
    op.add_column('agreement_versions', sa.Column('seal', sa.String(length=64),
                                                  nullable=False, server_default=''))
    op.add_column('agreement_versions', sa.Column('seal_key', sa.String(length=16),
                                                  nullable=False, server_default=''))
    op.add_column('signatures', sa.Column('seal_key', sa.String(length=16), nullable=False,
                                          server_default=''))
    bind = op.get_bind()
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)
    for email, plein in bind.execute(ROLE_CONFLICTS).all():
        log.warning("%s is partner in %s but also holds a library-side role there (or is "
                    "an admin): only one may stay. 'flask plein check-deploy' lists these.",
                    email, plein)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_DROP:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for statement in POSTGRESQL_DROP:
            op.execute(statement)
    op.drop_column('signatures', 'seal_key')
    op.drop_column('agreement_versions', 'seal_key')
    op.drop_column('agreement_versions', 'seal')
    op.drop_column('agreements', 'head_key')
    op.drop_column('agreements', 'head_seal')
