"""Secret links to the pages that open without a login: the TV screen, the public
programme and the plein's iCal feed (one of each per plein, made by the lead), and a
personal iCal feed per user.

Like an invitation, only the SHA-256 of a link's token is stored: the link is shown once,
when it is made. Renewing makes a new token and drops the old row, so the old link is a
404 from then on; switching a link off drops it. Every renewal and switch is in the
logboek.
"""

import hmac
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein import audit
from plein.accounts.models import Membership, new_token, token_hash
from plein.audit import AuditEvent
from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TOKEN_MAX = 100  # longer is no token of ours: refused before hashing


class LinkKind(Vocabulary):
    SCREEN = "screen", "Scherm op het plein"
    PUBLIC = "public", "Openbaar programma"
    FEED = "feed", "Agenda-abonnement (iCal) van het plein"
    PERSONAL = "personal", "Mijn agenda-abonnement (iCal)"


PLEIN_KINDS = (LinkKind.SCREEN, LinkKind.PUBLIC, LinkKind.FEED)


class ProgrammeLink(db.Model):
    """A live secret link: per plein for SCREEN, PUBLIC and FEED, per user for PERSONAL."""

    __tablename__ = "programme_links"
    # one live link of each kind per plein, one personal link per user (NULLs differ)
    __table_args__ = (UniqueConstraint("plein_id", "kind"), UniqueConstraint("user_id", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    plein_id: Mapped[int | None] = mapped_column(ForeignKey("pleinen.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # SCREEN only: the lead lets the screen show the first names of the desk staff
    show_desk_names: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plein = relationship("Plein", lazy="joined")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def kind_label(self):
        return LinkKind.label_of(self.kind)


def links_of(plein):
    """{kind: ProgrammeLink} of the plein's live links."""
    rows = db.session.scalars(select(ProgrammeLink).where(
        ProgrammeLink.plein_id == plein.id, ProgrammeLink.kind.in_(PLEIN_KINDS)))
    return {LinkKind(row.kind): row for row in rows}


def personal_link(user):
    return db.session.scalar(select(ProgrammeLink).where(
        ProgrammeLink.user_id == user.id, ProgrammeLink.kind == LinkKind.PERSONAL))


def renew(plein, kind, *, by):
    """A new link of ``kind`` for the plein (the old one stops working): (link, token)."""
    kind = LinkKind(kind)
    old = links_of(plein).get(kind)
    names = bool(old and old.show_desk_names)
    if old is not None:
        db.session.delete(old)
        db.session.flush()
    token = new_token()
    link = ProgrammeLink(kind=kind, plein_id=plein.id, token_hash=token_hash(token),
                         show_desk_names=names, created_by_id=by.id)
    db.session.add(link)
    db.session.flush()
    audit.record("programme.link", f"{kind.label}: " + (
        "nieuwe link gemaakt; de oude werkt niet meer" if old else "link aangezet"),
        plein=plein, obj=link, user=by)
    return link, token


def switch_off(plein, kind, *, by):
    """Drop the plein's link of ``kind``: its page is a 404 from now on."""
    kind = LinkKind(kind)
    old = links_of(plein).get(kind)
    if old is None:
        return None
    db.session.delete(old)
    audit.record("programme.link", f"{kind.label}: link uitgezet", plein=plein, user=by)
    return kind


def set_desk_names(plein, show, *, by):
    """Let the screen show (or hide) the first names of the desk staff."""
    link = links_of(plein).get(LinkKind.SCREEN)
    if link is None:
        from plein.errors import ServiceError

        raise ServiceError("Maak eerst een link voor het scherm.", "show")
    link.show_desk_names = bool(show)
    audit.record("programme.link", "Scherm op het plein: voornamen van de baliedienst "
                 + ("tonen" if show else "niet tonen"), plein=plein, obj=link, user=by)
    return link


def renew_personal(user):
    """A new personal feed link for ``user`` (the old one stops working): the token."""
    db.session.execute(delete(ProgrammeLink).where(
        ProgrammeLink.user_id == user.id, ProgrammeLink.kind == LinkKind.PERSONAL))
    token = new_token()
    link = ProgrammeLink(kind=LinkKind.PERSONAL, user_id=user.id,
                         token_hash=token_hash(token), created_by_id=user.id)
    db.session.add(link)
    db.session.flush()
    audit.record("programme.link", "Persoonlijk agenda-abonnement: nieuwe link gemaakt",
                 obj=link, user=user)
    return token


def find(token, kind):
    """The live link of ``kind`` for ``token``, or None. The row is found by the token's
    hash (an index lookup); the stored hash is compared in constant time as well."""
    if not token or len(token) > TOKEN_MAX:
        return None
    wanted = token_hash(token)
    link = db.session.scalar(select(ProgrammeLink).where(ProgrammeLink.token_hash == wanted))
    if link is None or link.kind != kind or not hmac.compare_digest(link.token_hash, wanted):
        return None
    return link


def plein_generation(plein):
    """A number that grows with every change in the plein: its logboek's length (events
    are never changed or deleted, and every change writes one). One cheap statement, so
    a conditional request is answered without reading the programme."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.plein_id == plein.id))


def user_generation(user):
    """As :func:`plein_generation`, over every plein the user is a member of (their
    items and desk shifts live there)."""
    pleinen = select(Membership.plein_id).where(Membership.user_id == user.id)
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.plein_id.in_(pleinen)))
