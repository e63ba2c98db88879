"""The afwegingstabel's tables: Criterion (weighted, grouped), Score (partner x
criterion, 0-3), Decision (ja/nee/later) and, for commercial partners, the answers to
the four checks; and their vocabularies. The tables keep the names they had when they
lived in the partner register.
"""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.assessment.defaults import GROUPS, SCORE_LABELS
from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


class Verdict(Vocabulary):
    """The library's decision about a partner (``Decision.value``)."""

    YES = "yes", "Ja"
    NO = "no", "Nee"
    LATER = "later", "Later"


class CheckReply(Vocabulary):
    """An answer to one of the commercial checks, as a form sends it ("" = not known
    yet; stored as a missing ``CheckAnswer``)."""

    YES = "yes", "Ja"
    NO = "no", "Nee"
    OPEN = "", "Nog niet bekend"

    @property
    def stored(self) -> bool | None:
        """As ``CheckAnswer.answer`` holds it (None: no row)."""
        return {CheckReply.YES: True, CheckReply.NO: False}.get(self)

    @classmethod
    def of(cls, stored: bool | None) -> "CheckReply":
        return {True: cls.YES, False: cls.NO}.get(stored, cls.OPEN)


class Criterion(db.Model):
    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    group: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    explanation: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer, default=2)
    position: Mapped[int] = mapped_column(Integer, default=0)
    default_key: Mapped[str | None] = mapped_column(String(40))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def group_label(self):
        return GROUPS.get(self.group, self.group)


class Score(db.Model):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("partner_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criteria.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(String(500), default="")
    scored_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    scored_by = relationship("User", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def label(self):
        return SCORE_LABELS[self.value]


class Decision(db.Model):
    """The library's decision about one partner: ja, nee or later."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), unique=True)
    value: Mapped[str] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    decided_by = relationship("User", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def label(self):
        return Verdict.label_of(self.value, self.value)


class CheckAnswer(db.Model):
    """A commercial partner's answer to one of the four checks."""

    __tablename__ = "check_answers"
    __table_args__ = (UniqueConstraint("partner_id", "check_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    check_key: Mapped[str] = mapped_column(String(40))
    answer: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentSettings(db.Model):
    """Per plein: whether criterion weights may change although scores exist."""

    __tablename__ = "assessment_settings"

    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), primary_key=True)
    weights_unlocked: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
