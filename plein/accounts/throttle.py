"""Login throttling that holds across processes: failed attempts live in the database.

Within ``LOGIN_WINDOW_MINUTES`` (default 15) at most ``LOGIN_MAX_PER_ACCOUNT`` (5)
failed logins per e-mail address, existing or not, and ``LOGIN_MAX_PER_IP`` (20) per
client address get a password check. After that a login is refused without checking
the password until enough attempts have left the window; a successful login clears
its account's attempts.

Two workers must not both let the 5th and 6th attempt through, and a burst must not
lock everyone out either. So attempts for the same account or address take turns: the
count and the new row are one transaction that holds a lock (SQLite: the database's
write lock, taken by the first write; PostgreSQL: advisory locks on the account and the
address, always in that order). The n-th attempt sees exactly n - 1 rows before it, so
exactly the limit reaches the password check. Refused attempts write nothing: they do
not stretch the lockout.

The row of an attempt that turns out to fail simply stays: it is the failure record.
Rows older than the window are deleted whenever a new one is written.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from plein.accounts.models import LoginAttempt, normalise_email
from plein.extensions import db
from plein.timeutil import utcnow


@dataclass(frozen=True)
class Lockout:
    retry_after: int  # seconds until a new attempt is allowed


def _window():
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _limits(email, ip):
    config = current_app.config
    return ((LoginAttempt.email, email, config["LOGIN_MAX_PER_ACCOUNT"]),
            (LoginAttempt.ip, ip, config["LOGIN_MAX_PER_IP"]))


def _lockout(email, ip, now, *, allowed_extra=0):
    """A Lockout when a key holds more than limit - 1 + allowed_extra attempts."""
    since = now - _window()
    wait = 0
    for column, value, limit in _limits(email, ip):
        in_window = (column == value, LoginAttempt.created_at > since)
        count = db.session.scalar(select(func.count()).select_from(LoginAttempt)
                                  .where(*in_window))
        if count < limit + allowed_extra:
            continue
        # Free again once so many of the oldest rows have left that fewer than `limit`
        # remain: the (count - limit + 1)-th oldest decides.
        freed_by = db.session.scalar(
            select(LoginAttempt.created_at).where(*in_window)
            .order_by(LoginAttempt.created_at, LoginAttempt.id)
            .offset(max(count - limit, 0)).limit(1))
        seconds = (freed_by + _window() - now).total_seconds() if freed_by else 1
        wait = max(wait, math.ceil(seconds), 1)
    return Lockout(wait) if wait else None


def admit(email, ip):
    """Claim a password check for this login, or return the Lockout that refuses it.

    Commits (the claim must be visible to every other worker before it counts).
    """
    email, ip = normalise_email(email)[:254], (ip or "")[:45]
    now = utcnow()
    lockout = _lockout(email, ip, now)
    if lockout is not None:
        return lockout  # refused without writing: a flood during a lockout costs reads
    _take_turns(email, ip)
    # on SQLite this first write takes the database's write lock until the commit
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= now - _window()))
    lockout = _lockout(email, ip, now)  # counted while holding the lock: exact
    if lockout is not None:
        db.session.rollback()
        return lockout
    db.session.execute(insert(LoginAttempt).values(email=email, ip=ip, created_at=now))
    db.session.commit()
    return None


def _take_turns(email, ip):
    """PostgreSQL: wait for other attempts on this account or address (transaction-scoped
    advisory locks, account first, so two attempts never wait for each other)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"login-email:{email}", f"login-ip:{ip}"):
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


def lockout(email, ip):
    """The Lockout a new attempt for this email or address would meet now, if any."""
    return _lockout(normalise_email(email)[:254], (ip or "")[:45], utcnow())


def succeeded(email):
    """A correct password: this account's failed attempts are forgiven (caller commits)."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.email == normalise_email(email)[:254]))
