"""The samenwerkingscontract: an editable draft and immutable published versions.

The draft is the agreement's sections, its parties (the library, and partner
organisations from the register) and each party's commitment. Publishing freezes the
draft into an AgreementVersion: its canonical text (JSON with sorted keys) and the
SHA-256 of that text, never changed afterwards. A Signature belongs to one version and
one party for good; publishing the next version marks it superseded.

Versions, signatures and the agreement's newest version ("head") carry keyed seals
(plein/seal.py, plein/agreements/integrity.py): ``seal`` is the HMAC, ``seal_key`` the id
of the key that made it ("" for a seal made before keyed seals). Besides the checks
below, database triggers (migration 0008) refuse UPDATE and DELETE of these rows.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


class SignatureStatus(Vocabulary):
    """A party's standing on a version (``Signature.status``; ``Signature.answer`` is
    SIGNED or DECLINED). PENDING is never stored: it is a party without a signature."""

    PENDING = "pending", "Nog niet getekend"
    SIGNED = "signed", "Getekend"
    DECLINED = "declined", "Geweigerd"
    SUPERSEDED = "superseded", "Vervangen door nieuwe versie"


PERIODS = {"week": "per week", "month": "per maand"}


class Agreement(db.Model):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # raised by every edit of the draft: a stale edit form is refused
    version_id: Mapped[int] = mapped_column(default=1)
    # seal over (number, SHA-256) of the newest version: a deleted newest version shows
    head_seal: Mapped[str] = mapped_column(String(64), default="")
    head_key: Mapped[str] = mapped_column(String(16), default="")
    # the contract's life (plein/agreements/terms.py); not part of a version's text
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    open_ended: Mapped[bool] = mapped_column(Boolean, default=False)  # onbepaalde tijd
    evaluation_date: Mapped[date | None] = mapped_column(Date)

    sections = relationship("AgreementSection", cascade="all, delete-orphan",
                            order_by="AgreementSection.position", lazy="selectin")
    parties = relationship("Party", cascade="all, delete-orphan", order_by="Party.id",
                           lazy="selectin")
    versions = relationship("AgreementVersion", order_by="AgreementVersion.number",
                            back_populates="agreement")

    __mapper_args__ = {"version_id_col": version_id}


class AgreementSection(db.Model):
    __tablename__ = "agreement_sections"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Party(db.Model):
    """A party to the agreement: the library (partner None) or a registered partner."""

    __tablename__ = "agreement_parties"
    __table_args__ = (UniqueConstraint("agreement_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    tasks: Mapped[str] = mapped_column(Text, default="")  # who does what, for this party
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner = relationship("Partner", lazy="joined")
    commitment = relationship("Commitment", uselist=False, cascade="all, delete-orphan",
                              lazy="joined")

    @property
    def is_library(self):
        return self.partner_id is None


class Commitment(db.Model):
    """What one party brings in: time, money, knowledge and means."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(
        ForeignKey("agreement_parties.id", ondelete="CASCADE"), unique=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal("0"))
    hours_period: Mapped[str] = mapped_column(String(10), default="week")
    money: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    money_explanation: Mapped[str] = mapped_column(String(500), default="")
    knowledge: Mapped[str] = mapped_column(Text, default="")
    means: Mapped[str] = mapped_column(Text, default="")

    @property
    def period_label(self):
        return PERIODS.get(self.hours_period, self.hours_period)


class AgreementVersion(db.Model):
    """A published version: canonical text and its SHA-256, never changed."""

    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    number: Mapped[int]
    canonical: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    seal: Mapped[str] = mapped_column(String(64), default="")
    seal_key: Mapped[str] = mapped_column(String(16), default="")

    agreement = relationship("Agreement", back_populates="versions")
    published_by = relationship("User", lazy="joined")


