"""Evaluation moments (evaluatiemomenten), their improvement points and the partners'
questionnaire (issue 19 points 2 and 3).

An ``Evaluation`` is planned (title, date) and later recorded as held: who took part
(library people of the plein and partner organisations), what went well. Each
improvement point (``Improvement``) is a checklist item made through the roadmap's
service; the point keeps the item's id (NULL once the item is deleted) and its own
title, so it can still say what it was.

Before a moment the lead may open a short questionnaire (``Evaluation.survey``); each
partner organisation answers once (``PartnerAnswer``, unique per moment and partner),
whichever of its users fills it in. Answers hold no visitors' personal data.
"""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary

TEXT_MAX = 2_000  # what went well, an answer's free text
POINT_MAX = 1_000  # an improvement point's explanation
SCORE_MIN, SCORE_MAX = 1, 5
MAX_EVALUATIONS = 100  # per plein
MAX_POINTS = 30  # per moment


class Survey(Vocabulary):
    """Where the partners' questionnaire of a moment stands."""

    NONE = "none", "Niet geopend"
    OPEN = "open", "Open voor partners"
    CLOSED = "closed", "Gesloten"


class ReferralWorks(Vocabulary):
    """Is the referral agreement working?"""

    YES = "yes", "Ja"
    PARTLY = "partly", "Deels"
    NO = "no", "Nee"


evaluation_people = Table(
    "results_evaluation_people", db.metadata,
    Column("evaluation_id", Integer, ForeignKey("results_evaluations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

evaluation_partners = Table(
    "results_evaluation_partners", db.metadata,
    Column("evaluation_id", Integer, ForeignKey("results_evaluations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id", ondelete="CASCADE"),
           primary_key=True),
)


class Evaluation(db.Model):
    __tablename__ = "results_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    planned_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    went_well: Mapped[str] = mapped_column(Text, default="")
    survey: Mapped[str] = mapped_column(String(10), default=Survey.NONE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    people = relationship("User", secondary=evaluation_people, order_by="User.name")
    partners = relationship("Partner", secondary=evaluation_partners,
                            order_by="Partner.name")
    improvements = relationship("Improvement", cascade="all, delete-orphan",
                                order_by="Improvement.id", back_populates="evaluation")

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self):
        return self.title

    @property
    def is_held(self):
        return self.held_on is not None

    @property
    def survey_label(self):
        return Survey.label_of(self.survey)

    @property
    def origin_key(self):
        """How the roadmap knows this moment's improvement points."""
        return f"evaluation:{self.id}"


class Improvement(db.Model):
    """What should improve after a moment: a checklist item made for it."""

    __tablename__ = "results_improvements"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("results_evaluations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evaluation = relationship("Evaluation", back_populates="improvements")
    item = relationship("ChecklistItem", lazy="joined")


class PartnerAnswer(db.Model):
    """One partner organisation's answers to a moment's questionnaire."""

    __tablename__ = "results_partner_answers"
    __table_args__ = (UniqueConstraint("evaluation_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("results_evaluations.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    satisfaction: Mapped[int] = mapped_column(Integer)
    works: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")
    referral: Mapped[str] = mapped_column(String(10))
    referral_note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    partner = relationship("Partner", lazy="joined")
    answered_by = relationship("User", lazy="joined")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def referral_label(self):
        return ReferralWorks.label_of(self.referral)
