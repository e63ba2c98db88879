"""The test database: one per run (per xdist worker), SQLite without fsync, and
``SharedTransaction``, which lets a module build its world once (see tests/conftest.py).
"""

import sqlite3
from contextlib import closing, contextmanager
from functools import cache

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import String, create_engine, event, exists, literal, select, text, union_all
from sqlalchemy.engine import Engine, make_url

from plein.extensions import db


@event.listens_for(Engine, "connect")
def _no_fsync(dbapi_connection, _record):
    """Test databases are thrown away, so a commit need not wait for the disk (SQLite:
    about 3 ms each here; PostgreSQL: its WAL flush, longer while other work writes),
    and a run commits thousands of times."""
    sqlite = isinstance(dbapi_connection, sqlite3.Connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF" if sqlite else "SET synchronous_commit = off")
    cursor.close()
    if not sqlite:
        dbapi_connection.commit()  # psycopg opened a transaction for the SET


def fresh_database(url, name):
    """The URL of an empty PostgreSQL database ``name`` on the server of ``url``."""
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url, name):
    """Drop database ``name`` on the server of ``url``."""
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_server(url, *statements):
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def built_once(app, snapshots, key, build):
    """``build()`` in an app context, on an empty database, only the first time; then
    the database as ``build`` committed it is copied into memory, and later calls put
    that copy back and return the first result again (so the result must hold ids, not
    models). Worth it for what takes long to build and many tests start from: the world
    (0.1 s on SQLite, 0.3 s on PostgreSQL), the demo data (1.5 s)."""
    with app.app_context():
        engine = db.engine
        assert_empty(engine)  # else the copy would carry or overwrite another's rows
        kind = _SqliteCopy if engine.dialect.name == "sqlite" else _PostgresCopy
        if key not in snapshots:
            result = build()
            db.session.remove()
            snapshots[key] = kind(engine), result
            return result
        copy, result = snapshots[key]
        db.session.remove()
        copy.put_back(engine)
        return result


class _SqliteCopy:
    """The whole database file in memory (the backup API: page by page, milliseconds)."""

    def __init__(self, engine):
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(engine.url.database)) as source:
            source.backup(self.copy)

    def put_back(self, engine):
        engine.dispose()  # no pooled connection holds a read of the file
        with closing(sqlite3.connect(engine.url.database)) as target:
            self.copy.backup(target)

    def close(self):
        self.copy.close()


class _PostgresCopy:
    """Each filled table's rows as PostgreSQL's COPY text (exact, whatever the column
    types) and where every sequence stood; put back into the empty tables in one
    transaction, triggers (the foreign keys' too) off: ``append_only_lifted``."""

    def __init__(self, engine):
        with engine.connect() as conn:
            filled = filled_tables(conn)
            cursor = conn.connection.dbapi_connection.cursor()
            self.tables = {}
            for table in db.metadata.sorted_tables:
                if table.name in filled:
                    with cursor.copy(f'COPY "{table.name}" TO STDOUT') as copy:
                        self.tables[table.name] = b"".join(bytes(block) for block in copy)
            self.sequences = conn.execute(text(
                "SELECT format('%I.%I', schemaname, sequencename), last_value "
                "FROM pg_sequences WHERE last_value IS NOT NULL")).all()

    def put_back(self, engine):
        with engine.begin() as conn, append_only_lifted(conn):
            cursor = conn.connection.dbapi_connection.cursor()
            for name, rows in self.tables.items():
                with cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
                    copy.write(rows)
            for name, value in self.sequences:
                conn.execute(text("SELECT setval(:name, :value)"),
                             {"name": name, "value": value})

    def close(self):
        pass


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


def assert_empty(engine):
    """Fail loudly where a fixture wrote rows before the world or the demo data came."""
    with engine.connect() as conn:
        filled = filled_tables(conn)
    assert not filled, f"rows in {filled} before the data built once (tests/database.py)"


def filled_tables(conn):
    """The names of the tables that hold a row (0.3 ms for all of them)."""
    return {row[0] for row in conn.exec_driver_sql(_filled_tables_sql(conn.dialect))}


@cache
def _filled_tables_sql(dialect):
    """One query naming the tables with a row, compiled once: building the statement
    afresh costs more than running it."""
    query = union_all(*(
        select(literal(table.name, String())).where(exists(select(1).select_from(table)))
        for table in db.metadata.sorted_tables))
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session picks the app's engine itself; this one uses its bind."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


class SharedTransaction:
    """One connection whose outer transaction is never committed (SQLAlchemy's "join a
    session into an external transaction" recipe).

    While it is open, ``db.session`` is a scoped session bound to that connection with
    ``join_transaction_mode="create_savepoint"``: every session, the test's own and the
    one of each request the test client makes, works in a savepoint of its own, so
    ``commit`` and ``rollback`` in the code under test behave as always, and what they
    commit stays inside the outer transaction. ``begin_test``/``end_test`` wrap a test
    in a savepoint that is rolled back, so nothing a test commits reaches the next test.

    Everything must go through ``db.session``: a second connection (a thread, a second
    engine, ``db.engine.begin()``) neither sees this data nor may write while the outer
    transaction holds SQLite's write lock. Modules with such tests do not share.
    """

    def __init__(self, app):
        self.app = app
        with app.app_context():
            self.conn = db.engine.connect()
        self.sqlite = self.conn.dialect.name == "sqlite"
        if self.sqlite:
            # pysqlite starts transactions itself and would turn the first SAVEPOINT
            # into the outer transaction (its RELEASE would commit): take over.
            self.conn.connection.dbapi_connection.isolation_level = None
        self.outer = self.conn.begin()
        if self.sqlite:
            self.conn.exec_driver_sql("BEGIN")
        self.saved_session = db.session
        db.session = db._make_scoped_session({
            "bind": self.conn, "join_transaction_mode": "create_savepoint",
            "class_": _JoinedSession})
        self.test = None

    def begin_test(self):
        self.test = self.conn.begin_nested()

    def end_test(self):
        for session in list(db.session.registry.registry.values()):
            session.close()  # a session left open (an app context still pushed) first
        db.session.registry.registry.clear()
        if self.test is not None and self.test.is_active:
            self.test.rollback()
        self.test = None

    def close(self):
        db.session = self.saved_session
        self.outer.rollback()
        if self.sqlite:
            self.conn.connection.dbapi_connection.isolation_level = ""
        self.conn.close()