class Signature(db.Model):
    """A party's answer to one version: signed or declined (then maybe superseded).

    ``partner_id`` None is the library. The fingerprint is the version's SHA-256 at the
    moment of signing; it and the version never change."""

    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("version_id", "partner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    # partner id, or 0 for the library: one answer per party per version (NULLs are
    # never equal in a unique constraint, so the library needs a real value here)
    partner_key: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12))
    answer: Mapped[str] = mapped_column(String(12))  # signed or declined, never changes
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_function: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # HMAC over everything above that never changes: any edit shows in verify
    seal: Mapped[str] = mapped_column(String(64), default="")
    seal_key: Mapped[str] = mapped_column(String(16), default="")

    version = relationship("AgreementVersion", lazy="joined")
    user = relationship("User", lazy="joined")
    partner = relationship("Partner", lazy="joined")

    @property
    def status_label(self):
        return SignatureStatus(self.status).label


class Immutable(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _published_things_do_not_change(session, _context, _instances):
    """No code path may alter a published version or a signature; the one change a
    signature may get is being marked superseded; and both may be sealed again (with a
    new key, ``flask plein seal-agreements``)."""
    for obj in session.deleted:
        if isinstance(obj, (AgreementVersion, Signature, *SEALED)):
            raise Immutable(f"{type(obj).__name__} is never deleted")
    for obj in session.dirty:
        if not isinstance(obj, (AgreementVersion, Signature, *SEALED)) \
                or not session.is_modified(obj):
            continue
        changed = {attr.key for attr in db.inspect(obj).attrs
                   if attr.history.has_changes()} - RESEALABLE
        if isinstance(obj, (AgreementVersion, *SEALED)) and changed:
            raise Immutable(f"a published {type(obj).__name__} never changes")
        if isinstance(obj, Signature) and changed and (
                not changed <= {"status", "superseded_at"}
                or obj.status != SignatureStatus.SUPERSEDED):
            raise Immutable("a signature only ever changes to superseded")


RESEALABLE = {"seal", "seal_key"}


class Accession(db.Model):
    """A toetreding: an addendum by which one new partner joins a published version,
    with its commitments. Its canonical text names the version's SHA-256 (and the
    previous addendum's), like the versions' chain; only the new party signs it."""

    __tablename__ = "agreement_accessions"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),
                      UniqueConstraint("version_id", "partner_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"))
    number: Mapped[int]
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    canonical: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    seal: Mapped[str] = mapped_column(String(64), default="")
    seal_key: Mapped[str] = mapped_column(String(16), default="")

    version = relationship("AgreementVersion", lazy="joined")
    partner = relationship("Partner", lazy="joined")
    published_by = relationship("User", lazy="joined")
    answer = relationship("AccessionAnswer", uselist=False, lazy="selectin",
                          back_populates="accession")


class AccessionAnswer(db.Model):
    """The new party's answer to its accession: signed or declined, sealed, final."""

    __tablename__ = "accession_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_id: Mapped[int] = mapped_column(ForeignKey("agreement_accessions.id"),
                                              unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str] = mapped_column(String(12))  # signed or declined
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_function: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seal: Mapped[str] = mapped_column(String(64), default="")
    seal_key: Mapped[str] = mapped_column(String(16), default="")

    accession = relationship("Accession", back_populates="answer")
    user = relationship("User", lazy="joined")

    @property
    def status_label(self):
        return SignatureStatus.label_of(self.answer)


class Withdrawal(db.Model):
    """An opzegging: a party leaves the contract from a date, for a reason; recorded
    on the version current at the time, fingerprinted and sealed."""

    __tablename__ = "agreement_withdrawals"
    __table_args__ = (UniqueConstraint("version_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    leaves_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    canonical: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    seal: Mapped[str] = mapped_column(String(64), default="")
    seal_key: Mapped[str] = mapped_column(String(16), default="")

    version = relationship("AgreementVersion", lazy="joined")
    partner = relationship("Partner", lazy="joined")
    recorded_by = relationship("User", lazy="joined")


class ContractReminder(db.Model):
    """A reminder before the evaluation or end date that was handed out once
    (plein/agreements/terms.py: remind()); the row makes handing it out idempotent."""

    __tablename__ = "contract_reminders"
    __table_args__ = (UniqueConstraint("agreement_id", "kind", "due_on", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # evaluation or end
    due_on: Mapped[date] = mapped_column(Date)
    days_before: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


SEALED = (Accession, AccessionAnswer, Withdrawal)
