"""Login throttling that holds across processes: failed attempts live in the database.

Three limits within ``LOGIN_WINDOW_MINUTES`` (default 15), after OWASP's guidance that
a throttle must not let a stranger lock a real user out:

- one account from one address (``LOGIN_MAX_PER_ACCOUNT_ADDRESS``, 5): then that
  address is refused for that account until enough attempts have left the window;
- one address, all accounts (``LOGIN_MAX_PER_IP``, 20): likewise for the address;
- one account, all addresses (``LOGIN_MAX_PER_ACCOUNT``, 50): no wall, but every further
  attempt waits a delay that doubles (1, 2, 4 … seconds, at most
  ``LOGIN_MAX_DELAY_SECONDS``, 60) after the account's latest attempt. A guesser with
  many addresses gets few guesses; the real user, from an address of their own, waits
  seconds at most instead of being locked out.

Refused attempts write nothing: they do not stretch a lockout, and a flood costs reads.
A password that turns out right forgives that account's attempts from that address.

Two workers must not both let the 5th and 6th attempt through, and a burst must not lock
everyone out either. So attempts for the same account or address take turns: the count
and the new row are one transaction that holds a lock (SQLite: the database's write
lock, taken by the first write; PostgreSQL: advisory locks on the account and the
address, always in that order). The n-th attempt sees exactly n - 1 rows before it.

The row of an attempt that turns out to fail simply stays: it is the failure record.
Rows older than the window are deleted whenever a new one is written.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, insert, select

from plein.accounts.models import LoginAttempt, normalise_email
from plein.extensions import db
from plein.timeutil import utcnow


@dataclass(frozen=True)
class Lockout:
    retry_after: int  # seconds until a new attempt is allowed
    started: bool = False  # the attempt just counted is the one that began it
    hard: bool = True  # a wall until the window frees (False: the account's delay)


def _window():
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _keys(email, ip):
    return normalise_email(email)[:254], (ip or "")[:45]


def _walls(email, ip):
    """(condition, limit) of the limits that refuse until the window frees."""
    config = current_app.config
    return ((and_(LoginAttempt.email == email, LoginAttempt.ip == ip),
             config["LOGIN_MAX_PER_ACCOUNT_ADDRESS"]),
            (LoginAttempt.ip == ip, config["LOGIN_MAX_PER_IP"]))


def _count(condition, since):
    return db.session.scalar(select(func.count()).select_from(LoginAttempt)
                             .where(condition, LoginAttempt.created_at > since))


def _lockout(email, ip, now, *, after_failure=False):
    """The Lockout a new attempt meets now, or None.

    ``after_failure``: asked right after a failed attempt was counted, to tell whether
    that attempt began the lockout (for the log)."""
    since = now - _window()
    wait, started = 0, False
    for condition, limit in _walls(email, ip):
        count = _count(condition, since)
        if count < limit:
            continue
        # Free again once so many of the oldest rows have left that fewer than `limit`
        # remain: the (count - limit + 1)-th oldest decides.
        freed_by = db.session.scalar(
            select(LoginAttempt.created_at).where(condition, LoginAttempt.created_at > since)
            .order_by(LoginAttempt.created_at, LoginAttempt.id)
            .offset(count - limit).limit(1))
        seconds = (freed_by + _window() - now).total_seconds() if freed_by else 1
        wait = max(wait, math.ceil(seconds), 1)
        started |= after_failure and count == limit
    if wait:
        return Lockout(wait, started)
    return _slowdown(email, now, since, after_failure)


def _slowdown(email, now, since, after_failure):
    """The account-wide delay: 2 ** (attempts over the limit) seconds after the latest."""
    config = current_app.config
    count = _count(LoginAttempt.email == email, since)
    over = count - config["LOGIN_MAX_PER_ACCOUNT"]
    if over < 0:
        return None
    delay = min(2 ** min(over, 30), config["LOGIN_MAX_DELAY_SECONDS"])
    latest = db.session.scalar(select(func.max(LoginAttempt.created_at))
                               .where(LoginAttempt.email == email))
    wait = math.ceil((latest + timedelta(seconds=delay) - now).total_seconds())
    if wait <= 0:
        return None
    return Lockout(wait, after_failure and over == 0, hard=False)


def admit(email, ip):
    """Claim a password check for this login, or return the Lockout that refuses it.

    Commits (the claim must be visible to every other worker before it counts).
    """
    email, ip = _keys(email, ip)
    now = utcnow()
    lockout = _lockout(email, ip, now)
    if lockout is not None:
        return lockout  # refused without writing
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
    """After a failed attempt: the Lockout the next attempt for this account from this
    address would meet now, if any (``started`` when this failure began it)."""
    email, ip = _keys(email, ip)
    return _lockout(email, ip, utcnow(), after_failure=True)


def succeeded(email, ip):
    """A correct password: this account's failed attempts from this address are
    forgiven (caller commits). Attempts from elsewhere still count: a real user's login
    does not give a guesser on another address a fresh start."""
    email, ip = _keys(email, ip)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email,
                                                  LoginAttempt.ip == ip))
