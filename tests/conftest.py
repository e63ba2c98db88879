"""Fixtures: one migrated database per run (SQLite, or PostgreSQL when
PLEIN_TEST_DATABASE_URL is set), emptied after every test."""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from plein import create_app
from plein.accounts import service
from plein.extensions import db

PASSWORD = "correct-horse-battery"
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "SEAL_KEY": "test-seal-key-that-is-long-enough-too-9876543210",
    "WTF_CSRF_ENABLED": False,
    # cheaper scrypt keeps the suite fast; production uses Werkzeug's default cost
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
}


def database_url(tmp_path_factory):
    return os.environ.get("PLEIN_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )


def make_app(url, **overrides):
    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    url = database_url(tmp_path_factory)
    app = make_app(url)
    with app.app_context():
        reset_schema()
        upgrade()
        db.engine.dispose()
    return url


def reset_schema():
    """Drop everything, including alembic_version, so the run starts from empty."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(db_url):
    return make_app(db_url)


@pytest.fixture(autouse=True)
def _empty_database(app):
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                # TRUNCATE fires no row triggers: the append-only ones stay in place
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                with append_only_lifted(conn):
                    for table in tables:
                        conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608


@contextmanager
def append_only_lifted(conn):
    """Switch the append-only triggers (migration 0007) off for the statements inside,
    in the same transaction, as only the database's owner could: SQLite drops them and
    puts them back as they were; PostgreSQL (superuser) skips them for the transaction.
    Emptying tables needs this on SQLite only (PostgreSQL's TRUNCATE fires no row
    triggers); tests that play the attacker need it on both."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        try:
            yield
        finally:
            conn.execute(text("SET LOCAL session_replication_role = origin"))
        return
    triggers = conn.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
    for name, _sql in triggers:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    try:
        yield
    finally:
        for _name, sql in triggers:
            conn.execute(text(sql))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@dataclass
class World:
    """Two pleinen: A with one user per role, B with its own lead; plus an outsider."""

    ids: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.ids[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


ROLES = ("anonymous", "nonmember", "admin", "lead", "team", "mt", "partner")


def email_for(role):
    return f"{role}@test.example"


@pytest.fixture
def world(app):
    with app.app_context():
        from plein.admin.service import create_plein

        plein = create_plein("Plein Alfa", "Bibliotheek Alfa", "Centrum")
        other = create_plein("Plein Beta", "Bibliotheek Beta")
        from plein.partners import service as partners

        welzijn = partners.find_or_create(plein, "Welzijn Alfa")
        schuld = partners.find_or_create(plein, "Schuldhulp Alfa")
        users = {}
        for role in ("admin", "lead", "team", "mt", "partner", "partner2", "nonmember",
                     "lead_b"):
            users[role] = service.create_user(email_for(role), role.title(), PASSWORD,
                                              is_admin=role == "admin")
        for role in ("lead", "team", "mt"):
            service.add_membership(plein, users[role], role)
        service.add_membership(plein, users["partner"], "partner", welzijn)
        service.add_membership(plein, users["partner2"], "partner", schuld)
        service.add_membership(other, users["lead_b"], "lead")
        invitation, token = service.create_invitation(
            plein, "new@test.example", "team", by=users["lead"])
        from plein.roadmap import service as roadmap

        custom_item = roadmap.add_item(plein, "orientation", "Eigen punt Alfa", by=users["lead"])
        from plein.partners import assessment

        criterion = assessment.criteria_of(plein)[0]
        db.session.commit()
        team_membership = next(m for m in users["team"].memberships)
        ids = {
            "plein": plein.id, "other": other.id, "welzijn": welzijn.id, "schuld": schuld.id,
            "invitation": invitation.id, "token": token,
            "team_membership": team_membership.id, "item": custom_item.id,
            "criterion": criterion.id,
            **{f"{role}_id": user.id for role, user in users.items()},
        }
    return World(ids)


@pytest.fixture
def contract_world(world, app):
    """The world plus an agreement in plein A: Welzijn is a party, version 1 published."""
    from plein.accounts.models import Plein, User
    from plein.agreements import service as agreements
    from plein.partners.models import Partner

    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        agreement = agreements.start(plein, by=lead)
        party = agreements.add_party(plein, agreement, db.session.get(Partner, world.welzijn),
                                     by=lead, confirmed=True)
        fill_placeholders(plein, agreement, lead)
        agreements.publish(plein, agreement, by=lead)
        db.session.commit()
        world.ids["welzijn_party"] = party.id
    return world


def fill_placeholders(plein, agreement, by):
    """Fill the template's "[...]" places (publishing refuses while any remain)."""
    from plein.agreements import service as agreements

    agreements.update_sections(
        plein, agreement, {s.key: re.sub(r"\[([^\[\]]*)\]", r"\1", s.body)
                           for s in agreement.sections},
        by=by, expected_version=agreement.version_id)


def submit_plan(plein, lead):
    """A plan with the texts an MT needs and one cost line, submitted as version 1."""
    from plein.plan import service as plans

    plan = plans.start(plein, by=lead)
    plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="Plein Alfa",
                 form="desk", partner_ids=None,
                 bodies={"why": "Inwoners vinden de weg niet.", "result": "Eén loket.",
                         "target_groups": "Laaggeletterden"})
    db.session.flush()
    line = plans.add_line(plein, plan, by=lead, kind="setup", description="Twee pc's",
                          amount="1.500")
    snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id)
    return plan, line, snapshot


def mt_supports_plan(world):
    """Make the MT support plein A's plan, so that only the roadmap guards the gate."""
    from plein.accounts.models import Plein, User
    from plein.plan import reviews

    plein = db.session.get(Plein, world.plein)
    _plan, _line, snapshot = submit_plan(plein, db.session.get(User, world.lead_id))
    reviews.review(plein, snapshot, by=db.session.get(User, world.mt_id),
                 decision="support")
    db.session.flush()


@pytest.fixture
def plan_world(world, app):
    """The world plus plein A's plan: version 1 submitted, not yet reviewed."""
    from plein.accounts.models import Plein, User

    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        _plan, line, snapshot = submit_plan(plein, db.session.get(User, world.lead_id))
        db.session.commit()
        world.ids["line"] = line.id
        world.ids["snapshot"] = snapshot.number
    return world


def login(client, role_or_email, password=PASSWORD):
    email = role_or_email if "@" in role_or_email else email_for(role_or_email)
    return client.post("/inloggen", data={"email": email, "password": password})


@pytest.fixture
def as_role(client, world):
    """Log the test client in as a role of plein A ("anonymous": stay logged out)."""

    def _as(role):
        if role != "anonymous":
            response = login(client, role)
            assert response.status_code == 303, f"login as {role} failed"
        return client

    return _as


def text_of(response):
    """The visible text of an HTML response, tags stripped, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


from tests.forms import web  # noqa: E402, F401 (a fixture: WebTest, forms as rendered)
