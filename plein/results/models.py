"""A goal (doelstelling) and the measurements entered by hand for it.

A quantitative goal has one indicator: where its figures come from (``Source``), an
optional narrowing to one theme or one partner, a baseline (nulmeting) and a target.
The app measures every source except ``MANUAL`` itself (``plein.results.indicators``);
for ``MANUAL`` people enter dated ``Measurement``s with where the figure came from.

A theme or partner the indicator is narrowed to keeps its name beside the id: when the
theme is removed the id becomes NULL (ON DELETE SET NULL) and the goal can still say
which theme it counted.
"""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

WHY_MAX = 2_000
VALUE_MAX = 1_000_000_000  # larger than any count a plein makes; refuses typos


class GoalKind(Vocabulary):
    QUANTITATIVE = "quantitative", "Meetbaar (met een getal)"
    QUALITATIVE = "qualitative", "Kwalitatief (beschrijvend)"


class Source(Vocabulary):
    """Where an indicator's figures come from."""

    CONTACTS = "contacts", "Contacten op het plein (geturfd)"
    ACTIVITIES = "activities", "Activiteiten gehouden (niet vervallen)"
    PARTNERS = "partners", "Actieve partners (doen mee)"
    PRESENCE = "presence", "Uren aanwezigheid van partners (volgens het programma)"
    ROUTINE = "routine", "Terugkerende punten op tijd gedaan (%)"
    MANUAL = "manual", "Zelf ingevoerde metingen"
    REFERRALS_HELPED = "referrals_helped", "Doorverwijzingen die 'geholpen' bereikten"


# counted over the goal's period (adding up from its start); the others are a level
# at a moment (the latest figure counts)
COUNTED = (Source.CONTACTS.value, Source.ACTIVITIES.value, Source.PRESENCE.value,
           Source.REFERRALS_HELPED.value)
BY_THEME = (Source.CONTACTS.value, Source.ACTIVITIES.value, Source.REFERRALS_HELPED.value)
BY_PARTNER = (Source.CONTACTS.value, Source.ACTIVITIES.value, Source.PRESENCE.value,
              Source.REFERRALS_HELPED.value)
UNITS = {Source.CONTACTS: "contacten", Source.ACTIVITIES: "keer", Source.PARTNERS: "partners",
         Source.PRESENCE: "uur", Source.ROUTINE: "%",
         Source.REFERRALS_HELPED: "doorverwijzingen"}


class Goal(db.Model):
    __tablename__ = "results_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    why: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    # the indicator (quantitative goals only)
    source: Mapped[str | None] = mapped_column(String(20))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_themes.id", ondelete="SET NULL"))
    theme_name: Mapped[str] = mapped_column(String(60), default="")
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"))
    partner_name: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")
    partner = relationship("Partner", lazy="joined")
    measurements = relationship("Measurement", cascade="all, delete-orphan",
                                order_by="Measurement.on", back_populates="goal")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.title

    @property
    def is_quantitative(self):
        return self.kind == GoalKind.QUANTITATIVE

    @property
    def kind_label(self):
        return GoalKind.label_of(self.kind)

    @property
    def source_label(self):
        return Source.label_of(self.source)

    @property
    def is_counted(self):
        return self.source in COUNTED

    @property
    def unit_label(self):
        if self.source == Source.MANUAL:
            return self.unit
        return UNITS.get(self.source, "") if self.source else ""

    @property
    def scope(self):
        """What the indicator is narrowed to, as shown ("" for everything)."""
        parts = []
        if self.theme_name:
            parts.append(f"thema {self.theme_name}")
        if self.partner_name:
            parts.append(self.partner_name)
        return ", ".join(parts)


class Measurement(db.Model):
    """A figure entered by hand for a goal, on a date, with where it came from."""

    __tablename__ = "results_measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("results_goals.id", ondelete="CASCADE"),
                                         index=True)
    on: Mapped[date] = mapped_column("on_date", Date)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal = relationship("Goal", back_populates="measurements")
