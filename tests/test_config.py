"""Configuration: PLEIN_* variables, production rules, SQLite connection settings."""

import pytest
from sqlalchemy import text

from plein import create_app
from plein.config import ConfigError
from plein.extensions import db


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PLEIN_ENV", "production")
    monkeypatch.delenv("PLEIN_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="PLEIN_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PLEIN_ENV", "production")
    monkeypatch.setenv("PLEIN_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("PLEIN_SEAL_KEY", "s" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "k" * 64


def test_production_refuses_to_start_without_a_seal_key(monkeypatch, tmp_path):
    """Issue 14 pt 4: the seal key lives outside the database and must be given."""
    monkeypatch.setenv("PLEIN_ENV", "production")
    monkeypatch.setenv("PLEIN_SECRET_KEY", "k" * 64)
    monkeypatch.delenv("PLEIN_SEAL_KEY", raising=False)
    with pytest.raises(ConfigError, match="PLEIN_SEAL_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_development_generates_a_seal_key_into_instance(tmp_path):
    from flask import Flask

    from plein.config import load

    app = Flask(__name__, instance_path=str(tmp_path))
    load(app, {"SECRET_KEY": "x" * 40})
    assert app.config["SEAL_KEY_GENERATED"] is True
    assert (tmp_path / "seal_key").read_text().strip() == app.config["SEAL_KEY"]
    assert (tmp_path / "seal_key").stat().st_mode & 0o777 == 0o600


def test_development_generates_a_key_once(tmp_path):
    from plein.config import _development_key

    first = _development_key(tmp_path)
    assert _development_key(tmp_path) == first
    assert len(first) == 64
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PLEIN_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("PLEIN_MAX_CONTENT_LENGTH", "1234")
    app = create_app({"SECRET_KEY": "x" * 40})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"
    assert app.config["MAX_CONTENT_LENGTH"] == 1234


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("PLEIN_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x" * 40})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/plein.sqlite3")


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    app = create_app({"SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_too_large_request_is_refused(app, client):
    response = client.post("/inloggen", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_every_view_must_be_guarded():
    from flask import Flask

    from plein.web import check_every_view_is_guarded

    bare = Flask(__name__)
    bare.add_url_rule("/open", "open", lambda: "x")
    with pytest.raises(RuntimeError, match="open"):
        check_every_view_is_guarded(bare)


def test_a_worker_settles_before_its_first_request(monkeypatch, tmp_path):
    """wsgi.py (what gunicorn imports) compiles every template and freezes the
    long-lived objects, so full garbage collections no longer walk them."""
    import gc
    import importlib
    import sys

    monkeypatch.setenv("PLEIN_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    monkeypatch.setenv("PLEIN_SECRET_KEY", "x" * 64)
    sys.modules.pop("wsgi", None)
    try:
        wsgi = importlib.import_module("wsgi")
        frozen = gc.get_freeze_count()
        compiled = wsgi.app.jinja_env.cache
    finally:
        gc.unfreeze()
        sys.modules.pop("wsgi", None)
    assert frozen > 20_000
    assert any(key[1] == "assessment/index.html" for key in compiled)
    assert wsgi.app.test_client().get("/healthz").status_code == 200


def test_mail_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PLEIN_MAIL_SERVER", "smtp.bibliotheek.test")
    monkeypatch.setenv("PLEIN_MAIL_PORT", "465")
    monkeypatch.setenv("PLEIN_MAIL_SECURITY", "SSL")
    monkeypatch.setenv("PLEIN_MAIL_SENDER", "plein@bibliotheek.test")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                      "SECRET_KEY": "k" * 64, "SEAL_KEY": "s" * 64})
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.bibliotheek.test", 465)
    assert app.config["MAIL_SECURITY"] == "ssl"
    assert app.config["MAIL_AFTER_REQUEST"] is True  # development: no cron needed
    monkeypatch.setenv("PLEIN_MAIL_SECURITY", "tls-ish")
    with pytest.raises(ConfigError, match="PLEIN_MAIL_SECURITY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
