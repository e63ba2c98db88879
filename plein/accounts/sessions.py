"""Login sessions: one ``LoginSession`` row per logged-in browser, checked on every request.

The signed cookie holds "<user id>:<token>"; the table holds the token's hash. A session
ends when its row is gone or too old:

- idle for ``SESSION_IDLE_MINUTES`` (default 480: a working day without a click), or
  older than ``SESSION_MAX_HOURS`` (default 12: one long library day, evening opening
  included; after that everyone logs in again, however busy);
- logout ends this session only; a password change ends the others (this browser gets a
  new session); an admin's password reset or blocking ends all of them;
- a blocked user is refused on the very next request, whatever the table says.

``last_seen_at`` is written at most once a minute per session, so the idle timeout is
exact to the minute and a busy page does not write on every request.
"""

from datetime import timedelta

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy import delete, or_, select, update

from plein.accounts.models import LoginSession, User, new_token, token_hash
from plein.extensions import db
from plein.timeutil import utcnow

TOUCH_EVERY = timedelta(minutes=1)

ENDED = "Je sessie is beëindigd. Log opnieuw in om verder te gaan."
IDLE = ("Je was een tijd niet actief, daarom ben je uitgelogd. Log opnieuw in om verder "
        "te gaan.")
TOO_OLD = "Je was lang ingelogd; log voor de veiligheid opnieuw in om verder te gaan."


def _idle_limit():
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def _max_age():
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def start(user):
    """A new session for ``user`` (the caller commits and calls ``login_user``)."""
    now = utcnow()
    _prune(now)
    token = new_token()
    g.login_session = LoginSession(user_id=user.id, token_hash=token_hash(token),
                                   created_at=now, last_seen_at=now)
    db.session.add(g.login_session)
    user.session_key = token
    return token


def end_current():
    """End the session of this request, and only that one (the caller commits)."""
    row = g.pop("login_session", None)
    if row is not None:
        db.session.execute(delete(LoginSession).where(LoginSession.id == row.id))


def end_all(user):
    """End every session of ``user`` (the caller commits)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def _prune(now):
    """Forget sessions that can no longer be used; cheap, and run at every login."""
    db.session.execute(delete(LoginSession).where(or_(
        LoginSession.last_seen_at < now - _idle_limit(),
        LoginSession.created_at < now - _max_age(),
    )))


def load_user(session_id: str):
    """Flask-Login's user loader: the user of a live session, or None.

    Only reads; ``check_request`` (run before every view) writes the outcome: it forgets
    an ended session and records when a live one was last used.
    """
    user_id, _, token = session_id.partition(":")
    g.session_ended = ENDED
    if not user_id.isdigit() or not token:
        return None
    # the session and its user in one statement: this runs before every page
    found = db.session.execute(
        select(LoginSession, User).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == token_hash(token))).first()
    if found is None or found[0].user_id != int(user_id):
        return None
    row, user = found
    g.login_session = row
    now = utcnow()
    if row.last_seen_at <= now - _idle_limit():
        g.session_ended = IDLE
        return None
    if row.created_at <= now - _max_age():
        g.session_ended = TOO_OLD
        return None
    if not user.active:
        return None
    g.session_ended = None
    user.session_key = token
    return user


def check_request():
    """Before every request: end a dead session, keep a live one's idle clock running."""
    if "_user_id" not in session or request.endpoint == "static":
        return
    if not current_user.is_authenticated:  # runs load_user
        row = g.pop("login_session", None)
        if row is not None:
            db.session.execute(delete(LoginSession).where(LoginSession.id == row.id))
            db.session.commit()
        session.clear()  # g.session_ended stays: the guard shows it on the way to login
        return
    row = g.get("login_session")
    now = utcnow()
    if row is not None and row.last_seen_at <= now - TOUCH_EVERY:
        db.session.execute(update(LoginSession).where(LoginSession.id == row.id)
                           .values(last_seen_at=now))
        db.session.commit()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie, which a file from ``static/`` never sends again.

    Flask re-sends a permanent session's cookie with every response, as it was when the
    request came in. A page's icon or stylesheet is often still on its way while the
    next form is posted: its late copy of the cookie would overwrite the one the post
    set, and the message "opgeslagen" (or a fresh login) would be lost. Pages and
    fragments still renew the cookie, so an active user's cookie does not expire.
    """

    def should_set_cookie(self, app, session):
        return request.endpoint != "static" and super().should_set_cookie(app, session)
