"""One note in the thread of a checklist item or of a partner."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow

NOTE_MAX = 5_000


class Note(db.Model):
    """A note on exactly one of: a checklist item, a partner. ``author`` is None for the
    text carried over from the old single notes field (no one knows who wrote it)."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("(item_id IS NULL) <> (partner_id IS NULL)", name="one_target"),
        Index("ix_notes_item_id_created_at", "item_id", "created_at"),
        Index("ix_notes_partner_id_created_at", "partner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", lazy="joined")
