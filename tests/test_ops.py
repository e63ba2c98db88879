"""Operations: backup and restore (SQLite online backup API) and flask plein check-deploy.

These tests use their own SQLite files, also when the suite runs on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from plein import ops
from plein.extensions import db
from tests.conftest import copy_database, make_app

pytestmark = pytest.mark.heavy  # seeds and servers: handed out first

STRONG_KEY = "s" * 64


def demo_app(path, demo_file):
    """An app on a file of its own at ``path``: migrated, the demo data in it (a copy)."""
    copy_database(demo_file, path)
    return make_app(f"sqlite:///{path}")


def counts(path):
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                for t in tables}
    finally:
        conn.close()


def fingerprints(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT agreement_id, number, sha256 FROM agreement_versions "
                            "ORDER BY agreement_id, number").fetchall()
    finally:
        conn.close()


class Writer(threading.Thread):
    """Adds checklist items one transaction at a time until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.done, self.stop, self.error = app, 0, threading.Event(), None

    def run(self):
        from plein.accounts.models import Plein, User
        from plein.roadmap import service as roadmap

        try:
            with self.app.app_context():
                plein = db.session.scalar(select(Plein))
                lead = db.session.scalar(select(User).where(
                    User.email == "lead@lindeburg.example"))
                while not self.stop.is_set():
                    roadmap.add_item(plein, "orientation", f"Schrijver {self.done}", by=lead)
                    db.session.commit()
                    self.done += 1
                db.session.remove()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            self.error = error


def writer_items(path):
    """(number of 'Schrijver n' items, their numbers are 0..n-1, each has its audit event)"""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, title FROM checklist_items "
                            "WHERE title LIKE 'Schrijver %'").fetchall()
        numbers = sorted(int(title.split()[1]) for _, title in rows)
        audited = conn.execute(
            "SELECT count(*) FROM audit_events WHERE action='item.create' AND object_id IN "
            "(SELECT id FROM checklist_items WHERE title LIKE 'Schrijver %')"  # noqa: S608
        ).fetchone()[0]
        return len(rows), numbers == list(range(len(rows))), audited
    finally:
        conn.close()


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_backup_during_writes_restores_the_same_rows_and_fingerprints(tmp_path, demo_file):
    live = tmp_path / "live.sqlite3"
    app = demo_app(live, demo_file)
    before = counts(live)["checklist_items"]

    writer = Writer(app)
    writer.start()
    try:
        wait_for(lambda: writer.done >= 20 or writer.error)
        result = app.test_cli_runner().invoke(args=["plein", "backup",
                                                    str(tmp_path / "b.sqlite3")])
        at_backup = writer.done
        wait_for(lambda: writer.done >= at_backup + 20 or writer.error)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert "Back-up geschreven naar" in result.output

    backup = tmp_path / "b.sqlite3"
    assert ops.integrity_problems(backup) == []
    written, consecutive, audited = writer_items(backup)
    # a consistent snapshot: the writes up to some moment, each with its audit event
    assert 20 <= written <= at_backup + 1 and written < writer.done
    assert consecutive and audited == written
    assert counts(backup)["checklist_items"] == before + written

    restored = tmp_path / "restored.sqlite3"
    assert ops.restore(f"sqlite:///{restored}", backup) == ops.schema_revision(live)
    assert counts(restored) == counts(backup)
    assert fingerprints(restored) == fingerprints(live) and len(fingerprints(live)) == 2
    assert ops.integrity_problems(restored) == []
    restored_app = make_app(f"sqlite:///{restored}")
    with restored_app.app_context():
        from plein.agreements.integrity import verify_all

        assert verify_all() == []
        db.engine.dispose()


def test_restore_refuses_to_overwrite_without_force(tmp_path, demo_file):
    live = tmp_path / "live.sqlite3"
    app = demo_app(live, demo_file)
    runner = app.test_cli_runner()
    backup = tmp_path / "b.sqlite3"
    assert runner.invoke(args=["plein", "backup", str(backup)]).exit_code == 0
    again = runner.invoke(args=["plein", "backup", str(backup)])
    assert again.exit_code == 1 and "bestaat al" in again.output

    with app.app_context():  # a change after the backup, which the restore undoes
        from plein.accounts import service as accounts

        accounts.create_user("later@test.example", "Later", "een-goed-wachtwoord")
        db.session.commit()
        db.session.remove()
    users_now = counts(live)["users"]

    refused = runner.invoke(args=["plein", "restore", str(backup)])
    assert refused.exit_code == 1
    assert "bestaat al" in refused.output and "--force" in refused.output
    assert counts(live)["users"] == users_now

    done = runner.invoke(args=["plein", "restore", "--force", str(backup)])
    assert done.exit_code == 0, done.output
    assert "Database hersteld uit" in done.output and "verify-agreements" in done.output
    assert counts(live) == counts(backup)
    assert counts(live)["users"] == users_now - 1


