"""A success story (succesverhaal): what went well on the plein, when, with which
partner organisations, written by a member of the plein. It holds no visitor's name or
other personal data (``plein.results.successes`` refuses e-mail addresses and phone
numbers). A shareable story may be told outside the network: it shows on the public
programme page.

Who collects the stories is the owner of the plein's recurring checklist item
"Succesverhalen verzamelen" (origin key ``successes:collect``): no table of its own.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow

STORY_MAX = 3_000  # what happened: a few paragraphs

success_partners = Table(
    "results_success_partners", db.metadata,
    Column("story_id", ForeignKey("results_successes.id", ondelete="CASCADE"),
           primary_key=True),
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
)


class SuccessStory(db.Model):
    __tablename__ = "results_successes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    story: Mapped[str] = mapped_column(Text, default="")
    happened_on: Mapped[date] = mapped_column(Date)
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    written_by = relationship("User", lazy="joined")
    partners = relationship("Partner", secondary=success_partners, order_by="Partner.name",
                            lazy="selectin")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.title

    @property
    def partner_names(self):
        return ", ".join(p.name for p in self.partners)
