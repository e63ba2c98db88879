"""The schema comes only from migrations, and migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from plein.extensions import db
from tests.conftest import copy_database, make_app, reset_schema


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations; run flask db migrate: {diff}"


def test_upgrade_on_an_empty_database_creates_every_table(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        assert "alembic_version" in tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        reset_schema()
        db.engine.dispose()


def test_upgrade_from_the_previous_release_keeps_data_and_seeds_the_roadmap(tmp_path):
    """A database of release 0001 (accounts only) with a plein in it upgrades, and that
    plein gets the default checklist."""
    from sqlalchemy import text

    from plein.roadmap.defaults import DEFAULTS

    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with app.app_context():
        upgrade(revision="0001_foundation")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO pleinen (name, organisation, location, current_phase, created_at,"
                " version_id) VALUES ('Oud plein', 'Bieb', '', 'orientation',"
                " '2026-06-01 10:00:00', 1)"))
        upgrade()
        with db.engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM checklist_items")).scalar()
            name = conn.execute(text("SELECT name FROM pleinen")).scalar()
        assert name == "Oud plein"
        assert count == sum(len(items) for items in DEFAULTS.values())
        db.engine.dispose()


def test_upgrade_from_release_0004_keeps_checklist_items_and_adds_the_plan(tmp_path):
    """A plein of release 0004 keeps its items (with no origin) and gets an empty plan
    area; its oriëntatie gate now also asks for the MT's support."""
    from sqlalchemy import text

    app = make_app(f"sqlite:///{tmp_path / 'r4.sqlite3'}")
    with app.app_context():
        upgrade(revision="0004_agreements")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO pleinen (name, organisation, location, current_phase, created_at,"
                " version_id) VALUES ('Plein 4', 'Bieb', '', 'orientation',"
                " '2026-09-01 10:00:00', 1)"))
            conn.execute(text(
                "INSERT INTO checklist_items (plein_id, phase, position, title, guidance,"
                " required, status, na_reason, notes, evidence, created_at, version_id)"
                " VALUES (1, 'orientation', 99, 'Oud punt', '', 0, 'open', '', '', '',"
                " '2026-09-01 10:00:00', 1)"))
        upgrade()
        with db.engine.connect() as conn:
            origin = conn.execute(text(
                "SELECT origin_url FROM checklist_items WHERE title = 'Oud punt'")).one()
            plans = conn.execute(text("SELECT count(*) FROM plans")).scalar()
        assert origin == (None,) and plans == 0
        from plein.accounts.models import Plein
        from plein.roadmap import gates as roadmap_gates

        plein = db.session.get(Plein, 1)
        assert "Het plan is nog niet ingediend bij het MT" in [
            m.text for m in roadmap_gates.gate_missing(plein)]
        db.session.remove()
        db.engine.dispose()


