"""A meeting (``Meeting``: partneroverleg, weekstart or dagstart) with who attended, its
agenda, notes and decisions, and its actions (``MeetingAction``).

An action is a checklist item made through the roadmap's service; the action keeps the
item's id (ON DELETE SET NULL) and its own title, so it still says what was agreed
when the item is deleted. Its status is the item's, read live.
"""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.forms import length_of
from plein.roadmap.models import ChecklistItem
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TEXT_MAX = 10_000  # agenda, notes, decisions each


class MeetingKind(Vocabulary):
    PARTNERS = "partners", "Partneroverleg"
    WEEK_START = "week_start", "Weekstart"
    DAY_START = "day_start", "Dagstart"


meeting_users = Table(
    "meeting_users", db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

meeting_partners = Table(
    "meeting_partners", db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_plein_kind_on", "plein_id", "kind", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"))
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column("on_date", Date)
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    # the recurring checklist item this meeting ticked off (daily-start, know-partners),
    # so saving the meeting again does not tick it twice
    ticked_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    ticked_item = relationship("ChecklistItem")
    users = relationship("User", secondary=meeting_users, order_by="User.name")
    partners = relationship("Partner", secondary=meeting_partners, order_by="Partner.name")
    actions = relationship("MeetingAction", cascade="all, delete-orphan",
                           order_by="MeetingAction.id", back_populates="meeting")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return f"{self.kind_label} {self.on:%d-%m-%Y}"

    @property
    def kind_label(self):
        return MeetingKind.label_of(self.kind)

    @property
    def the_kind(self):
        """"het partneroverleg", "de weekstart": the label with its article."""
        article = "het" if self.kind == MeetingKind.PARTNERS else "de"
        return f"{article} {self.kind_label.lower()}"


class MeetingAction(db.Model):
    """What was agreed at a meeting: a checklist item with an owner and a deadline,
    optionally for one partner organisation (which then sees it)."""

    __tablename__ = "meeting_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(length_of(ChecklistItem.title)))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting", back_populates="actions")
    partner = relationship("Partner", lazy="joined")
    item = relationship("ChecklistItem", lazy="joined")