def test_restore_refuses_a_file_that_is_no_plein_backup(tmp_path):
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ops.OpsError, match="geen back-up van plein"):
        ops.restore(f"sqlite:///{tmp_path / 'new.sqlite3'}", other)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(ops.OpsError, match="beschadigd"):
        ops.restore(f"sqlite:///{tmp_path / 'new.sqlite3'}", garbage)
    assert not (tmp_path / "new.sqlite3").exists()


def test_postgresql_backup_and_restore_explain_pg_dump_and_fail(tmp_path):
    app = make_app("postgresql+psycopg://plein@127.0.0.1:1/plein")
    runner = app.test_cli_runner()
    for args in (["plein", "backup", str(tmp_path / "x")],
                 ["plein", "restore", "--force", str(tmp_path / "x")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "pg_dump --format=custom" in result.output
        assert "pg_restore" in result.output
    assert not (tmp_path / "x").exists()


# --- check-deploy ---------------------------------------------------------------------

LOCAL_MOUNTS = "/dev/sda1 / ext4 rw 0 0\n"
GOOD = {
    "TESTING": False, "ENV": "production", "SECRET_KEY": STRONG_KEY,
    "WTF_CSRF_ENABLED": True, "SESSION_COOKIE_SECURE": True,
    "TRUSTED_HOSTS": ["plein.example.nl"], "SEAL_KEY": "z" * 64,  # not the secret key
    "MAIL_SERVER": "smtp.example.nl", "MAIL_SENDER": "plein@example.nl",
}


def deploy_app(tmp_path, **overrides):
    return make_app(f"sqlite:///{tmp_path / 'plein.sqlite3'}", **{**GOOD, **overrides})


def test_check_deploy_passes_a_production_configuration(tmp_path):
    app = deploy_app(tmp_path)
    assert ops.deploy_problems(app, LOCAL_MOUNTS) == []
    result = app.test_cli_runner().invoke(args=["plein", "check-deploy"])
    assert result.exit_code == 0, result.output
    assert "klaar voor productie" in result.output


@pytest.mark.parametrize(("changes", "expected"), [
    ({"DEBUG": True}, "debugmodus staat aan"),
    ({"SECRET_KEY": "kort-en-zwak"}, "te kort (12 bytes"),
    ({"SECRET_KEY": "x" * 31}, "te kort (31 bytes"),
    ({"SESSION_COOKIE_SECURE": False}, "onversleuteld http"),
    ({"SESSION_COOKIE_HTTPONLY": False}, "SESSION_COOKIE_HTTPONLY"),
    ({"SESSION_COOKIE_SAMESITE": None}, "SESSION_COOKIE_SAMESITE"),
    ({"TRUSTED_HOSTS": None}, "geen vertrouwde hostnamen"),
    ({"TRUSTED_HOSTS": []}, "geen vertrouwde hostnamen"),
    ({"WTF_CSRF_ENABLED": False}, "CSRF-bescherming staat uit"),
    ({"TESTING": True}, "TESTING staat aan"),
    ({"SEAL_KEY": None}, "zet PLEIN_SEAL_KEY"),
    ({"SEAL_KEY": ""}, "zet PLEIN_SEAL_KEY"),
    ({"HSTS": ""}, "Strict-Transport-Security"),
    ({"MAIL_SERVER": None}, "geen mailserver ingesteld"),
    ({"MAIL_SENDER": None}, "geen afzender"),
    ({"MAIL_USERNAME": "plein", "MAIL_SECURITY": "none"}, "onversleuteld over het netwerk"),
])
def test_check_deploy_names_each_problem(tmp_path, changes, expected):
    app = deploy_app(tmp_path)
    app.config.update(changes)  # after start-up, which would refuse or correct some
    problems = ops.deploy_problems(app, LOCAL_MOUNTS)
    assert len(problems) == 1 and expected in problems[0], problems
    if "DEBUG" not in changes:  # the flask CLI sets debug from FLASK_DEBUG (next test)
        result = app.test_cli_runner().invoke(args=["plein", "check-deploy"])
        assert result.exit_code == 1
        assert expected in result.output


@pytest.mark.parametrize("variable", ["FLASK_DEBUG", "PLEIN_DEBUG"])
def test_check_deploy_sees_debug_switched_on_in_the_environment(tmp_path, monkeypatch,
                                                                variable):
    monkeypatch.setenv(variable, "1")
    app = deploy_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["plein", "check-deploy"])
    assert result.exit_code == 1
    assert "debugmodus staat aan" in result.output


def test_check_deploy_without_a_secret_key_in_production_fails(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLEIN_", "FLASK_"))}
    env.update(PLEIN_ENV="production", PLEIN_DATABASE_URL=f"sqlite:///{tmp_path}/p.sqlite3")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "plein", "plein", "check-deploy"],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "PLEIN_SECRET_KEY is not set" in result.stderr


def test_check_deploy_lists_every_problem_of_a_development_setup(tmp_path, monkeypatch):
    monkeypatch.delenv("PLEIN_SECRET_KEY", raising=False)
    monkeypatch.setattr("plein.config._development_key",
                        lambda _instance, _name="secret_key": STRONG_KEY)
    app = make_app(f"sqlite:///{tmp_path / 'p.sqlite3'}", TESTING=False, SECRET_KEY=None,
                   SEAL_KEY=None, WTF_CSRF_ENABLED=True)
    result = app.test_cli_runner().invoke(args=["plein", "check-deploy"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert len(lines) == 7, result.output
    for expected in ("PLEIN_ENV is niet 'production'", "geheime sleutel is zelf aangemaakt",
                     "onversleuteld http", "geen vertrouwde hostnamen",
                     "PLEIN_SEAL_KEY", "Strict-Transport-Security", "geen mailserver"):
        assert expected in result.output


def test_check_deploy_refuses_sqlite_on_a_network_share(tmp_path):
    mounts = LOCAL_MOUNTS + f"server:/export {tmp_path} nfs4 rw 0 0\n"
    problems = ops.deploy_problems(deploy_app(tmp_path), mounts)
    assert len(problems) == 1 and "netwerkschijf (nfs4)" in problems[0]
    spaced = tmp_path / "met spatie"
    spaced.mkdir()
    escaped = str(spaced).replace(" ", "\\040")
    mounts = LOCAL_MOUNTS + f"//nas/plein {escaped} cifs rw 0 0\n"
    app = make_app(f"sqlite:///{spaced / 'p.sqlite3'}", **GOOD)
    assert "netwerkschijf (cifs)" in ops.deploy_problems(app, mounts)[0]
    unc = make_app("sqlite:////" + "/nas/share/p.sqlite3", **GOOD)
    assert "netwerkschijf" in ops.deploy_problems(unc, LOCAL_MOUNTS)[0]
    pg = make_app("postgresql+psycopg://plein@127.0.0.1/plein", **GOOD)
    assert ops.deploy_problems(pg, mounts) == []


def test_trusted_hosts_setting_refuses_other_hosts(monkeypatch, tmp_path):
    monkeypatch.setenv("PLEIN_TRUSTED_HOSTS", "plein.example.nl, localhost")
    app = make_app(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    assert app.config["TRUSTED_HOSTS"] == ["plein.example.nl", "localhost"]
    client = app.test_client()
    assert client.get("/inloggen").status_code == 200
    assert client.get("/inloggen", headers={"Host": "evil.example"}).status_code == 400


def test_production_sends_hsts_and_it_is_configurable(tmp_path):
    production = deploy_app(tmp_path).test_client().get("/inloggen", headers={
        "Host": "plein.example.nl"})
    assert production.headers["Strict-Transport-Security"] == "max-age=31536000"
    longer = deploy_app(tmp_path, HSTS="max-age=63072000; includeSubDomains")
    assert longer.test_client().get("/healthz", headers={"Host": "plein.example.nl"}).headers[
        "Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    off = deploy_app(tmp_path, HSTS=False)
    assert "Strict-Transport-Security" not in off.test_client().get(
        "/healthz", headers={"Host": "plein.example.nl"}).headers
    development = make_app(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    assert "Strict-Transport-Security" not in development.test_client().get("/healthz").headers


# --- the lost-write check of bench/crash.py and bench/load.py --------------------------

def test_bench_lost_write_check_finds_a_missing_write(tmp_path, demo_file):
    """The benches report 'writes lost: 0'; this shows that figure can be non-zero."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import ops_common

    from plein.accounts.models import Plein, User
    from plein.assessment import service as assessment
    from plein.roadmap import service as roadmap

    path = tmp_path / "bench.sqlite3"
    app = demo_app(path, demo_file)
    with app.app_context():
        start = ops_common.max_audit_id(path)
        plein = db.session.scalar(select(Plein))
        lead = db.session.scalar(select(User).where(User.email == "lead@lindeburg.example"))
        data = ops_common.dataset(path)
        item = roadmap.get_item(plein, data["items"][0])
        item_id = item.id
        for status in ("busy", "done"):
            roadmap.set_status(plein, item, status, by=lead)
        partner_id, criterion_id = data["cells"][0]
        from plein.partners.models import Partner

        assessment.set_score(plein, db.session.get(Partner, partner_id),
                             assessment.get_criterion(plein, criterion_id), 3, by=lead)
        db.session.commit()
        db.session.remove()
    cell = f"{partner_id}/{criterion_id}"
    results = [
        {"kind": "status", "acked": {item_id: ["busy", "done"]}, "pending": {},
         "audit_start": start},
        {"kind": "score", "acked": {cell: [3]}, "pending": {}, "audit_start": start},
        {"kind": "contract", "published": [2], "signed": [(2, data["partner_of"]["welzijn"])],
         "edits": 0, "audit_start": start}]
    assert ops_common.lost_writes(path, results) == []
    assert ops_common.acknowledged(results) == 5

    results[0]["acked"][item_id].append("open")  # acknowledged, but never stored
    results[1]["acked"][cell].append(1)
    results[2]["signed"].append((2, data["partner_of"]["schuldhulp"]))
    lost = ops_common.lost_writes(path, results)
    assert len(lost) == 3, lost
    results[0]["pending"][item_id] = "open"  # the missing write is the one in flight: fine
    results[0]["acked"][item_id].pop()
    assert len(ops_common.lost_writes(path, results)) == 2
