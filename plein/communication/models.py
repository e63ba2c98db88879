"""The communication plan of a plein (one per plein, with one person responsible), its
target groups (``Audience``: who they are, the goal with a measurable target and a date,
the core message and tone of voice, the chosen means), the content calendar
(``CalendarItem``) and the figures entered by hand to monitor the effect
(``ChannelFigure``). Visits to the plein are not stored here: they are counted from the
desk's tallies."""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TEXT_MAX = 2_000  # a description, a core message: a paragraph or two
MESSAGE_MAX = 1_000  # a calendar item's message
VALUE_MAX = 100_000_000  # larger than any count a library's channel makes; refuses typos


class Means(Vocabulary):
    """A means or channel of communication (communicatiemiddel)."""

    FLYER = "flyer", "Flyer"
    FOLDER = "folder", "Folder"
    POSTER = "poster", "Poster"
    WEBSITE = "website", "Website"
    SOCIAL = "social", "Sociale media"
    LOCAL_PAPER = "local_paper", "Lokale krant"
    PARTNERS = "partners", "Kanalen van partners"
    WEEKSTART = "weekstart", "Presentatie op de weekstart"
    INTRANET = "intranet", "Intranet"
    NEWSLETTER = "newsletter", "Nieuwsbrief"
    OTHER = "other", "Anders"


class ItemStatus(Vocabulary):
    """Where a calendar item stands."""

    IDEA = "idea", "Idee"
    PREPARING = "preparing", "In voorbereiding"
    READY = "ready", "Klaar"
    PUBLISHED = "published", "Verstuurd / gepubliceerd"


class Metric(Vocabulary):
    """What a figure entered by hand measures."""

    PAGE_VIEWS = "page_views", "Paginaweergaven van de landingspagina"
    SOCIAL_REACH = "social_reach", "Bereik op sociale media"
    SOCIAL_RESPONSE = "social_response", "Reacties op sociale media"
    OTHER = "other", "Anders"


class CommunicationPlan(db.Model):
    """The plan as a whole: who is responsible for the planning, and an introduction."""

    __tablename__ = "communication_plans"
    __table_args__ = (UniqueConstraint("plein_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"))
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    introduction: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    responsible = relationship("User", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}


class Audience(db.Model):
    """A target group (communicatiedoelgroep) with its goal, message and means."""

    __tablename__ = "communication_audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    age: Mapped[str] = mapped_column(String(120), default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    media_use: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(String(300))
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40), default="")
    goal_date: Mapped[date] = mapped_column(Date)
    core_message: Mapped[str] = mapped_column(Text, default="")
    tone: Mapped[str] = mapped_column(String(300), default="")
    means: Mapped[str] = mapped_column(String(200), default="")  # Means values, comma
    means_other: Mapped[str] = mapped_column(String(120), default="")
    results_goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("results_goals.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    results_goal = relationship("Goal", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.name

    @property
    def means_list(self):
        return [m for m in self.means.split(",") if m in Means.values()]

    @property
    def means_labels(self):
        return [self.means_other if m == Means.OTHER and self.means_other
                else Means.label_of(m) for m in self.means_list]


class CalendarItem(db.Model):
    """One planned message on one channel on one date, with a buffer date before it by
    which it should be ready. Its owner is a library user, or (on a partner's channel)
    a partner organisation."""

    __tablename__ = "communication_calendar_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    on: Mapped[date] = mapped_column("on_date", Date, index=True)
    buffer_on: Mapped[date | None] = mapped_column(Date)
    audience_id: Mapped[int | None] = mapped_column(
        ForeignKey("communication_audiences.id", ondelete="SET NULL"))
    means: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(120), default="")
    message: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ItemStatus.IDEA.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    audience = relationship("Audience", lazy="joined")
    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")
    partner = relationship("Partner", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.message

    @property
    def means_label(self):
        return Means.label_of(self.means)

    @property
    def status_label(self):
        return ItemStatus.label_of(self.status)

    @property
    def owner_name(self):
        if self.partner is not None:
            return self.partner.name
        return self.owner.name if self.owner is not None else "niemand"

    def is_late(self, today):
        """Not sent although its date has passed, or not ready although its buffer date
        has passed."""
        if self.status == ItemStatus.PUBLISHED:
            return False
        if self.on < today:
            return True
        return bool(self.buffer_on and self.buffer_on < today
                    and self.status in (ItemStatus.IDEA, ItemStatus.PREPARING))


class ChannelFigure(db.Model):
    """A figure of a channel on a date, entered by hand with where it came from,
    optionally about one target group."""

    __tablename__ = "communication_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    on: Mapped[date] = mapped_column("on_date", Date)
    metric: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200))
    audience_id: Mapped[int | None] = mapped_column(
        ForeignKey("communication_audiences.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audience = relationship("Audience", lazy="joined")

    @property
    def metric_label(self):
        return Metric.label_of(self.metric)
