"""The plan on paper, its budget, the snapshots the MT reviews and their reviews.

The plan (one per plein) is an editable draft: texts per section, the chosen form and
name, the partners it counts on and a small budget. Submitting it to the MT freezes its
content into a numbered PlanSnapshot that never changes; MT members review a snapshot
(SupportReview, append-only: a member's latest review on a snapshot counts), their
conditions become checklist items, and questions are answered in a thread on the snapshot.
"""

import json
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from plein.extensions import db
from plein.timeutil import UTCDateTime, utcnow
from plein.vocab import Vocabulary


# Budget lines (``BudgetLine.kind``): costs, one-off or yearly, and funding sources, each
# with a status.
class CostKind(Vocabulary):
    SETUP = "setup", "Inrichting (eenmalig)"
    STAFF = "staff", "Personeel (per jaar)"
    MARKETING = "marketing", "Marketing en communicatie (per jaar)"


class FundingKind(Vocabulary):
    MUNICIPALITY = "municipality", "Gemeentelijke subsidie"
    FUND = "fund", "Fonds"
    COMPANY = "company", "Bedrijf"
    SERVICE_CLUB = "service_club", "Serviceclub"
    OWN = "own", "Eigen begroting"


class FundingStatus(Vocabulary):
    """Where a funding source stands (``BudgetLine.status``; None for a cost)."""

    REQUESTED = "requested", "Aangevraagd"
    PLEDGED = "pledged", "Toegezegd"
    REJECTED = "rejected", "Afgewezen"


KIND_LABELS = {**dict(CostKind.choices()), **dict(FundingKind.choices())}


class PleinShape(Vocabulary):
    """How the plein is laid out in time and place (``Plan.shape``)."""

    DAY_PART = "day_part", "Alles op één dag(deel)"
    SPREAD = "spread", "Verspreid over de week"
    DESK = "desk", "Eén balie met een contactpersoon"


class ReviewDecision(Vocabulary):
    """An MT member's judgement of a plan version (``SupportReview.decision``)."""

    SUPPORT = "support", "Steun"
    CONDITIONAL = "conditional", "Steun onder voorwaarden"
    NO_SUPPORT = "no_support", "Geen steun"
    QUESTIONS = "questions", "Vragen"


class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    plein_id: Mapped[int] = mapped_column(ForeignKey("pleinen.id"), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    shape: Mapped[str] = mapped_column(String(20), default="")  # a PleinShape or ""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    sections = relationship("PlanSection", cascade="all, delete-orphan",
                            order_by="PlanSection.position")
    partner_links = relationship("PlanPartner", cascade="all, delete-orphan")
    budget_lines = relationship("BudgetLine", cascade="all, delete-orphan",
                                order_by="BudgetLine.id")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def shape_label(self):
        return PleinShape.label_of(self.shape)


class PlanSection(db.Model):
    __tablename__ = "plan_sections"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    key: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanPartner(db.Model):
    """A partner from the register the plan counts on."""

    __tablename__ = "plan_partners"
    __table_args__ = (UniqueConstraint("plan_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))

    partner = relationship("Partner", lazy="joined")


class BudgetLine(db.Model):
    """A cost (``kind`` a CostKind) or a funding source (a FundingKind, with a status)."""

    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    status: Mapped[str | None] = mapped_column(String(12))  # funding only
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def is_funding(self):
        return self.kind in FundingKind.values()

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return FundingStatus.label_of(self.status)


class PlanSnapshot(db.Model):
    """The plan as submitted to the MT: numbered, canonical JSON, never changed."""

    __tablename__ = "plan_snapshots"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    number: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # what the lead asks the MT
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    submitted_by = relationship("User", lazy="joined")
    reviews = relationship("SupportReview", order_by="SupportReview.id",
                           back_populates="snapshot")
    messages = relationship("PlanMessage", order_by="PlanMessage.id")

    @property
    def data(self):
        return json.loads(self.content)


class SupportReview(db.Model):
    """One MT member's judgement of one snapshot; a later one by the same member on the
    same snapshot takes its place (both stay readable)."""

    __tablename__ = "support_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("plan_snapshots.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    snapshot = relationship("PlanSnapshot", back_populates="reviews")
    user = relationship("User", lazy="joined")
    conditions = relationship("ReviewCondition", order_by="ReviewCondition.id",
                              back_populates="review")

    @property
    def decision_label(self):
        return ReviewDecision.label_of(self.decision)


class ReviewCondition(db.Model):
    """A condition of a 'steun onder voorwaarden', and the checklist item it became."""

    __tablename__ = "review_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("support_reviews.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL"))
    # when the lead deleted the checklist item anyway: who, when and why (the MT sees it)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_reason: Mapped[str] = mapped_column(String(300), default="")

    item = relationship("ChecklistItem", lazy="joined")
    removed_by = relationship("User", lazy="joined")
    review = relationship("SupportReview", back_populates="conditions", lazy="joined")


class PlanMessage(db.Model):
    """A message in the thread on a snapshot; ``answers`` is the question review it
    answers (a lead's answer makes that question answered)."""

    __tablename__ = "plan_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("plan_snapshots.id"), index=True)
    answers_id: Mapped[int | None] = mapped_column(ForeignKey("support_reviews.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", lazy="joined")


_REMOVAL = {"item_id", "item", "removed_at", "removed_by_id", "removed_by",
            "removed_reason"}


def _records_removal(condition, changed):
    """True when the only change clears the item link, or records its removal once."""
    if changed <= {"item_id", "item"}:
        return True
    history = db.inspect(condition).attrs.removed_at.history
    return changed <= _REMOVAL and history.has_changes() and not any(history.deleted)


class Immutable(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _submitted_things_do_not_change(session, _context, _instances):
    """A snapshot, a review, its conditions' texts and messages are a record of what was
    submitted and said: never changed or deleted. (A condition's item link is cleared,
    and who removed it and why is filled in once, when the checklist item is deleted.)"""
    frozen = (PlanSnapshot, SupportReview, PlanMessage, ReviewCondition)
    for obj in session.deleted:
        if isinstance(obj, frozen):
            raise Immutable(f"{type(obj).__name__} is never deleted")
    for obj in session.dirty:
        if isinstance(obj, frozen) and session.is_modified(obj, include_collections=False):
            changed = {attr.key for attr in db.inspect(obj).attrs
                       if attr.history.has_changes()}
            if isinstance(obj, ReviewCondition) and _records_removal(obj, changed):
                continue
            raise Immutable(f"a submitted {type(obj).__name__} never changes")
