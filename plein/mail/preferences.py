"""Each person's choice per kind of message, and the unsubscribe link of a message.

The link carries a token signed with the app's secret key (itsdangerous): the person's
id and the kind. It needs no login and works for that person and that kind only; a
changed token, or one for another kind, is refused.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from plein import audit
from plein.errors import ServiceError
from plein.extensions import db
from plein.mail.models import CHOOSABLE, MANDATORY, Choice, Kind, MailPreference

SALT = "plein.mail.unsubscribe"


def choice_of(user, kind):
    if kind in MANDATORY:
        return Choice.NOW
    stored = db.session.scalar(select(MailPreference.choice).where(
        MailPreference.user_id == user.id, MailPreference.kind == kind))
    return Choice(stored) if stored in Choice.values() else Choice.NOW


def choices_of(user):
    """{kind: choice} for every kind a person can choose about."""
    stored = dict(db.session.execute(select(MailPreference.kind, MailPreference.choice)
                                     .where(MailPreference.user_id == user.id)).all())
    return {kind: Choice(stored[kind]) if stored.get(kind) in Choice.values() else Choice.NOW
            for kind in CHOOSABLE}


def set_choices(user, wanted, *, by):
    """Store ``wanted`` ({kind: choice}); returns the kinds that changed."""
    current = choices_of(user)
    changed = []
    for kind, choice in wanted.items():
        if kind not in CHOOSABLE:
            raise ServiceError("Dit soort bericht kun je niet uitzetten.")
        if choice not in Choice.values():
            raise ServiceError("Kies direct, een overzicht of uit.", field=kind)
        if current[kind] == choice:
            continue
        row = db.session.scalar(select(MailPreference).where(
            MailPreference.user_id == user.id, MailPreference.kind == kind))
        if row is None:
            db.session.add(MailPreference(user_id=user.id, kind=kind, choice=choice))
        else:
            row.choice = choice
        changed.append(Kind(kind))
    if changed:
        db.session.flush()
        audit.record("mail.preferences", f"{user.email} wijzigde de berichtinstellingen: "
                     + ", ".join(f"{k.label.lower()}: {Choice(wanted[k]).label.lower()}"
                                 for k in changed), obj=user, user=by)
    return changed


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(user, kind):
    return _serializer().dumps([user.id, str(kind)])


def unsubscribe_url(user, kind):
    """The link in a message of ``kind`` to ``user`` ("" for kinds that stay on)."""
    if kind in MANDATORY:
        return ""
    from plein.mail.outbox import absolute

    return absolute("mail.unsubscribe", kind=str(kind), token=token_for(user, kind))


def user_for_token(kind, token):
    """The person a token of ``kind`` was made for, or None (changed, another kind's,
    a kind that cannot be switched off, or an account that is gone)."""
    from plein.accounts.models import User

    if kind not in CHOOSABLE or len(token or "") > 200:
        return None
    try:
        user_id, signed_kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if signed_kind != kind or not isinstance(user_id, int):
        return None
    return db.session.get(User, user_id)


def unsubscribe(user, kind):
    """Switch ``kind`` off for ``user`` (from the link in a message)."""
    if choice_of(user, kind) == Choice.OFF:
        return False
    set_choices(user, {Kind(kind): Choice.OFF}, by=user)
    return True
