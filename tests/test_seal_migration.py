"""Migration 0008: keyed seal columns, append-only triggers, the role check; and a
database of the previous release (unkeyed seals) brought up to date."""

import logging

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from plein.accounts import service as accounts
from plein.agreements import integrity
from plein.agreements import service as agreements
from plein.extensions import db
from plein.partners import service as partners
from tests.conftest import make_app, reset_schema
from tests.worlds import fill_placeholders

TRIGGERS = {"audit_events_no_update", "audit_events_no_delete",
            "agreement_versions_no_delete", "agreement_versions_no_update",
            "signatures_no_delete", "signatures_no_update"}


def test_previous_release_data_is_reported_then_sealed(tmp_path, monkeypatch):
    app = make_app(f"sqlite:///{tmp_path / 'r6.sqlite3'}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:  # a later batch migration would drop these
            names = set(conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert names >= TRIGGERS
        plein = accounts.create_plein("Oud plein", "Bieb")
        lead = accounts.create_user("lead@oud.example", "Lead", "x" * 12)
        partner_user = accounts.create_user("p@oud.example", "Partner", "x" * 12)
        accounts.add_membership(plein, lead, "lead")
        welzijn = partners.find_or_create(plein, "Welzijn")
        accounts.add_membership(plein, partner_user, "partner", welzijn)
        agreement = agreements.start(plein, by=lead)
        agreements.add_party(plein, agreement, welzijn, by=lead, confirmed=True)
        fill_placeholders(plein, agreement, lead)
        version = agreements.publish(plein, agreement, by=lead)
        signature = agreements.sign(plein, agreement, version, welzijn.id, user=partner_user,
                                    roles=frozenset({"partner"}), function="f",
                                    has_read=True)
        db.session.commit()
        legacy = integrity.legacy_seal(signature)
        db.session.remove()
        downgrade(revision="0007_condition_removal")  # the previous release's schema, with its data
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE signatures SET seal = :s"), {"s": legacy})
            # a lead who also became a partner contact before the rule existed
            conn.execute(text("INSERT INTO memberships (plein_id, user_id, role, partner_id, "
                              "created_at) VALUES (1, :u, 'partner', :p, CURRENT_TIMESTAMP)"),
                         {"u": lead.id, "p": welzijn.id})
        # (migrations/env.py's logging setup strips handlers, so listen on the call)
        warnings = []
        monkeypatch.setattr(logging.getLogger("alembic.runtime.migration"), "warning",
                            lambda message, *args: warnings.append(message % args))
        upgrade()
        assert "lead@oud.example is partner in Oud plein" in " ".join(warnings)
        runner = app.test_cli_runner()
        report = runner.invoke(args=["plein", "verify-agreements"])
        assert report.exit_code == 1 and "nog verzegeld zonder sleutel" in report.output
        deploy = runner.invoke(args=["plein", "check-deploy"])
        assert "lead@oud.example is in plein 'Oud plein' partner én werkt er voor de " \
               "bibliotheek" in deploy.output
        assert runner.invoke(args=["plein", "seal-agreements"]).exit_code == 0
        assert runner.invoke(args=["plein", "verify-agreements"]).exit_code == 0
        db.session.remove()
        reset_schema()
        db.engine.dispose()


def test_check_deploy_names_seal_key_problems(tmp_path):
    from plein import ops
    from tests.test_ops import GOOD, LOCAL_MOUNTS

    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    for changes, expected in (
            ({"SEAL_KEY": "kort"}, "zegelsleutel (PLEIN_SEAL_KEY) is te kort (4 bytes"),
            ({"SEAL_KEY_GENERATED": True}, "zelf aangemaakt in instance/; zet PLEIN_SEAL_KEY"),
            ({"SEAL_KEY": GOOD["SECRET_KEY"]}, "gelijk aan de geheime sleutel"),
            ({"SEAL_KEY": ""}, "zet PLEIN_SEAL_KEY")):
        app = make_app(url, **GOOD)
        app.config.update(changes)
        problems = ops.deploy_problems(app, LOCAL_MOUNTS)
        assert len(problems) == 1 and expected in problems[0], problems
