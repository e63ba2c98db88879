"""Delivering the outbox over SMTP: claim due messages, send each once, retry later.

Built on the standard library (``email.message.EmailMessage`` and ``smtplib``): the
outbox already does what a mail extension would add (queueing, templates), and the
sender needs the server's own answer per recipient (``SMTPRecipientsRefused``, the
reply code) to tell a bad address (failed at once) from a server that is down
(retried later).

Claiming is one conditional UPDATE that marks a batch ``sending`` with a token of this
run; on PostgreSQL its inner SELECT locks the rows ``FOR UPDATE SKIP LOCKED``, so two
senders (or several app servers) never claim the same row and never wait for each
other. Each message is marked sent in its own commit right after the server accepted
it. A sender killed mid-batch leaves its claimed rows ``sending``; they are claimed
again once the lease (``LEASE``) has passed. Only a kill between the server's
"250 OK" and that commit can send one message twice; the Message-ID, made from the
message's key, stays the same so the copy can be recognised.
"""

import base64
import contextlib
import hashlib
import json
import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from flask import current_app
from sqlalchemy import and_, or_, select, update

from plein.extensions import db
from plein.mail.models import Kind, OutboxMessage, Status
from plein.timeutil import utcnow

log = logging.getLogger("plein.mail")

# Minutes to wait after the 1st, 2nd, ... failed try; after the last one: failed.
DELAYS = (1, 5, 15, 60, 180, 360)
MAX_ATTEMPTS = len(DELAYS) + 1
LEASE = timedelta(minutes=10)
BATCH = 50
ERROR_MAX = OutboxMessage.last_error.expression.type.length


@dataclass
class Result:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def configured(config=None):
    return bool((config or current_app.config).get("MAIL_SERVER"))


def sender_address(config):
    return config.get("MAIL_SENDER") or f"plein@{config.get('MAIL_SERVER') or 'localhost'}"


def build(message, config=None):
    """The e-mail of an outbox row: plain text plus HTML, attachments, and headers."""
    config = config or current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = formataddr(("plein", sender_address(config)))
    email["To"] = message.to_address
    email["Date"] = format_datetime(message.created_at)
    domain = sender_address(config).rpartition("@")[2] or "plein"
    email["Message-ID"] = f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    for item in json.loads(message.attachments) if message.attachments else ():
        maintype, _, subtype = item["content_type"].partition("/")
        email.add_attachment(base64.b64decode(item["data"]), maintype=maintype,
                             subtype=subtype, filename=item["filename"])
    return email


def connect(config):
    """An SMTP connection as PLEIN_MAIL_SECURITY says: starttls (default), ssl or none."""
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587)
    security = (config.get("MAIL_SECURITY") or "starttls").lower()
    timeout = config.get("MAIL_TIMEOUT", 30)
    context = ssl.create_default_context()
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if security == "starttls":
            smtp.starttls(context=context)
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _due(now):
    return or_(and_(OutboxMessage.status == Status.QUEUED, OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.status == Status.SENDING, OutboxMessage.claimed_at < now - LEASE))


