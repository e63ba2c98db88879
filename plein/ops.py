"""Operations: backup and restore of the SQLite database, and the deploy check.

Plain functions (no ``request``, no click) so tests call them directly; ``plein/cli.py``
wraps them as ``flask plein backup|restore|check-deploy``.

Backup and restore use SQLite's online backup API (``sqlite3.Connection.backup``), never
a file copy: a running database in WAL mode keeps committed pages in ``-wal`` beside the
main file, so a copy of the main file alone can miss writes or be torn. The whole copy
runs as one step (``pages=-1``) inside one read transaction, so it is a consistent
snapshot and, in WAL mode, writers carry on meanwhile.
"""

import os
import re
import sqlite3
from pathlib import Path

from flask.helpers import get_debug_flag
from sqlalchemy.engine import make_url


class OpsError(RuntimeError):
    """The operation was refused; the message (Dutch) says why and what to do."""


PG_INSTRUCTIONS = """\
Dit is een PostgreSQL-database; maak en herstel back-ups met de gereedschappen van
PostgreSQL zelf (ze zijn veilig terwijl plein draait):

  back-up:  pg_dump --format=custom --file=plein.dump "$DATABASE"
  herstel:  stop plein, dan
            pg_restore --clean --if-exists --no-owner --dbname="$DATABASE" plein.dump
            flask --app plein db upgrade
            flask --app plein plein verify-agreements

($DATABASE is bijvoorbeeld postgresql://plein@127.0.0.1:5432/plein, dus de
PLEIN_DATABASE_URL zonder '+psycopg'.)"""


