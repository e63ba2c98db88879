"""A tally (registratie, turven): one contact at the desk, counted without any personal
data. What a tally holds: when (local date and day-part), the theme(s) of the question,
what happened, who helped (the library or a partner) and an optional topic word."""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
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


# -- referral agreements and warm referrals ----------------------------------------------

NOTE_MAX = 300  # a referral's question and a status note: a sentence, no personal data


class ReferralWay(Vocabulary):
    """How the plein refers a visitor to a partner (``ReferralAgreement.ways``)."""

    CALL = "call", "Bellen"
    MAIL = "mail", "Mailen"
    WALK = "walk", "Langslopen"
    CARD = "card", "Verwijskaart meegeven"


class ReferralAgreement(db.Model):
    """How the plein refers visitors to one partner: one per partner, kept by the
    partner itself (or the library). Holds no visitor data; ``contact`` is the partner's
    line for professionals."""

    __tablename__ = "desk_referral_agreements"
    __table_args__ = (UniqueConstraint("partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    ways: Mapped[str] = mapped_column(String(60), default="")  # ReferralWay values, comma
    contact: Mapped[str] = mapped_column(String(200), default="")
    reachable: Mapped[str] = mapped_column(String(200), default="")
    response_time: Mapped[str] = mapped_column(String(120), default="")
    follow_up: Mapped[str] = mapped_column(String(200), default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    partner = relationship("Partner")
    updated_by = relationship("User")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def way_values(self):
        return [w for w in self.ways.split(",") if w]

    @property
    def way_labels(self):
        return [ReferralWay.label_of(w, w) for w in self.way_values]


class ReferralStatus(Vocabulary):
    """Where a warm referral is; HELPED and UNREACHABLE close it."""

    OPEN = "open", "Nog niet opgepakt"
    CONTACTED = "contacted", "Contact opgenomen"
    HELPED = "helped", "Geholpen"
    UNREACHABLE = "unreachable", "Niet bereikt"


CLOSED = (ReferralStatus.HELPED.value, ReferralStatus.UNREACHABLE.value)


class Referral(db.Model):
    """A warm referral: the visitor was referred to ``partner`` for ``theme``. It counts
    as a tally ("doorverwezen", ``tally_id``). Only when the visitor asked to be
    contacted does it hold a first name and a phone number or e-mail address, with the
    moment of consent; those personal fields are erased (``erased_at``) when the
    referral is closed or its retention has passed (``plein.desk.purge``)."""

    __tablename__ = "desk_referrals"
    __table_args__ = (Index("ix_desk_referrals_plein_partner", "plein_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_themes.id", ondelete="SET NULL"))
    tally_id: Mapped[int | None] = mapped_column(
        ForeignKey("desk_tallies.id", ondelete="SET NULL"), unique=True)
    question: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.OPEN)
    status_note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # personal fields: only with consent, erased on closing or after the retention
    first_name: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    keep_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    partner = relationship("Partner", lazy="joined")
    theme = relationship("Theme", lazy="joined")
    created_by = relationship("User", foreign_keys=[created_by_id])
    status_by = relationship("User", foreign_keys=[status_by_id])

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def status_label(self):
        return ReferralStatus.label_of(self.status)

    @property
    def is_closed(self):
        return self.status in CLOSED

    @property
    def has_personal(self):
        return bool(self.first_name or self.phone or self.email)

    @property
    def theme_name(self):
        return self.theme.name if self.theme else "(thema verwijderd)"