def claim(limit=BATCH, now=None, ids=None):
    """Mark up to ``limit`` due messages as this run's (``ids``: only those); returns
    (token, the claimed rows). Commits."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    inner = select(OutboxMessage.id).where(_due(now))
    if ids is not None:
        inner = inner.where(OutboxMessage.id.in_(ids))
    inner = inner.order_by(OutboxMessage.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        inner = inner.with_for_update(skip_locked=True)
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(inner.scalar_subquery()))
                       .values(status=Status.SENDING, claimed_by=token, claimed_at=now)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.claimed_by == token,
                                                          OutboxMessage.status == Status.SENDING)
                              .order_by(OutboxMessage.id)
                              .execution_options(populate_existing=True)).all()
    return token, rows


def _finish(message, token, **values):
    """Record the outcome of one message, if this run still holds it; commits."""
    db.session.execute(update(OutboxMessage)
                       .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == token)
                       .values(claimed_by=None, claimed_at=None, **values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _answer(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()[:ERROR_MAX]


def _try_again(message, token, error, now):
    attempts = message.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _finish(message, token, status=Status.FAILED, attempts=attempts, last_error=error)
        return "failed"
    _finish(message, token, status=Status.QUEUED, attempts=attempts, last_error=error,
            next_attempt_at=now + timedelta(minutes=DELAYS[attempts - 1]))
    return "retry"


def deliver(limit=BATCH, now=None, ids=None):
    """Send what is due (``ids``: only those, if due). Returns a Result."""
    config = current_app.config
    now = now or utcnow()
    result = Result()
    token, rows = claim(limit, now, ids)
    if not rows:
        return result
    try:
        smtp = connect(config)
    except (OSError, smtplib.SMTPException) as error:
        text = _answer(getattr(error, "smtp_code", ""), getattr(error, "smtp_error", "")
                       or str(error) or type(error).__name__)
        log.warning("mail server unreachable: %s", text)
        for message in rows:
            outcome = _try_again(message, token, f"Mailserver niet bereikbaar: {text}", now)
            setattr(result, outcome, getattr(result, outcome) + 1)
        return result
    try:
        for index, message in enumerate(rows):
            outcome, error = _send_one(smtp, message, token, config, now)
            if outcome == "lost":  # the server is gone: the rest waits as long
                for rest in rows[index:]:
                    outcome = _try_again(rest, token, error, now)
                    setattr(result, outcome, getattr(result, outcome) + 1)
                break
            setattr(result, outcome, getattr(result, outcome) + 1)
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    return result


def _send_one(smtp, message, token, config, now):
    """(outcome, error): "sent", "retry", "failed", or "lost" with the error when the
    connection is gone (the caller reschedules this message and the rest)."""
    try:
        refused = smtp.send_message(build(message, config), from_addr=sender_address(config),
                                    to_addrs=[message.to_address])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = error.recipients.get(message.to_address, (550, b"refused"))
        refused = {message.to_address: (code, text)}
    except smtplib.SMTPResponseException as error:
        refused = {message.to_address: (error.smtp_code, error.smtp_error)}
    except (OSError, smtplib.SMTPException) as error:
        return "lost", f"Verbinding verbroken: {error or type(error).__name__}"[:ERROR_MAX]
    if not refused:
        _finish(message, token, status=Status.SENT, sent_at=utcnow(), last_error="",
                attempts=message.attempts + 1, **_without_secret_link(message))
        return "sent", None
    code, text = refused.get(message.to_address, (550, b"refused"))
    answer = _answer(code, text)
    if 500 <= int(code or 0) < 600:  # final: a bad address, a refused message
        _finish(message, token, status=Status.FAILED, attempts=message.attempts + 1,
                last_error=f"Geweigerd door de mailserver: {answer}"[:ERROR_MAX])
        return "failed", None
    error = f"Tijdelijk geweigerd: {answer}"[:ERROR_MAX]
    if int(code or 0) == 421 or smtp.sock is None:  # the server closes: all wait
        return "lost", error
    return _try_again(message, token, error, now), None


def _without_secret_link(message):
    """An invitation's link holds the token of which plein keeps only the hash: once
    the message is out, the outbox forgets it too."""
    if message.kind != Kind.INVITATION or not message.link:
        return {}
    gone = "(link verwijderd na verzending)"
    return {"link": "", "body_text": message.body_text.replace(message.link, gone),
            "body_html": message.body_html.replace(message.link, gone)}


def show(message):
    """The message as the console shows it when no mail server is configured."""
    line = "-" * 72
    return (f"{line}\nBericht (niet verzonden: geen PLEIN_MAIL_SERVER) #{message.id}\n"
            f"Aan: {message.to_address}\nOnderwerp: {message.subject}\n\n"
            f"{message.body_text}\n{line}")