def sqlite_path(url):
    """The database file of a SQLite URL; None for another database.

    Raises OpsError for an in-memory database (nothing to back up or restore)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:" or "mode=memory" in str(url):
        raise OpsError("Een database in het geheugen kan geen back-up hebben.")
    return Path(parsed.database)


def _connect(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def integrity_problems(path):
    """Empty when ``PRAGMA integrity_check`` says ok and no foreign key dangles."""
    conn = _connect(path)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        problems += [f"verwijzing in {row[0]} (rij {row[1]}) naar ontbrekende {row[2]}"
                     for row in conn.execute("PRAGMA foreign_key_check")]
        return problems
    except sqlite3.DatabaseError as error:
        return [f"geen leesbare SQLite-database ({error})"]
    finally:
        conn.close()


def schema_revision(path):
    """The Alembic revision stored in a SQLite file, or None when it has none."""
    conn = _connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _copy(source, target):
    """Online backup of ``source`` into ``target`` (both paths), in one step."""
    src, dst = _connect(source), _connect(target)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def backup(url, target, *, force=False):
    """Write a consistent copy of the SQLite database at ``url`` to ``target``.

    The copy is made next to ``target`` under a temporary name, checked, then moved
    into place, so a failed backup never leaves a half file under the final name.
    Returns the Alembic revision of the copy."""
    source = sqlite_path(url)
    if source is None:
        raise OpsError(PG_INSTRUCTIONS)
    if not source.exists():
        raise OpsError(f"De database {source} bestaat niet.")
    target = Path(target)
    if target.exists() and not force:
        raise OpsError(f"{target} bestaat al; kies een andere naam of gebruik --force.")
    if target.resolve() == source.resolve():
        raise OpsError("De back-up kan niet over de database zelf heen.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial)
        problems = integrity_problems(partial)
        if problems:
            raise OpsError("De back-up is niet in orde: " + "; ".join(problems[:5]))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return schema_revision(target)


def restore(url, source, *, force=False):
    """Replace the SQLite database at ``url`` by the backup file ``source``.

    Refuses when the database exists and ``force`` is not given, and refuses a backup
    that fails its integrity check or is no plein database. Uses the backup API into
    the target, so the WAL and the other connections stay consistent. Returns the
    Alembic revision of the restored database."""
    target = sqlite_path(url)
    if target is None:
        raise OpsError(PG_INSTRUCTIONS)
    source = Path(source)
    if not source.is_file():
        raise OpsError(f"Het back-upbestand {source} bestaat niet.")
    if target.exists() and not force:
        raise OpsError(f"De database {target} bestaat al. Herstellen overschrijft alles "
                       "wat erin staat; doe het alleen met plein gestopt, en bevestig "
                       "met --force.")
    problems = integrity_problems(source)
    if problems:
        raise OpsError(f"{source} is beschadigd: " + "; ".join(problems[:5]))
    revision = schema_revision(source)
    if revision is None:
        raise OpsError(f"{source} is geen back-up van plein (er staat geen schemaversie in).")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return revision


# --- deploy check ---------------------------------------------------------------------

MIN_SECRET_BYTES = 32
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs",
    "fuse.s3fs", "fuse.rclone", "fuse.davfs2",
}


def filesystem_of(path, mounts_text=None):
    """The filesystem type (as in /proc/mounts) holding ``path``; None if unknown."""
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text()
        except OSError:
            return None
    path = os.path.abspath(path)
    best, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[1])  # "\040"
        inside = path == mount or path.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, fields[2]
    return best_type


def deploy_problems(app, mounts_text=None):
    """Everything about ``app``'s configuration that is unsafe for production, one
    Dutch line each; empty when it is fit to deploy."""
    config = app.config
    problems = []
    # The flask CLI resets app.debug from FLASK_DEBUG; gunicorn would honour PLEIN_DEBUG.
    if app.debug or get_debug_flag() or os.environ.get("PLEIN_DEBUG", "").lower() in (
            "1", "true", "yes", "on"):
        problems.append("De debugmodus staat aan (FLASK_DEBUG/--debug): iedereen die een "
                        "fout uitlokt ziet code en kan die uitvoeren. Zet hem uit.")
    if config.get("TESTING"):
        problems.append("TESTING staat aan; dat is alleen voor de testsuite.")
    if config.get("ENV") != "production":
        problems.append("PLEIN_ENV is niet 'production'; zet PLEIN_ENV=production.")
    key = config.get("SECRET_KEY") or ""
    key_bytes = len(key.encode() if isinstance(key, str) else key)
    # No key at all cannot get here: production refuses to start without one (config.py).
    if key_bytes < MIN_SECRET_BYTES:
        problems.append(f"De geheime sleutel is te kort ({key_bytes} bytes, minstens "
                        f"{MIN_SECRET_BYTES}); maak een nieuwe met: python3 -c "
                        '"import secrets; print(secrets.token_hex(32))"')
    elif config.get("SECRET_KEY_GENERATED"):
        problems.append("De geheime sleutel is zelf aangemaakt in instance/secret_key; "
                        "zet PLEIN_SECRET_KEY en bewaar hem veilig.")
    problems += _seal_key_problems(config, key)
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("Het sessiecookie gaat ook over onversleuteld http "
                        "(SESSION_COOKIE_SECURE); gebruik PLEIN_ENV=production achter https.")
    if not config.get("SESSION_COOKIE_HTTPONLY"):
        problems.append("Scripts in de browser kunnen het sessiecookie lezen "
                        "(SESSION_COOKIE_HTTPONLY staat uit).")
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problems.append("Het sessiecookie gaat mee met verzoeken van andere sites; zet "
                        "SESSION_COOKIE_SAMESITE op Lax of Strict.")
    if not config.get("WTF_CSRF_ENABLED", True):
        problems.append("De CSRF-bescherming staat uit (WTF_CSRF_ENABLED).")
    if not config.get("SEAL_KEY"):
        problems.append("Er is geen sleutel voor de zegels van de samenwerkingscontracten; "
                        "zet PLEIN_SEAL_KEY (minstens 32 willekeurige bytes, bijvoorbeeld "
                        'python3 -c "import secrets; print(secrets.token_hex(32))") en '
                        "bewaar hem buiten de database en naast de back-ups.")
    elif config.get("SEAL_KEY_GENERATED"):
        problems.append("De sleutel voor de zegels is zelf aangemaakt in instance/; zet "
                        "PLEIN_SEAL_KEY en bewaar hem buiten de database.")
    if not config.get("HSTS"):
        problems.append("Browsers krijgen geen Strict-Transport-Security mee, dus een "
                        "eerste bezoek kan nog over http; laat PLEIN_HSTS leeg (standaard "
                        "in productie) of zet er een max-age in.")
    if not config.get("TRUSTED_HOSTS"):
        problems.append("Er zijn geen vertrouwde hostnamen; zet PLEIN_TRUSTED_HOSTS, "
                        'bijvoorbeeld PLEIN_TRUSTED_HOSTS=\'["plein.bibliotheek.nl"]\'.')
    problems += _mail_problems(config)
    problems += _database_problems(config["SQLALCHEMY_DATABASE_URI"], mounts_text)
    return problems


def _mail_problems(config):
    if not config.get("MAIL_SERVER"):
        return ["Er is geen mailserver ingesteld: uitnodigingen, verzoeken om te tekenen en "
                "herinneringen blijven in de outbox staan. Zet PLEIN_MAIL_SERVER (en "
                "PLEIN_MAIL_PORT, _SECURITY, _USERNAME, _PASSWORD, _SENDER) en draai "
                "'flask plein send-mail' elke minuut vanuit cron."]
    problems = []
    if not config.get("MAIL_SENDER"):
        problems.append("Er is geen afzender voor e-mail; zet PLEIN_MAIL_SENDER, "
                        "bijvoorbeeld plein@bibliotheek.nl.")
    if config.get("MAIL_USERNAME") and config.get("MAIL_SECURITY") == "none":
        problems.append("Het wachtwoord voor de mailserver gaat onversleuteld over het "
                        "netwerk (PLEIN_MAIL_SECURITY=none); gebruik starttls of ssl.")
    return problems


def _seal_key_problems(config, secret_key):
    """A short seal key, or the secret key used twice (a missing or generated one is
    reported in deploy_problems)."""
    seal_key = config.get("SEAL_KEY") or ""
    size = len(seal_key.encode() if isinstance(seal_key, str) else seal_key)
    if not seal_key or config.get("SEAL_KEY_GENERATED"):
        return []
    if size < MIN_SECRET_BYTES:
        return [f"De zegelsleutel (PLEIN_SEAL_KEY) is te kort ({size} bytes, minstens "
                f"{MIN_SECRET_BYTES})."]
    if seal_key == secret_key:
        return ["De zegelsleutel is gelijk aan de geheime sleutel; gebruik twee "
                "verschillende sleutels."]
    return []


def data_problems():
    """What the stored data must not carry into production (needs an app context; an
    empty or not yet migrated database has none)."""
    from sqlalchemy import inspect

    from plein.accounts import separation
    from plein.extensions import db

    if not inspect(db.engine).has_table("memberships"):
        return []
    return [f"{user.email} is in plein '{plein.name}' partner én werkt er voor de "
            "bibliotheek (of is beheerder); zo kan iemand namens een partner tekenen. "
            "Haal een van beide rollen weg." for user, plein in separation.violations()]


def _database_problems(url, mounts_text):
    try:
        path = sqlite_path(url)
    except OpsError:
        return ["De database staat in het geheugen; alles is weg na een herstart."]
    if path is None:
        return []
    if str(path).startswith(("//", "\\\\")):
        fstype = "een netwerkshare"
    else:
        fstype = filesystem_of(path.parent if not path.exists() else path, mounts_text)
    if fstype in NETWORK_FILESYSTEMS or fstype == "een netwerkshare":
        return [f"De SQLite-database {path} staat op een netwerkschijf ({fstype}); "
                "daar werkt de vergrendeling van SQLite niet betrouwbaar. Zet hem op een "
                "lokale schijf of gebruik PostgreSQL."]
    return []
