"""Overviews: the messages a person chose to get per day or per week, bundled into one.

``bundle(day)`` runs once a day (``flask plein daily-mail``): every person's held daily
messages, and on Mondays the weekly ones, become one message keyed by person and day,
so a second run on the same day finds nothing left to bundle and queues nothing.
"""

from collections import defaultdict

from sqlalchemy import select

from plein.accounts.models import User
from plein.extensions import db
from plein.mail import outbox
from plein.mail.models import Choice, Kind, OutboxMessage, Status

MONDAY = 0


def bundle(day):
    """Queue today's overviews; returns how many."""
    kinds = [Choice.DAILY] + ([Choice.WEEKLY] if day.weekday() == MONDAY else [])
    held = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.status == Status.HELD, OutboxMessage.digest.in_(kinds))
        .order_by(OutboxMessage.user_id, OutboxMessage.id)).all()
    per_person = defaultdict(list)
    for message in held:
        per_person[(message.user_id, message.digest)].append(message)
    queued = 0
    for (user_id, choice), messages in per_person.items():
        user = db.session.get(User, user_id)
        period = "week" if choice == Choice.WEEKLY else "dag"
        subject = (f"je overzicht van deze {period}: {len(messages)} "
                   f"{'bericht' if len(messages) == 1 else 'berichten'}")
        made = outbox.queue(Kind.DIGEST, user, f"digest:{choice}:{user_id}:{day.isoformat()}",
                            subject=subject, template="mail/digest",
                            link=outbox.absolute("accounts.index"), messages=messages,
                            period=period)
        for message in messages:
            message.status, message.digest = Status.BUNDLED, None
        queued += made is not None
    db.session.flush()
    return queued
