"""Fixtures: one migrated database per run and xdist worker (SQLite, or PostgreSQL when
PLEIN_TEST_DATABASE_URL is set; tests/database.py), emptied after every test.

A module marked ``pytestmark = pytest.mark.shared_world`` builds ``world`` (with the
``contract_world`` / ``plan_world`` layers any of its tests asks for) once, and runs
each of its tests in a savepoint that is rolled back afterwards: see
``tests.database.SharedTransaction``. Worth it where building the world costs more than the test
(the route x role matrix); possible wherever every database access goes through
``db.session`` (no threads, no second engine, no ``db.engine.begin()``).
"""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from plein import create_app
from plein.accounts import service
from plein.extensions import db
from plein.mail.models import OutboxMessage
from tests.database import SharedTransaction, drop_database, fresh_database
from tests.hostile import figures

PASSWORD = "correct-horse-battery"
HTMX = {"HX-Request": "true"}  # the header htmx sends with every request it makes
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "SEAL_KEY": "test-seal-key-that-is-long-enough-too-9876543210",
    "WTF_CSRF_ENABLED": False,
    # cheaper scrypt keeps the suite fast; production uses Werkzeug's default cost
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "shared_world: build the module's world once; roll back every test")


REPORTS: list[tuple[str, list[str]]] = []  # (title, lines) shown after the run


def report(title, lines):
    """Show a table (query counts, asset sizes) after the run, also from xdist workers."""
    REPORTS.append((title, list(lines)))


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand them to the controller
        workeroutput["reports"] = REPORTS
        workeroutput["hostile_figures"] = figures.dump()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", {})
    REPORTS.extend((title, lines) for title, lines in output.get("reports", []))
    figures.merge(output.get("hostile_figures"))


def pytest_terminal_summary(terminalreporter):
    # here, not in tests/hostile/conftest.py: an xdist controller loads only this one
    hostile = figures.summary_lines()
    for title, lines in [*REPORTS, ("hostile input, foreign ids, concurrency", hostile)]:
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)