def test_upgrade_keeps_the_old_notes_as_the_first_note_of_each_thread(tmp_path):
    """0008: an item's and a partner's single notes text becomes the first entry of
    their thread (author unknown); downgrading folds the thread back into one text."""
    from sqlalchemy import text

    app = make_app(f"sqlite:///{tmp_path / 'r6.sqlite3'}")
    with app.app_context():
        upgrade(revision="0006_security")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO pleinen (name, organisation, location, current_phase, created_at,"
                " version_id) VALUES ('Plein 6', 'Bieb', '', 'orientation',"
                " '2026-11-01 10:00:00', 1)"))
            conn.execute(text(
                "INSERT INTO checklist_items (plein_id, phase, position, title, guidance,"
                " required, status, na_reason, notes, evidence, created_at, version_id)"
                " VALUES (1, 'orientation', 99, 'Oud punt', '', 0, 'open', '',"
                " 'Bel Karin eerst', '', '2026-11-01 10:00:00', 1),"
                " (1, 'orientation', 100, 'Leeg punt', '', 0, 'open', '', '  ', '',"
                " '2026-11-01 10:00:00', 1)"))
            conn.execute(text(
                "INSERT INTO partners (plein_id, name, kind, category, role, contact_name,"
                " contact_email, contact_phone, website, notes, status, created_at, version_id)"
                " VALUES (1, 'Taalhuis', 'professional', '', 'both', '', '', '', '',"
                " 'Wil graag op dinsdag', 'candidate', '2026-11-01 10:00:00', 1)"))
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT i.title, p.name, n.author_id, n.body FROM notes n"
                " LEFT JOIN checklist_items i ON i.id = n.item_id"
                " LEFT JOIN partners p ON p.id = n.partner_id ORDER BY n.id")).all()
            columns = {c["name"] for c in inspect(conn).get_columns("checklist_items")}
        assert rows == [("Oud punt", None, None, "Bel Karin eerst"),
                        (None, "Taalhuis", None, "Wil graag op dinsdag")]
        assert "notes" not in columns
        downgrade(revision="0006_security")
        with db.engine.connect() as conn:
            assert conn.execute(text(
                "SELECT notes FROM checklist_items WHERE title = 'Oud punt'")).scalar() == (
                "Bel Karin eerst")
            assert conn.execute(text("SELECT notes FROM partners")).scalar() == (
                "Wil graag op dinsdag")
        db.session.remove()
        db.engine.dispose()


def test_upgrade_renames_the_plans_form_to_its_shape_and_keeps_the_value(tmp_path):
    """0010: ``plans.form`` (the plein's shape) becomes ``plans.shape`` with the same
    value; downgrading names it ``form`` again."""
    from sqlalchemy import text

    app = make_app(f"sqlite:///{tmp_path / 'r9.sqlite3'}")
    with app.app_context():
        upgrade(revision="0009_notes")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO pleinen (name, organisation, location, current_phase, created_at,"
                " version_id) VALUES ('Plein 9', 'Bieb', '', 'orientation',"
                " '2026-12-01 10:00:00', 1)"))
            conn.execute(text(
                "INSERT INTO plans (plein_id, name, form, created_at, updated_at, version_id)"
                " VALUES (1, 'Het Plein', 'desk', '2026-12-01 10:00:00',"
                " '2026-12-01 10:00:00', 1)"))
        upgrade()
        from plein.accounts.models import Plein
        from plein.plan.models import PleinShape
        from plein.plan.service import plan_of

        plan = plan_of(db.session.get(Plein, 1))
        assert plan.shape == PleinShape.DESK and plan.shape_label == PleinShape.DESK.label
        db.session.remove()
        downgrade(revision="0009_notes")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT form FROM plans")).scalar() == "desk"
            columns = {c["name"] for c in inspect(conn).get_columns("plans")}
        assert "shape" not in columns
        db.session.remove()
        db.engine.dispose()


PREVIOUS_RELEASE = "0014_logboek_order"  # the head of the last release on main


def test_the_previous_release_with_the_demo_in_it_upgrades_keeping_every_row(tmp_path,
                                                                          demo_file):
    """The demo loaded (a copy of the migrated file with it), the schema taken back to the
    previous release (the newer tables and columns go), then upgraded again: every table
    of that release keeps its rows."""
    copy_database(demo_file, tmp_path / "release.sqlite3")
    app = make_app(f"sqlite:///{tmp_path / 'release.sqlite3'}")
    with app.app_context():
        downgrade(revision=PREVIOUS_RELEASE)
        with db.engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            before = _counts(conn, tables)
        upgrade()
        with db.engine.connect() as conn:
            after = _counts(conn, tables)
        assert after == before
        assert before["programme_activities"] >= 12 and before["audit_events"] > 0
        db.engine.dispose()


def _counts(conn, tables):
    from sqlalchemy import func, select, table

    return {name: conn.execute(select(func.count()).select_from(table(name))).scalar()
            for name in tables}
