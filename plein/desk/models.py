"""A tally (registratie, turven): one contact at the desk, counted without any personal
data. What a tally holds: when (local date and day-part), the theme(s) of the question,
what happened, who helped (the library or a partner) and an optional topic word."""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TOPIC_MAX = 40  # a word or two ("donorregistratie"), never a note


class Help(Vocabulary):
    """What happened with the question (``Tally.help``)."""

    INFORMATION = "information", "Informatie"
    PRACTICAL = "practical", "Praktische hulp"
    REFERRED = "referred", "Doorverwezen"
    SIGNED_UP = "signed_up", "Aangemeld voor een activiteit"


tally_themes = Table(
    "desk_tally_themes", db.metadata,
    Column("tally_id", ForeignKey("desk_tallies.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("programme_themes.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Tally(db.Model):
    """One contact. ``partner_id`` None: the library helped. ``week_of`` (the Monday)
    and ``month_of`` (the 1st) are kept with the date so that the figures group in SQL
    the same way on SQLite and PostgreSQL, with an index to read a plein's year."""

    __tablename__ = "desk_tallies"
    # the figures read a plein's year from this index alone (it covers every column they
    # group by), not from the table
    __table_args__ = (Index("ix_desk_tallies_figures", "plein_id", "on_date", "week_of",
                            "month_of", "part", "help", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"))
    on: Mapped[date] = mapped_column("on_date", Date)
    week_of: Mapped[date] = mapped_column(Date)
    month_of: Mapped[date] = mapped_column(Date)
    part: Mapped[str] = mapped_column(String(10))
    help: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX), default="")
    # who counted it (a member of staff, not a visitor): for undo within the minute
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    themes = relationship("Theme", secondary=tally_themes, order_by="Theme.name")
    partner = relationship("Partner")

    @property
    def help_label(self):
        return Help.label_of(self.help)

    @property
    def part_label(self):
        from plein.programme.models import Part

        return Part.label_of(self.part)

    @property
    def helper(self):
        """Who helped, as shown."""
        return self.partner.name if self.partner else "Bibliotheek"
