"""The logboek: one ``AuditEvent`` per change, written in the same transaction.

Rows are append-only: a flush that updates or deletes an audit row raises.
"""

from datetime import datetime

from flask_login import current_user
from sqlalchemy import ForeignKey, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

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


def events_for(plein, *, page=1, per_page=50):
    """Newest first, of one plein or (plein None) of the whole installation;
    returns (events, has_more)."""
    stmt = select(AuditEvent)
    if plein is not None:
        stmt = stmt.where(AuditEvent.plein_id == plein.id)
    stmt = (
        stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    rows = db.session.scalars(stmt).all()
    return rows[:per_page], len(rows) > per_page
