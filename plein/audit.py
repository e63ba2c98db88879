"""The logboek: one ``AuditEvent`` per change, written in the same transaction.

Rows are append-only: a flush that updates or deletes an audit row raises.
"""

import logging
from datetime import datetime

from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, event, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_plein_id_user_id", "plein_id", "user_id"),
                      # the logboek's order: a page is read in order, not sorted
                      Index("ix_audit_events_plein_id_created_at", "plein_id", "created_at",
                            "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int | None] = mapped_column(ForeignKey("pleinen.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user = relationship("User", lazy="joined")
    plein = relationship("Plein", lazy="joined")


class AuditImmutable(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutable("audit events are never changed or deleted")


def record(action, summary, *, plein=None, obj=None, user=None):
    """Add an audit event to the current transaction (the caller commits)."""
    if user is None and current_user and current_user.is_authenticated:
        user = current_user._get_current_object()
    event_ = AuditEvent(
        plein_id=plein.id if plein is not None else None,
        user_id=user.id if user is not None else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        summary=summary[:500],
    )
    db.session.add(event_)
    return event_


security_log = logging.getLogger("plein.security")
WARNINGS = {"user.login_failed", "user.login_locked", "access.refused"}


def security(action, summary, *, user=None, obj=None):
    """An installation-wide security event (logins, lockouts, refusals): an audit row in
    the current transaction (the caller commits) and a line in the ``plein.security`` log."""
    event_ = record(action, summary, user=user, obj=obj)
    level = logging.WARNING if action in WARNINGS else logging.INFO
    security_log.log(level, "%s user=%s %s", action, event_.user_id, summary)
    return event_


def refused(summary):
    """Log a refused request in its own transaction; never fails the request itself."""
    try:
        security("access.refused", summary)
        db.session.commit()
    except Exception:
        db.session.rollback()
        security_log.exception("could not record refused access: %s", summary)


# The logboek's "what" filter: each group of events is one or more action prefixes
# ("item." ...).
EVENT_GROUPS = {
    "stappenplan": ("Stappenplan", ("item", "phase")),
    "notities": ("Notities", ("note",)),
    "partners": ("Partners", ("partner",)),
    "afwegingstabel": ("Afwegingstabel", ("score", "criteria")),
    "plan": ("Plan en draagvlak", ("plan",)),
    "contract": ("Samenwerkingscontract", ("agreement",)),
    "programma": ("Programma", ("programme",)),
    # tallies, referral agreements, referrals and every look at a visitor's contact
    "balie": ("Balie en doorverwijzingen", ("desk",)),
    "leden": ("Leden en uitnodigingen", ("member", "invitation")),
    "accounts": ("Inloggen en accounts", ("user", "access")),
    "pleinen": ("Pleinen", ("plein",)),
    "berichten": ("Berichten (e-mail)", ("mail",)),
}


def events_for(plein, *, page=1, per_page=50, user_id=None, kind=None, since=None,
               until=None):
    """Newest first, of one plein or (plein None) of the whole installation, narrowed to
    one person, one group of events (``kind``: a key of ``EVENT_GROUPS``) and a period
    (aware datetimes, ``until`` exclusive); returns (events, has_more)."""
    stmt = select(AuditEvent)
    if plein is not None:
        stmt = stmt.where(AuditEvent.plein_id == plein.id)
    if user_id:
        stmt = stmt.where(AuditEvent.user_id == user_id)
    if kind in EVENT_GROUPS:
        stmt = stmt.where(or_(*(AuditEvent.action.startswith(f"{prefix}.", autoescape=True)
                                for prefix in EVENT_GROUPS[kind][1])))
    if since is not None:
        stmt = stmt.where(AuditEvent.created_at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.created_at < until)
    stmt = (
        stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    rows = db.session.scalars(stmt).all()
    return rows[:per_page], len(rows) > per_page


def authors(plein):
    """The people with at least one event in ``plein`` (all people: plein None), by name."""
    from plein.accounts.models import User

    stmt = select(User).order_by(User.name)
    if plein is not None:
        stmt = stmt.where(User.id.in_(select(AuditEvent.user_id).where(
            AuditEvent.plein_id == plein.id, AuditEvent.user_id.is_not(None)).distinct()))
    return db.session.scalars(stmt).all()
