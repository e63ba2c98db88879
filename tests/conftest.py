"""Fixtures: one migrated database per run and xdist worker (SQLite, or PostgreSQL when
PLEIN_TEST_DATABASE_URL is set; tests/database.py), emptied after every test.

A module marked ``pytestmark = pytest.mark.shared_world`` builds ``world`` (with the
``contract_world`` / ``plan_world`` layers any of its tests asks for) once, and runs
each of its tests in a savepoint that is rolled back afterwards: see
``tests.database.SharedTransaction``. Worth it where building the world costs more than the test
(the route x role matrix); possible wherever every database access goes through
``db.session`` (no threads, no second engine, no ``db.engine.begin()``).

The world, and the demo data (``demo_loaded``), are built once per run and restored
for each test (or shared module) from a copy in memory: ``tests.database.built_once``.
"""

import os
import re
import sqlite3
from contextlib import closing
from html import unescape

import jinja2
import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from plein import create_app, demo
from plein.accounts import service
from plein.extensions import db
from tests.database import (  # append_only_lifted: tests import it from here
    SharedTransaction,
    append_only_lifted,
    built_once,
    drop_database,
    filled_tables,
    fresh_database,
)
from tests.hostile import figures
from tests.worlds import (
    LAYERS,
    PASSWORD,
    World,
    add_accession,
    add_contract,
    add_plan,
    add_referral,
    build_world,
    email_for,
)

HTMX = {"HX-Request": "true"}  # the header htmx sends with every request it makes
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "SEAL_KEY": "test-seal-key-that-is-long-enough-too-9876543210",
    "WTF_CSRF_ENABLED": False,
    # the cheapest scrypt OpenSSL accepts (0.3 ms a hash, not 3-10 ms; a run hashes
    # thousands of passwords); still scrypt, which test_auth checks. Production uses
    # Werkzeug's default cost
    "PASSWORD_HASH_METHOD": "scrypt:128:1:1",
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "shared_world: build the module's world once; roll back every test")
    config.addinivalue_line(
        "markers", "heavy: seconds per test; handed out first so no worker ends on one")
    config.addinivalue_line(
        "markers", "extended: slow tests .ci/run adds to make test (make test-extended): the "
        "browser journeys beyond the focused set, the lists at ten times the data")


def pytest_collection_modifyitems(items):
    # xdist hands tests out in this order: the heavy ones first, the rest as collected
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


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


class _TemplateCodes(jinja2.BytecodeCache):
    """Compiled templates in memory, shared by every app the tests create (80 or so):
    each would compile the same templates again. Keyed by the template's source."""

    def __init__(self):
        self.codes = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODES = _TemplateCodes()


def make_app(url, **overrides):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **overrides})
    app.jinja_env.bytecode_cache = TEMPLATE_CODES
    return app


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
    empty_database(app)


def empty_database(app):
    """Delete every row (the ids start from 1 again). Only the tables that hold a row
    are touched, and the triggers only lifted if there are any: many tests leave
    none, and dropping and recreating the triggers costs SQLite ~15 ms."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            filled = filled_tables(conn)
            tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name in filled]
            if tables:
                with append_only_lifted(conn):
                    # DELETE, not TRUNCATE, on PostgreSQL too: TRUNCATE of 46 tables costs
                    # 0.1-1 s per test there (it replaces their files), DELETE of a few
                    # rows ~15 ms
                    for table in tables:
                        conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608
            if conn.dialect.name == "postgresql":  # ids from 1 again, as on SQLite
                conn.execute(text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


class SharedWorld:
    """A module's world with the layers (``contract_world``, ``plan_world``) that any test
    of the module asks for, built once inside a ``SharedTransaction``. The world itself
    comes committed from its copy (``built_once``), before the transaction opens, and
    ``close`` deletes it; only the layers are built in the transaction."""

    def __init__(self, app, module, snapshots):
        self.app = app
        wanted = {name for item in module.session.items
                  if item.getparent(pytest.Module) is module for name in item.fixturenames}
        ids = built_once(app, snapshots, "world", lambda: build_world().ids)
        self.transaction = SharedTransaction(app)
        try:
            with app.app_context():
                self.world = World(dict(ids))
                for name, add in LAYERS.items():
                    if name in wanted:
                        add(self.world)
        except BaseException:
            self.close()  # the next modules get the real db.session back, and no rows
            raise

    def copy(self):
        """The world for one test: what the test adds to ``ids`` stays its own."""
        return World(dict(self.world.ids))

    def close(self):
        self.transaction.close()
        empty_database(self.app)


@pytest.fixture(scope="module")
def _shared_world(app, request, _snapshots):
    shared = SharedWorld(app, request.node, _snapshots)
    yield shared
    shared.close()


def _shared(request):
    return request.node.get_closest_marker("shared_world") is not None


@pytest.fixture(scope="session")
def _snapshots():
    """The databases ``built_once`` copied, by name, with what building them returned."""
    snapshots = {}
    yield snapshots
    for copy, _result in snapshots.values():
        copy.close()


@pytest.fixture
def world(app, request, _snapshots):
    """The world (tests/worlds.py): built once per run, restored for each test
    (tests.database.built_once)."""
    if _shared(request):
        return request.getfixturevalue("_shared_world").copy()
    return World(dict(built_once(app, _snapshots, "world", lambda: build_world().ids)))


@pytest.fixture
def demo_loaded(app, _snapshots):
    """The demo data, loaded by ``flask plein demo`` into the test database; returns the
    demo plein's id. The command runs once per run and each later test gets its result
    restored (tests.database.built_once): a load takes 1.5 s."""

    def load():
        from plein.accounts.models import Plein

        result = app.test_cli_runner().invoke(args=["plein", "demo"])
        assert result.exit_code == 0, result.output
        return db.session.scalar(select(Plein.id).where(Plein.name == demo.PLEIN["name"]))

    return built_once(app, _snapshots, "demo", load)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """A SQLite file of its own, migrated and with the demo data in it, built once per
    run for the tests that take a copy (``copy_database``) to back up, restore or
    downgrade: a migration and a demo load cost 2 s."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        demo.load()
        db.session.remove()
        db.engine.dispose()
    return path


def copy_database(source, target):
    """Copy SQLite file ``source`` to ``target`` with the backup API (so whatever is still
    in a ``-wal`` file comes along)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


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


@pytest.fixture
def report_world(world, app, request):
    """The world plus plein A's voortgangsrapportage: version 1 published (a quarter of
    2026), and a draft of the next quarter."""
    from tests.worlds import add_report

    if not _shared(request):
        with app.app_context():
            add_report(world)
    return world
