"""Writing messages into the outbox, in the caller's transaction (the caller commits).

    outbox.queue(Kind.SIGNING, user, f"sign:{version.id}:{user.id}",
                 subject=..., template="mail/signing", link=..., plein=plein, **context)

renders ``templates/<template>.txt`` and ``.html``, applies the person's preference for
the kind (off: nothing is written; a digest: the message waits for the overview) and
skips a key that is already in the outbox, so a change that is saved twice, or a cron
run that is repeated, never queues a message twice.
"""

import base64
import json
from contextlib import nullcontext

from flask import current_app, g, has_request_context, render_template, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from plein.extensions import db
from plein.mail import preferences
from plein.mail.models import Choice, Kind, OutboxMessage, Status
from plein.urls import external_url

SUBJECT_MAX = OutboxMessage.subject.expression.type.length


def base_url():
    """Where links in mail point when no request is being answered (cron): the first
    of PLEIN_TRUSTED_HOSTS, else the development server."""
    hosts = current_app.config.get("TRUSTED_HOSTS")
    if hosts:
        scheme = "https" if current_app.config.get("ENV") == "production" else "http"
        return f"{scheme}://{hosts[0].lstrip('.')}"
    return "http://127.0.0.1:5000"


def _outside_request():
    """A request context for building links and rendering outside a request (cron)."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=base_url())


def absolute(endpoint, **values):
    """An absolute link for a message, inside a request or outside one."""
    if has_request_context():
        return external_url(endpoint, **values)
    with _outside_request():
        return url_for(endpoint, _external=True, **values)


def _render(template, context):
    with _outside_request():
        return render_template(f"{template}.txt", **context), render_template(
            f"{template}.html", **context)


def subject_for(plein, text):
    """The subject, with the plein's name in front (plein's own for account mails)."""
    name = plein.name if plein is not None else "plein"
    return f"{name}: {text}"[:SUBJECT_MAX]


def attachment(filename, content_type, data):
    """One attachment as the outbox keeps it (``data``: bytes or text)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return {"filename": filename, "content_type": content_type,
            "data": base64.b64encode(data).decode("ascii")}


def exists(key):
    return db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))


def queue(kind, to, key, *, subject, template, link="", plein=None, attachments=(),
          **context):
    """Queue one message of ``kind`` for ``to`` (a User, or an address for someone
    without an account). Returns the message, or None when it is not wanted (the
    person switched the kind off) or was queued before under ``key``."""
    kind = Kind(kind)
    user = None if isinstance(to, str) else to
    if user is not None and not user.active and kind != Kind.SECURITY:
        return None
    choice = preferences.choice_of(user, kind) if user is not None else Choice.NOW
    if choice == Choice.OFF or exists(key):
        return None
    unsubscribe = preferences.unsubscribe_url(user, kind) if user is not None else ""
    settings = absolute("mail.preferences") if user is not None else ""
    context.update(plein=plein, link=link, recipient=user, kind=kind,
                   unsubscribe=unsubscribe, settings=settings, subject=subject)
    text, html = _render(template, context)
    message = OutboxMessage(
        key=key, kind=kind, plein_id=plein.id if plein is not None else None,
        user_id=user.id if user is not None else None,
        to_address=to if user is None else user.email,
        subject=subject_for(plein, subject),
        body_text=text, body_html=html,
        link=link, unsubscribe_url=unsubscribe,
        attachments=json.dumps(list(attachments)) if attachments else "",
        status=Status.QUEUED if choice == Choice.NOW else Status.HELD,
        digest=None if choice == Choice.NOW else choice)
    try:
        with db.session.begin_nested():  # two writers with the same key: one wins
            db.session.add(message)
    except IntegrityError:
        return None
    if has_request_context() and message.status == Status.QUEUED:
        g.setdefault("mail_queued", []).append(message.id)
    return message