def database_url(tmp_path_factory):
    """SQLite in this run's temporary folder (one per xdist worker), or the PostgreSQL
    database of PLEIN_TEST_DATABASE_URL (a database of its own per xdist worker)."""
    url = os.environ.get("PLEIN_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return fresh_database(url, f"{make_url(url).database}_{worker}") if worker else url


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
    yield url
    shared_url = os.environ.get("PLEIN_TEST_DATABASE_URL", url)
    if url != shared_url:  # an xdist worker's own database
        with app.app_context():
            db.engine.dispose()
        drop_database(shared_url, make_url(url).database)


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
def _empty_database(app, request):
    """After every test, the database is empty again (in a shared_world module: as the
    module's world left it, by rolling back the test's savepoint)."""
    if _shared(request):
        transaction = request.getfixturevalue("_shared_world").transaction
        transaction.begin_test()
        yield
        transaction.end_test()
        return
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn, append_only_lifted(conn):
            # DELETE, not TRUNCATE, on PostgreSQL too: TRUNCATE of 46 tables costs
            # 0.1-1 s per test there (it replaces their files), DELETE of a few rows ~15 ms
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608
            if conn.dialect.name == "postgresql":  # ids from 1 again, as on SQLite
                conn.execute(text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'"))


@contextmanager
def append_only_lifted(conn):
    """Switch the append-only triggers (migration 0008) off for the statements inside,
    in the same transaction, as only the database's owner could: SQLite drops them and
    puts them back as they were; PostgreSQL (superuser) skips them for the transaction.
    Emptying tables after a test needs it, and so do tests that play the attacker."""
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


def _model_of(name):
    """The model class behind a ``World`` id name ("plein", "lead_id", ...)."""
    from plein.accounts.models import Invitation, Membership, Plein, User
    from plein.agreements.models import Party
    from plein.assessment.models import Criterion
    from plein.partners.models import Partner
    from plein.plan.models import BudgetLine
    from plein.roadmap.models import ChecklistItem

    if name.endswith("_id"):
        return User
    return {"plein": Plein, "other": Plein, "welzijn": Partner, "schuld": Partner,
            "invitation": Invitation, "team_membership": Membership,
            "item": ChecklistItem, "criterion": Criterion, "welzijn_party": Party,
            "line": BudgetLine, **programme_models()}[name]


def programme_models():
    from plein.programme.models import Activity, ClosingDay, Room, Schedule, Theme

    return {"activity": Activity, "schedule": Schedule, "theme": Theme, "room": Room,
            "closing": ClosingDay}


@dataclass
class World:
    """Two pleinen: A with one user per role, B with its own lead; plus an outsider.

    Attributes are ids (``world.plein``, ``world.lead_id``), usable in URLs outside an
    app context. Inside one, ``world.model("plein")`` and ``world.user("lead")`` give
    the models themselves, loaded in the current ``db.session``.
    """

    ids: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.ids[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def model(self, name):
        """The model behind an id: "plein", "other", "welzijn", "item", "line", ..."""
        return db.session.get(_model_of(name), self.ids[name])

    def user(self, role):
        """The user of a role: "lead", "team", "mt", "partner", "admin", "lead_b", ..."""
        return self.model(f"{role}_id")


ROLES = ("anonymous", "nonmember", "admin", "lead", "team", "mt", "partner")


def email_for(role):
    return f"{role}@test.example"


def build_world():
    """Create the world's records (in an app context) and commit; return its ids."""
    from plein.admin.service import create_plein
    from plein.assessment import service as assessment
    from plein.partners import service as partners
    from plein.roadmap import service as roadmap

    plein = create_plein("Plein Alfa", "Bibliotheek Alfa", "Centrum")
    other = create_plein("Plein Beta", "Bibliotheek Beta")
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
    custom_item = roadmap.add_item(plein, "orientation", "Eigen punt Alfa", by=users["lead"])
    criterion = assessment.criteria_of(plein)[0]
    programme_ids = add_programme(plein, users["lead"], welzijn)
    db.session.commit()
    team_membership = next(m for m in users["team"].memberships)
    message = db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.key == f"invitation:{invitation.id}"))
    return World({
        "message": message,
        **programme_ids,
        "plein": plein.id, "other": other.id, "welzijn": welzijn.id, "schuld": schuld.id,
        "invitation": invitation.id, "token": token,
        "team_membership": team_membership.id, "item": custom_item.id,
        "criterion": criterion.id,
        **{f"{role}_id": user.id for role, user in users.items()},
    })


def add_programme(plein, lead, partner):
    """A weekly spreekuur of ``partner`` with one cancelled date, and a closing day;
    returns the ids the programme's routes take."""
    from datetime import date, time

    from plein.programme import activities as offer
    from plein.programme import service as programme

    theme, room = programme.themes_of(plein)[0], programme.rooms_of(plein)[0]
    activity = offer.create_activity(
        plein, by=lead, title="Spreekuur Alfa", kind="consultation", partner_id=partner.id,
        theme_ids=[theme.id], target_groups="", description="", room_id=room.id,
        access="walk_in", appointment_how="", is_free=True, cost="")
    schedule = offer.add_schedule(plein, activity, by=lead, rule="weekly",
                                  start_date=date(2026, 12, 1), end_date=None, weekday=None,
                                  nth=None, starts=time(14), ends=time(16))
    offer.change_date(plein, activity, by=lead, on=date(2026, 12, 8), change="cancelled",
                      reason="Ziek", new_date=None, new_starts=None, new_ends=None,
                      person="")
    closing = programme.add_closing_day(plein, date(2026, 12, 25), "Kerst", by=lead)
    return {"activity": activity.id, "schedule": schedule.id, "theme": theme.id,
            "room": room.id, "closing": closing.id}


def add_contract(world):
    """An agreement in plein A: Welzijn is a party, version 1 published (commits)."""
    from plein.agreements import service as agreements

    plein, lead = world.model("plein"), world.user("lead")
    agreement = agreements.start(plein, by=lead)
    party = agreements.add_party(plein, agreement, world.model("welzijn"), by=lead,
                                 confirmed=True)
    fill_placeholders(plein, agreement, lead)
    agreements.publish(plein, agreement, by=lead)
    db.session.commit()
    world.ids["welzijn_party"] = party.id


def fill_placeholders(plein, agreement, by):
    """Fill the template's "[...]" places (publishing refuses while any remain)."""
    from plein.agreements import service as agreements

    agreements.update_sections(
        plein, agreement, {s.key: re.sub(r"\[([^\[\]]*)\]", r"\1", s.body)
                           for s in agreement.sections},
        by=by, expected_version=agreement.version_id)


def add_plan(world):
    """Plein A's plan: version 1 submitted, not yet reviewed (commits)."""
    _plan, line, snapshot = submit_plan(world.model("plein"), world.user("lead"))
    db.session.commit()
    world.ids["line"] = line.id
    world.ids["snapshot"] = snapshot.number


def add_accession(world):
    """Schuldhulp joins plein A's version 1 by toetreding 1, not yet signed (commits)."""
    from plein.agreements import addenda
    from plein.agreements import service as agreements

    plein = world.model("plein")
    addenda.accede(plein, agreements.agreement_of(plein), world.model("schuld"),
                   by=world.user("lead"), confirmed=True, hours="2", hours_period="week",
                   money="0", money_explanation="", knowledge="", means="", tasks="")
    db.session.commit()
    world.ids["accession_number"] = 1


def add_referral(world):
    """Welzijn's referral agreement, and a referral to Welzijn by the team member of a
    visitor who asked to be called (commits)."""
    from plein.desk import agreements, referrals

    plein, team = world.model("plein"), world.user("team")
    welzijn = world.model("welzijn")
    agreements.save(plein, welzijn, ways=["call"], contact="Balie Welzijn, 0123-456789",
                    reachable="ma-vr 9-12", response_time="twee werkdagen",
                    follow_up="een keer", needs="Wat de vraag is.", by=world.user("lead"),
                    expected_version=0)
    referral = referrals.refer(plein, partner_id=welzijn.id, theme_id=world.theme,
                               question="huurtoeslag", first_name="Fatima",
                               phone="06 12345678", email="", consent=True, by=team)
    db.session.commit()
    world.ids["referral"] = referral.id


LAYERS = {"contract_world": add_contract, "plan_world": add_plan,
          "accession_world": add_accession, "referral_world": add_referral}


class SharedWorld:
    """A module's world, built once inside a ``SharedTransaction``, with the layers
    (``contract_world``, ``plan_world``) that any test of the module asks for."""

    def __init__(self, app, module):
        self.app = app
        wanted = {name for item in module.session.items
                  if item.getparent(pytest.Module) is module for name in item.fixturenames}
        self.transaction = SharedTransaction(app)
        try:
            with app.app_context():
                self.world = build_world()
                for name, add in LAYERS.items():
                    if name in wanted:
                        add(self.world)
        except BaseException:
            self.transaction.close()  # the next modules get the real db.session back
            raise

    def copy(self):
        """The world for one test: what the test adds to ``ids`` stays its own."""
        return World(dict(self.world.ids))

    def close(self):
        self.transaction.close()


@pytest.fixture(scope="module")
def _shared_world(app, request):
    shared = SharedWorld(app, request.node)
    yield shared
    shared.close()


def _shared(request):
    return request.node.get_closest_marker("shared_world") is not None


@pytest.fixture
def world(app, request):
    if _shared(request):
        return request.getfixturevalue("_shared_world").copy()
    with app.app_context():
        return build_world()


@pytest.fixture
def contract_world(world, app, request):
    """The world plus an agreement in plein A: Welzijn is a party, version 1 published."""
    if not _shared(request):  # shared: the module's world has it already
        with app.app_context():
            add_contract(world)
    return world


@pytest.fixture
def referral_world(world, app, request):
    """The world plus Welzijn's referral agreement and a referral to Welzijn with a
    first name and phone number (consent given)."""
    if not _shared(request):
        with app.app_context():
            add_referral(world)
    return world


@pytest.fixture
def accession_world(contract_world, app, request):
    """The contract world plus toetreding 1 of Schuldhulp to version 1, unsigned."""
    if not _shared(request):
        with app.app_context():
            add_accession(contract_world)
    return contract_world


def submit_plan(plein, lead):
    """A plan with the texts an MT needs and one cost line, submitted as version 1."""
    from plein.plan import service as plans

    plan = plans.start(plein, by=lead)
    plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="Plein Alfa",
                 shape="desk", partner_ids=None,
                 bodies={"why": "Inwoners vinden de weg niet.", "result": "Eén loket.",
                         "target_groups": "Laaggeletterden"})
    db.session.flush()
    line = plans.add_line(plein, plan, by=lead, kind="setup", description="Twee pc's",
                          amount="1.500")
    snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id)
    return plan, line, snapshot


def mt_supports_plan(world):
    """Make the MT support plein A's plan, so that only the roadmap guards the gate."""
    from plein.plan import reviews

    _plan, _line, snapshot = submit_plan(world.model("plein"), world.user("lead"))
    reviews.review(world.model("plein"), snapshot, by=world.user("mt"), decision="support")
    db.session.flush()


@pytest.fixture
def plan_world(world, app, request):
    """The world plus plein A's plan: version 1 submitted, not yet reviewed."""
    if not _shared(request):  # shared: the module's world has it already
        with app.app_context():
            add_plan(world)
    return world


@pytest.fixture
def people(ctx, world):
    """Plein A, its lead and MT member, and a second MT member."""
    plein, lead, mt = world.model("plein"), world.user("lead"), world.user("mt")
    mt2 = service.create_user("mt2@test.example", "Tweede MT-lid", "x" * 12)
    service.add_membership(plein, mt2, "mt")
    db.session.flush()
    return plein, lead, mt, mt2


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
from tests.mailserver import smtp  # noqa: E402, F401 (a fixture: a real SMTP server)
