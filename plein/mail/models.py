"""The outbox and the mail preferences of each person."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.accounts.models import Role
from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


class Kind(Vocabulary):
    """What a message is about; preferences are kept per kind."""

    INVITATION = "invitation", "Uitnodiging voor een plein"
    SIGNING = "signing", "Verzoek om het samenwerkingscontract te tekenen"
    REMINDER = "reminder", "Herinnering: het contract wacht op jullie antwoord"
    DECLINED = "declined", "Een partij tekent het contract niet"
    ALL_SIGNED = "all_signed", "Het contract is door iedereen getekend"
    REVIEW_REQUESTED = "review_requested", "Plan ter beoordeling voor het MT"
    REVIEW_GIVEN = "review_given", "Het MT heeft het plan beoordeeld"
    CONDITION = "condition", "Voorwaarde van het MT op het stappenplan"
    ASSIGNED = "assigned", "Actiepunt aan jou toegewezen"
    ITEMS_DIGEST = "items_digest", "Weekoverzicht van je actiepunten"
    DIGEST = "digest", "Verzamelbericht"
    SECURITY = "security", "Beveiliging van je account"
    CONTRACT_DATE = "contract_date", "Evaluatie of einde van het contract komt eraan"
    ACCESSION = "accession", "Verzoek om een toetreding tot het contract te tekenen"
    ACCESSION_ANSWER = "accession_answer", "Antwoord op een toetreding tot het contract"
    JOINED = "joined", "Een nieuwe partner is toegetreden tot het contract"
    WITHDRAWN = "withdrawn", "Een partij zegt het contract op"
    DATE_CANCELLED = "date_cancelled", "Aanbod vervalt terwijl jij aan de balie staat"


# Never switched off nor bundled: a party must hear it is asked to sign, a person must
# hear about their own account. An invitation goes to someone without an account yet;
# a digest is the bundle itself.
MANDATORY = frozenset({Kind.INVITATION, Kind.SIGNING, Kind.REMINDER, Kind.SECURITY,
                       Kind.DIGEST, Kind.ACCESSION})
CHOOSABLE = tuple(kind for kind in Kind if kind not in MANDATORY)
# Who can get each choosable kind (the preferences page shows a person only these).
RECEIVED_BY = {
    Kind.DECLINED: {Role.LEAD}, Kind.ALL_SIGNED: {Role.LEAD, Role.PARTNER},
    Kind.REVIEW_REQUESTED: {Role.MT}, Kind.REVIEW_GIVEN: {Role.LEAD},
    Kind.CONDITION: {Role.LEAD, Role.TEAM, Role.MT}, Kind.ASSIGNED: {Role.LEAD, Role.TEAM, Role.MT},
    Kind.ITEMS_DIGEST: {Role.LEAD, Role.TEAM, Role.MT},
    Kind.CONTRACT_DATE: {Role.LEAD}, Kind.ACCESSION_ANSWER: {Role.LEAD},
    Kind.JOINED: {Role.PARTNER}, Kind.WITHDRAWN: {Role.LEAD, Role.PARTNER},
    Kind.DATE_CANCELLED: {Role.LEAD, Role.TEAM, Role.PARTNER},
}


class Choice(Vocabulary):
    NOW = "now", "Direct"
    DAILY = "daily", "In een dagelijks overzicht"
    WEEKLY = "weekly", "In een wekelijks overzicht"
    OFF = "off", "Uit"


class Status(Vocabulary):
    QUEUED = "queued", "Wacht op verzending"
    SENDING = "sending", "Wordt verzonden"
    SENT = "sent", "Verzonden"
    FAILED = "failed", "Mislukt"
    HELD = "held", "Wacht op het overzicht"
    BUNDLED = "bundled", "In een overzicht verzonden"


class OutboxMessage(db.Model):
    """One e-mail to one address. ``key`` names the message (the change that caused
    it and who it is for), so the same message is never queued, nor sent, twice."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),
                      Index("ix_outbox_messages_user_status", "user_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    plein_id: Mapped[int | None] = mapped_column(ForeignKey("pleinen.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500), default="")  # the page to act on
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")
    # [{"filename", "content_type", "data" (base64)}] as JSON, or ""
    attachments: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=Status.QUEUED)
    digest: Mapped[str | None] = mapped_column(String(10))  # daily/weekly while held
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plein = relationship("Plein", lazy="joined")

    @property
    def kind_label(self):
        return Kind.label_of(self.kind, self.kind)

    @property
    def status_label(self):
        return Status.label_of(self.status, self.status)


class MailPreference(db.Model):
    """How one person wants one kind of message; no row: ``Choice.NOW``."""

    __tablename__ = "mail_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    choice: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)
