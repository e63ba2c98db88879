"""Configuration defaults; every key can be overridden by a ``PLEIN_<KEY>`` variable.

``PLEIN_ENV=production`` switches on the production rules: a secret key
(``PLEIN_SECRET_KEY``) and a seal key (``PLEIN_SEAL_KEY``, see plein/seal.py) must be
given and the session cookie is sent over HTTPS only. In development both keys are
generated once into ``instance/``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PRODUCTION_HSTS = "max-age=31536000"  # a year; browsers then refuse plain http


class Defaults:
    ENV = "development"
    DATABASE_URL = None  # None: SQLite in instance/plein.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "plein_session"
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session it is bound to
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a hash method, not a password)
    INVITATION_DAYS = 7
    # Sessions (plein.accounts.sessions): ended after this long without a request, and
    # in any case this long after logging in.
    SESSION_IDLE_MINUTES = 480
    SESSION_MAX_HOURS = 12
    # Login throttling (plein.accounts.throttle): failed logins per window for one account
    # from one address and for one address (then refused until the window frees), and
    # for one account from everywhere (then a delay that doubles, up to the maximum).
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_PER_ACCOUNT_ADDRESS = 5
    LOGIN_MAX_PER_IP = 20
    LOGIN_MAX_PER_ACCOUNT = 50
    LOGIN_MAX_DELAY_SECONDS = 60
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto (0: none, the
    # app is reached directly; then those headers are ignored, as anyone can send them).
    TRUSTED_PROXIES = 0
    TRUSTED_HOSTS = None  # e.g. ["plein.bibliotheek.nl"]; Flask answers 400 to other hosts
    # Strict-Transport-Security: None = the production default below (off in
    # development); "" or false switches it off, any other text is sent as it is.
    HSTS = None
    # Mail (plein.mail): the SMTP server the outbox is delivered to. No server: messages
    # stay in the outbox, are printed on the console and shown under Beheer > Berichten.
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_SECURITY = "starttls"  # starttls, ssl or none
    MAIL_USERNAME = None
    MAIL_PASSWORD = None  # noqa: S105 (none by default)
    MAIL_SENDER = None  # the From address, e.g. plein@bibliotheek.nl
    MAIL_TIMEOUT = 30
    # Deliver right after the request that queued a message: None = in development only
    # (production runs ``flask plein send-mail`` from cron).
    MAIL_AFTER_REQUEST = None
    # Days after publication before a party that has not answered is reminded, and
    # how many reminders (a week apart) at most.
    REMINDER_DAYS = 7
    REMINDER_MAX = 3
    # A warm referral's personal fields (first name, phone or e-mail) are erased this
    # many days after the referral at the latest (sooner when it is closed); a shorter
    # period applies to existing referrals at the next purge (plein.desk.purge).
    REFERRAL_RETENTION_DAYS = 30
    # A topic word counted at the desk at least this many times in this many weeks is a
    # signal on the lead's dashboard (plein.desk.signals).
    SIGNAL_MIN_COUNT = 5
    SIGNAL_WEEKS = 4


POSITIVE = ("SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS", "LOGIN_WINDOW_MINUTES",
            "LOGIN_MAX_PER_ACCOUNT_ADDRESS", "LOGIN_MAX_PER_IP", "LOGIN_MAX_PER_ACCOUNT",
            "LOGIN_MAX_DELAY_SECONDS", "MAIL_PORT", "MAIL_TIMEOUT", "REMINDER_DAYS",
            "REMINDER_MAX", "REFERRAL_RETENTION_DAYS", "SIGNAL_MIN_COUNT",
            "SIGNAL_WEEKS")
MAIL_SECURITY = ("starttls", "ssl", "none")


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def load(app, overrides=None):
    """Fill ``app.config``: defaults, then ``PLEIN_*`` variables, then ``overrides``."""
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("PLEIN")
    if overrides:
        app.config.update(overrides)

    _check_numbers(app.config)
    security = str(app.config["MAIL_SECURITY"] or "").lower()
    if security not in MAIL_SECURITY:
        raise ConfigError(f"PLEIN_MAIL_SECURITY must be one of {', '.join(MAIL_SECURITY)}, "
                          f"not {app.config['MAIL_SECURITY']!r}.")
    app.config["MAIL_SECURITY"] = security
    # The cookie lasts as long as an idle session may; the server checks both limits.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=app.config["SESSION_IDLE_MINUTES"])

    production = app.config["ENV"] == "production"
    if production:
        app.config.setdefault("SESSION_COOKIE_SECURE", True)
        app.config["SESSION_COOKIE_SECURE"] = True
    if app.config.get("HSTS") is None:
        app.config["HSTS"] = PRODUCTION_HSTS if production else ""
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                "PLEIN_SECRET_KEY is not set. Production refuses to start without it; "
                'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
            )
        app.config["SECRET_KEY"] = _development_key(Path(app.instance_path))
        app.config["SECRET_KEY_GENERATED"] = True
    if not app.config.get("SEAL_KEY"):
        if production:
            raise ConfigError(
                "PLEIN_SEAL_KEY is not set. Production refuses to start without it: it seals "
                "the samenwerkingscontract. Generate one with: python -c \"import secrets; "
                "print(secrets.token_hex(32))\", keep it outside the database and back it up "
                "(README, 'Zegelsleutel').")
        app.config["SEAL_KEY"] = _development_key(Path(app.instance_path), "seal_key")
        app.config["SEAL_KEY_GENERATED"] = True
    hosts = app.config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):  # PLEIN_TRUSTED_HOSTS=a.example,b.example (not JSON)
        app.config["TRUSTED_HOSTS"] = [h.strip() for h in hosts.split(",") if h.strip()]

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL")
        if not url:
            url = "sqlite:///" + str(Path(app.instance_path) / "plein.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = url


def _check_numbers(config):
    for key in (*POSITIVE, "TRUSTED_PROXIES"):
        value = config[key]
        minimum = 0 if key == "TRUSTED_PROXIES" else 1
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ConfigError(f"PLEIN_{key} must be a whole number >= {minimum}, not {value!r}.")


def _development_key(instance: Path, name="secret_key") -> str:
    """A random key kept in ``instance/<name>`` so it survives a restart."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
