"""Checklist items per phase, and the completions of recurring items."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from plein.extensions import db
from plein.notes.models import Note
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

ORIGIN_KEY_MAX = 80


class ItemStatus(Vocabulary):
    OPEN = "open", "Open"
    BUSY = "busy", "Bezig"
    DONE = "done", "Gereed"
    NA = "na", "N.v.t."


CLOSED = (ItemStatus.DONE, ItemStatus.NA)  # nothing left to do
ACTIVE = (ItemStatus.OPEN, ItemStatus.BUSY)


class Recurrence(Vocabulary):
    WEEKLY = "weekly", "elke week"
    MONTHLY = "monthly", "elke maand"
    QUARTERLY = "quarterly", "elk kwartaal"
    YEARLY = "yearly", "elk jaar"


class ChecklistItem(db.Model):
    __tablename__ = "checklist_items"
    __table_args__ = (Index("ix_checklist_items_plein_phase", "plein_id", "phase", "position"),
                      Index("ix_checklist_items_plein_origin", "plein_id", "origin_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"))
    phase: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    # The key in roadmap/defaults.py this item was made from; None for custom items.
    default_key: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=ItemStatus.OPEN)
    na_reason: Mapped[str] = mapped_column(String(300), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")  # links, one per line
    recurrence: Mapped[str | None] = mapped_column(String(10))
    # where an item came from when another feature made it (e.g. an MT condition)
    origin_url: Mapped[str | None] = mapped_column(String(300))
    # what made it, as a key the feature looks it up by ("signal:<word>",
    # "evaluation:<id>"): never found by its title, which people may change
    origin_key: Mapped[str | None] = mapped_column(String(ORIGIN_KEY_MAX))
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)
    # how many notes its thread has (the list shows "2 notities"), in the same query
    note_count = column_property(select(func.count(Note.id)).where(Note.item_id == id)
                                 .correlate_except(Note).scalar_subquery())

    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")
    status_changed_by = relationship("User", foreign_keys=[status_changed_by_id], lazy="joined")
    completions = relationship(
        "ItemCompletion", back_populates="item", cascade="all, delete-orphan",
        order_by="ItemCompletion.completed_on.desc()",
    )  # loaded on use; items_of() loads them for the whole list at once

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def is_custom(self):
        return self.default_key is None

    @property
    def is_closed(self):
        return self.status in CLOSED

    @property
    def status_label(self):
        return ItemStatus(self.status).label

    @property
    def recurrence_label(self):
        return Recurrence.label_of(self.recurrence)

    @property
    def evidence_links(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class ItemCompletion(db.Model):
    """One time a recurring item was done."""

    __tablename__ = "item_completions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), index=True)
    completed_on: Mapped[date] = mapped_column(Date)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item = relationship("ChecklistItem", back_populates="completions")
    completed_by = relationship("User", lazy="joined")
