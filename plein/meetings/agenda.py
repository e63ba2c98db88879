"""A new meeting's agenda, prepared from what changed since the last meeting of its
kind: new offer in the programme, new and candidate partners (the register and the
afwegingstabel), the last meeting's open actions, recurring questions at the desk
(signals) and successes. The result is plain text that people edit before saving.

"Since" is the start of the day of the last meeting of the same kind (on or before the
new one's date): something added that morning shows twice rather than never. Without
an earlier meeting it looks back ``LOOKBACK`` (four weeks for a partneroverleg, one week
for a weekstart, one day for a dagstart).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from plein.assessment.models import Decision, Verdict
from plein.desk import signals as desk_signals
from plein.extensions import db
from plein.meetings.models import Meeting, MeetingKind
from plein.partners.models import Partner, PartnerStatus, PartnerStatusChange
from plein.programme.models import Activity
from plein.results.success_models import SuccessStory
from plein.roadmap.models import ACTIVE
from plein.timeutil import start_of_local_day

LOOKBACK = {MeetingKind.PARTNERS: timedelta(weeks=4),
            MeetingKind.WEEK_START: timedelta(weeks=1),
            MeetingKind.DAY_START: timedelta(days=1)}
OPENING = {MeetingKind.PARTNERS: "Opening en kennismaking met wie er nieuw is",
           MeetingKind.WEEK_START: "Wie is er deze week, en wat staat er op het programma?",
           MeetingKind.DAY_START: "Wie is er vandaag, en wat staat er op het programma?"}
CLOSING = "Rondvraag en afspraken voor het volgende overleg"
PENDING = (PartnerStatus.CANDIDATE, PartnerStatus.WEIGHING, PartnerStatus.APPROACHED)
SHOWN = 15  # lines per topic at most; the rest is counted ("en nog 4")


@dataclass
class Topic:
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    last: Meeting | None  # the meeting it looks back to
    since: datetime  # aware UTC
    topics: list[Topic]

    @property
    def text(self):
        return as_text(self.topics)


def last_meeting(plein, kind, on, exclude=None):
    """The latest meeting of ``kind`` on or before ``on`` (``exclude``: the meeting
    itself, when it is being edited)."""
    stmt = select(Meeting).where(Meeting.plein_id == plein.id, Meeting.kind == kind,
                                 Meeting.on <= on)
    if exclude is not None:
        stmt = stmt.where(Meeting.id != exclude.id)
    return db.session.scalars(stmt.order_by(Meeting.on.desc(), Meeting.id.desc())
                              .limit(1)).first()


def prepare(plein, kind, on, today):
    """The agenda of a new meeting of ``kind`` on ``on`` (``today``: for the signals)."""
    kind = MeetingKind(kind)
    last = last_meeting(plein, kind, on)
    since = start_of_local_day(last.on if last else on - LOOKBACK[kind])
    topics = [Topic(OPENING[kind]),
              Topic("Nieuw aanbod in het programma", new_offer(plein, since)),
              Topic("Nieuwe partners en kandidaten", partner_news(plein, since)),
              Topic("Open actiepunten van het vorige overleg", open_actions(last)),
              Topic("Vragen die aan de balie vaak terugkomen", recurring_questions(plein,
                                                                                   today)),
              Topic("Successen", successes(plein, since)),
              Topic(CLOSING)]
    return Prepared(last, since, topics)


def as_text(topics):
    """Numbered topics with their lines; a changed-since topic with nothing new is left
    out (the opening and closing have no lines and always stay)."""
    kept = [t for t in topics if t.lines or t.title in (*OPENING.values(), CLOSING)]
    blocks = []
    for number, topic in enumerate(kept, 1):
        lines = topic.lines[:SHOWN]
        if len(topic.lines) > SHOWN:
            lines.append(f"en nog {len(topic.lines) - SHOWN}")
        blocks.append("\n".join([f"{number}. {topic.title}", *(f"   - {x}" for x in lines)]))
    return "\n".join(blocks)


def new_offer(plein, since):
    """Activities added to the programme since (hidden ones left out)."""
    rows = db.session.scalars(select(Activity).where(
        Activity.plein_id == plein.id, Activity.created_at >= since,
        Activity.hidden_at.is_(None)).order_by(Activity.created_at, Activity.id)).all()
    return [f"{a.title} ({a.organisation}, {a.kind_label.lower()})" for a in rows]


def partner_news(plein, since):
    """New in the register, moved in the pipeline, decided in the afwegingstabel since;
    then the partners still being weighed or approached."""
    lines, named = [], set()
    new = db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.created_at >= since)
        .order_by(Partner.created_at, Partner.id)).all()
    for partner in new:
        lines.append(f"Nieuw in het register: {partner.name} ({partner.status_label})")
        named.add(partner.id)
    moves = db.session.execute(select(PartnerStatusChange, Partner.name).join(Partner).where(
        Partner.plein_id == plein.id, PartnerStatusChange.created_at >= since,
        PartnerStatusChange.from_status.is_not(None))
        .order_by(PartnerStatusChange.created_at, PartnerStatusChange.id)).all()
    for move, name in moves:
        lines.append(f"{name}: van '{move.from_label}' naar '{move.to_label}'")
        named.add(move.partner_id)
    decisions = db.session.execute(select(Decision, Partner.name).join(Partner).where(
        Partner.plein_id == plein.id, Decision.decided_at >= since)
        .order_by(Decision.decided_at, Decision.id)).all()
    for decision, name in decisions:
        lines.append(f"Besluit over {name} (afwegingstabel): "
                     f"{Verdict.label_of(decision.value, decision.value).lower()}")
        named.add(decision.partner_id)
    pending = db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status.in_([s.value for s in PENDING]))
        .order_by(Partner.name)).all()
    waiting = [f"{p.name} ({p.status_label.lower()})" for p in pending if p.id not in named]
    if waiting:
        lines.append("Nog in afweging of benaderd: " + ", ".join(waiting))
    return lines


def open_actions(last):
    """The last meeting's actions whose checklist item is still open or busy."""
    if last is None:
        return []
    lines = []
    for action in last.actions:
        item = action.item
        if item is None or item.status not in ACTIVE:
            continue
        who = item.owner.name if item.owner else "nog niemand"
        when = f", deadline {item.due_date:%d-%m-%Y}" if item.due_date else ""
        org = f", {action.partner.name}" if action.partner else ""
        lines.append(f"{item.title} ({who}{org}{when}; {item.status_label.lower()})")
    return lines


def recurring_questions(plein, today):
    """The desk's signals: topic words that keep coming back."""
    weeks = desk_signals.thresholds()[1]
    return [f"'{word}': {count} keer in de laatste {weeks} weken"
            for word, count in desk_signals.signals(plein, today)]


def successes(plein, since):
    """Success stories written since the last meeting, with the partners in them (the
    meeting is inside the network: stories not to be shared outside count too)."""
    stories = db.session.scalars(select(SuccessStory).where(
        SuccessStory.plein_id == plein.id, SuccessStory.created_at >= since)
        .options(selectinload(SuccessStory.partners))
        .order_by(SuccessStory.happened_on, SuccessStory.id)).all()
    return [f"{s.title}" + (f" (met {', '.join(p.name for p in s.partners)})"
                            if s.partners else "") for s in stories]
