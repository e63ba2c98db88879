"""Delivery right after the request that queued a message (development: no cron), and
the console when no mail server is configured."""

import logging
import sys

from flask import current_app, g
from sqlalchemy import select

from plein.extensions import db
from plein.mail import sender
from plein.mail.models import OutboxMessage, Status

log = logging.getLogger("plein.mail")


def init_app(app):
    if app.config.get("MAIL_AFTER_REQUEST") is None:
        app.config["MAIL_AFTER_REQUEST"] = (app.config["ENV"] != "production"
                                            and not app.config.get("TESTING"))
    app.after_request(_after_request)


def _after_request(response):
    ids = g.pop("mail_queued", None)
    if ids and current_app.config["MAIL_AFTER_REQUEST"]:
        app = current_app._get_current_object()
        response.call_on_close(lambda: deliver_now(app, ids))
    return response


def deliver_now(app, ids):
    """Send (or, with no server, print) the messages ``ids`` once the response is out."""
    with app.app_context():
        try:
            if sender.configured():
                sender.deliver(ids=ids)
            else:
                print_queued(ids)
        except Exception:  # the outbox keeps them; cron or the next request retries
            db.session.rollback()
            log.exception("delivering messages %s after the request failed", ids)
        finally:
            db.session.remove()


def print_queued(ids=None, out=None):
    """Show queued messages on the console (all of them, or ``ids``); returns how many."""
    stmt = select(OutboxMessage).where(OutboxMessage.status == Status.QUEUED)
    if ids is not None:
        stmt = stmt.where(OutboxMessage.id.in_(ids))
    messages = db.session.scalars(stmt.order_by(OutboxMessage.id)).all()
    for message in messages:
        print(sender.show(message), file=out or sys.stderr, flush=True)
    return len(messages)
