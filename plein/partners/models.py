"""Partner organisations of a plein (the register; the afwegingstabel extends this)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow


class Partner(db.Model):
    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("plein_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self):
        return self.name
