"""The programme of a plein: themes on day-parts, rooms, activities (het aanbod), when
they take place, changes to single dates and the library's closing days.

Times are local: a schedule stores a local date and local start and end times, never a
UTC instant. "Tuesday 14:00" stays 14:00 on the wall clock across the change to and from
summer time; an instant is made only where one is needed (``Occurrence.starts_at``).
"""

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

DESCRIPTION_MAX = 1_000
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class Part(Vocabulary):
    """The three day-parts of a day, with the hours a plein opens by default."""

    MORNING = "morning", "ochtend"
    AFTERNOON = "afternoon", "middag"
    EVENING = "evening", "avond"


DEFAULT_HOURS = {Part.MORNING: (time(9), time(12, 30)), Part.AFTERNOON: (time(13), time(17)),
                 Part.EVENING: (time(18, 30), time(21))}


class ActivityKind(Vocabulary):
    CONSULTATION = "consultation", "Spreekuur"
    DROP_IN = "drop_in", "Inloop"
    WORKSHOP = "workshop", "Workshop"
    COURSE = "course", "Cursus of oefengroep"
    INFORMATION = "information", "Voorlichting"
    DESK = "desk", "Baliedienst"


class Access(Vocabulary):
    WALK_IN = "walk_in", "Vrije inloop"
    APPOINTMENT = "appointment", "Op afspraak"


class Rule(Vocabulary):
    """How a schedule repeats."""

    ONCE = "once", "Eén keer"
    WEEKLY = "weekly", "Elke week"
    BIWEEKLY = "biweekly", "Om de week"
    MONTHLY = "monthly", "Eens per maand (bijvoorbeeld elke eerste dinsdag)"


class Change(Vocabulary):
    """What happens to one date of a schedule."""

    CANCELLED = "cancelled", "Vervalt"
    MOVED = "moved", "Verplaatst"
    OTHER_PERSON = "other_person", "Andere persoon"


class Theme(db.Model):
    __tablename__ = "programme_themes"
    __table_args__ = (UniqueConstraint("plein_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class Room(db.Model):
    """A room or spot of the plein: spreektafel, huiskamer, pc-plekken..."""

    __tablename__ = "programme_rooms"
    __table_args__ = (UniqueConstraint("plein_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class OnADayPart:
    """A row about one day-part of the week: ``weekday`` (0 = Monday) and ``part``."""

    @property
    def part_label(self):
        return Part.label_of(self.part)

    @property
    def weekday_label(self):
        return WEEKDAYS[self.weekday]


class DayPart(OnADayPart, db.Model):
    """One day-part of the weekly grid: open or not, its hours and its theme. A day-part
    without a row is closed and has the default hours."""

    __tablename__ = "programme_day_parts"
    __table_args__ = (UniqueConstraint("plein_id", "weekday", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    part: Mapped[str] = mapped_column(String(10))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_themes.id", ondelete="SET NULL"))

    theme = relationship("Theme", lazy="joined")


activity_themes = Table(
    "programme_activity_themes", db.metadata,
    Column("activity_id", ForeignKey("programme_activities.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("programme_themes.id", ondelete="CASCADE"),
           primary_key=True),
)


class Activity(db.Model):
    """One offer on the plein. ``partner_id`` None: the library offers it."""

    __tablename__ = "programme_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    target_groups: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_rooms.id", ondelete="SET NULL"))
    access: Mapped[str] = mapped_column(String(20), default=Access.WALK_IN)
    appointment_how: Mapped[str] = mapped_column(String(300), default="")
    is_free: Mapped[bool] = mapped_column(Boolean, default=True)
    cost: Mapped[str] = mapped_column(String(200), default="")  # amount and what it covers
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # hidden by the lead: kept, but left out of every list the public or partners see
    # (``plein.programme.visibility``); the reason is shown to the organisation
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(String(200), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # what made it when another feature did (a desk signal: "signal:<word>"), as the key
    # that feature finds it by; never its title, which people change
    origin_key: Mapped[str | None] = mapped_column(String(80))
    version_id: Mapped[int] = mapped_column(default=1)

    partner = relationship("Partner", lazy="joined")
    hidden_by = relationship("User")
    room = relationship("Room", lazy="joined")
    themes = relationship("Theme", secondary=activity_themes, order_by="Theme.name")
    schedules = relationship("Schedule", cascade="all, delete-orphan",
                             order_by="Schedule.id", back_populates="activity")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        return ActivityKind.label_of(self.kind)

    @property
    def access_label(self):
        return Access.label_of(self.access)

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def organisation(self):
        """Who offers it, as shown: the partner's name or "de bibliotheek"."""
        return self.partner.name if self.partner else "Bibliotheek"


class Schedule(db.Model):
    """When an activity takes place: once on ``start_date``, or repeating from it (until
    ``end_date``, when given) on ``weekday`` (0 = Monday), for MONTHLY in week ``nth``
    of the month (1-4, or -1 for the last)."""

    __tablename__ = "programme_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("programme_activities.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    weekday: Mapped[int | None] = mapped_column(Integer)
    nth: Mapped[int | None] = mapped_column(Integer)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)

    activity = relationship("Activity", back_populates="schedules")
    changes = relationship("OccurrenceChange", cascade="all, delete-orphan",
                           order_by="OccurrenceChange.on")


class OccurrenceChange(db.Model):
    """A change to one date of a schedule (an exception): cancelled with a reason, moved
    to another date or time, or given by another person. One per schedule and date."""

    __tablename__ = "programme_occurrence_changes"
    __table_args__ = (UniqueConstraint("schedule_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("programme_schedules.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column("on_date", Date)
    change: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    new_date: Mapped[date | None] = mapped_column(Date)
    new_starts: Mapped[time | None] = mapped_column(Time)
    new_ends: Mapped[time | None] = mapped_column(Time)
    person: Mapped[str] = mapped_column(String(120), default="")

    @property
    def change_label(self):
        return Change.label_of(self.change)


class ClosingDay(db.Model):
    """A day the library is closed: everything on it is cancelled."""

    __tablename__ = "programme_closing_days"
    __table_args__ = (UniqueConstraint("plein_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    on: Mapped[date] = mapped_column("on_date", Date)
    reason: Mapped[str] = mapped_column(String(120), default="")



class DeskShift(OnADayPart, db.Model):
    """Who staffs the desk (baliedienst) on one day-part of every week: a user (library
    staff, or a partner organisation's user: ``partner_id`` is then its organisation),
    or a volunteer known by ``first_name`` only, of a partner (``partner_id``) or of
    the library (None). Several people may share a day-part."""

    __tablename__ = "programme_desk_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    part: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", lazy="joined")
    partner = relationship("Partner", lazy="joined")
    swaps = relationship("DeskSwap", cascade="all, delete-orphan", order_by="DeskSwap.on",
                         back_populates="shift")

    @property
    def slot(self):
        """(weekday, position of the day-part): the rota's order."""
        return self.weekday, Part.values().index(self.part) if self.part in Part.values() else 9


class DeskSwap(db.Model):
    """One date of a shift taken by someone else, or by nobody (the person is away and
    no one stands in): ``user_id`` or ``first_name`` (with the organisation in
    ``partner_id``), or neither."""

    __tablename__ = "programme_desk_swaps"
    __table_args__ = (UniqueConstraint("shift_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(
        ForeignKey("programme_desk_shifts.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column("on_date", Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    first_name: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")

    shift = relationship("DeskShift", back_populates="swaps")
    user = relationship("User", lazy="joined")
    partner = relationship("Partner", lazy="joined")

    @property
    def nobody(self):
        return self.user_id is None and not self.first_name
