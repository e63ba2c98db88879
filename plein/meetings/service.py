"""Meetings: recording them, their actions (checklist items made through the roadmap's
service) and what a partner organisation sees of them. Functions add to the session and
write the logboek; the caller commits."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from plein import audit
from plein.accounts.models import Membership, Role, User
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.meetings.models import (
    TEXT_MAX,
    Meeting,
    MeetingAction,
    MeetingKind,
    meeting_partners,
)
from plein.partners.models import Partner, PartnerStatus
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem, ItemStatus
from plein.text import clean_text
from plein.timeutil import local_today

KEY = "meeting:"  # + the meeting's id: the origin_key of its actions' checklist items
MAX_MEETINGS = 2_000  # a dagstart every working day for eight years
MAX_ACTIONS = 40
# the recurring default item a held meeting of each kind ticks off (roadmap/defaults.py)
TICKS = {MeetingKind.PARTNERS: "know-partners", MeetingKind.WEEK_START: "daily-start",
         MeetingKind.DAY_START: "daily-start"}
LIBRARY_ROLES = (Role.LEAD, Role.TEAM, Role.MT)


class StaleMeeting(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit overleg intussen gewijzigd. Hieronder staat "
                         "wat nu is opgeslagen; jouw invoer staat in het formulier.", current)


# -- reading -------------------------------------------------------------------------

def meetings_of(plein, kind=None):
    """The plein's meetings, the latest first."""
    stmt = (select(Meeting).where(Meeting.plein_id == plein.id)
            .options(selectinload(Meeting.partners), selectinload(Meeting.actions)))
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    return db.session.scalars(stmt.order_by(Meeting.on.desc(), Meeting.id.desc())).all()


def get_meeting(plein, meeting_id, organisation=None):
    """The meeting with this id in this plein; for a partner ``organisation`` only one
    it attended (else None)."""
    stmt = select(Meeting).where(Meeting.id == meeting_id, Meeting.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(Meeting.id.in_(select(meeting_partners.c.meeting_id).where(
            meeting_partners.c.partner_id == organisation.id)))
    return db.session.scalar(stmt)


def attended_by(plein, organisation):
    """The meetings ``organisation`` attended, the latest first."""
    return db.session.scalars(select(Meeting).where(
        Meeting.plein_id == plein.id, Meeting.id.in_(
            select(meeting_partners.c.meeting_id).where(
                meeting_partners.c.partner_id == organisation.id)))
        .order_by(Meeting.on.desc(), Meeting.id.desc())).all()


def actions_for(plein, organisation):
    """Every action of ``organisation`` (in any meeting), the nearest deadline first."""
    rows = db.session.scalars(select(MeetingAction).join(Meeting).where(
        Meeting.plein_id == plein.id, MeetingAction.partner_id == organisation.id)
        .options(selectinload(MeetingAction.meeting)).order_by(MeetingAction.id)).all()
    return sorted(rows, key=lambda a: (a.item is None or a.item.is_closed,
                                       a.item.due_date if a.item and a.item.due_date
                                       else date.max))


def people_of(plein):
    """Who of the library can be listed as present: the plein's lead, team and MT."""
    members = select(Membership.user_id).where(
        Membership.plein_id == plein.id, Membership.role.in_(LIBRARY_ROLES))
    return db.session.scalars(select(User).where(User.id.in_(members), User.active.is_(True))
                              .order_by(User.name)).all()


def partners_of(plein):
    """The organisations that can attend: every partner in the register but those
    rejected."""
    return db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status != PartnerStatus.REJECTED)
        .order_by(Partner.name)).all()


def owners_of(plein):
    """Who can own an action: whoever can own a checklist item."""
    return roadmap.members_for_owner(plein)


# -- recording -----------------------------------------------------------------------

def _text(value, what, field):
    value = clean_text(value or "")
    if len(value) > TEXT_MAX:
        raise ServiceError(f"{what} heeft hoogstens {TEXT_MAX} tekens.", field)
    return value


def _apply(plein, meeting, *, kind, on, user_ids, partner_ids, agenda, notes, decisions):
    if kind not in MeetingKind.values():
        raise ServiceError("Kies het soort overleg.", "kind")
    if on is None:
        raise ServiceError("Vul de datum van het overleg in.", "on")
    people = {u.id: u for u in people_of(plein)}
    # someone listed before who has left the plein stays listed
    people.update({u.id: u for u in meeting.users})
    if set(user_ids or ()) - set(people):
        raise ServiceError("Kies alleen mensen van dit plein.", "user_ids")
    partners = {p.id: p for p in partners_of(plein)}
    partners.update({p.id: p for p in meeting.partners})
    if set(partner_ids or ()) - set(partners):
        raise ServiceError("Kies alleen partners van dit plein.", "partner_ids")
    meeting.kind, meeting.on = kind, on
    meeting.users = [people[i] for i in sorted(set(user_ids or ()))]
    meeting.partners = [partners[i] for i in sorted(set(partner_ids or ()))]
    meeting.agenda = _text(agenda, "De agenda", "agenda")
    meeting.notes = _text(notes, "Het verslag", "notes")
    meeting.decisions = _text(decisions, "De besluiten", "decisions")
    return meeting


def create_meeting(plein, *, by, today=None, **fields):
    count = db.session.scalar(select(db.func.count(Meeting.id)).where(
        Meeting.plein_id == plein.id))
    if count >= MAX_MEETINGS:
        raise ServiceError(f"Een plein heeft hoogstens {MAX_MEETINGS} overleggen.")
    meeting = Meeting(plein_id=plein.id, created_by_id=by.id)
    _apply(plein, meeting, **fields)
    db.session.add(meeting)
    db.session.flush()
    audit.record("meeting.create", f"{meeting} vastgelegd ({len(meeting.partners)} partners "
                 "aanwezig)", plein=plein, obj=meeting, user=by)
    tick(plein, meeting, by=by, today=today)
    return meeting


def update_meeting(plein, meeting, *, by, expected_version, today=None, **fields):
    check_version(meeting, expected_version, StaleMeeting(meeting))
    _apply(plein, meeting, **fields)
    # attendees alone change no column: the row is written anyway, so its version goes
    # up and an edit made on the old list is refused
    flag_modified(meeting, "notes")
    audit.record("meeting.update", f"{meeting} gewijzigd", plein=plein, obj=meeting, user=by)
    tick(plein, meeting, by=by, today=today)
    return meeting


def tick(plein, meeting, *, by, today=None):
    """A held meeting (dated today or earlier) marks its recurring checklist item done
    (a partneroverleg 'Elkaar blijven kennen', a dag- or weekstart 'Dag- of weekstart'),
    once per meeting and only when that item's current period is not done yet: a second
    dagstart in the same week ticks nothing. Returns the item ticked, or None."""
    today = today or local_today()
    if meeting.ticked_item_id or meeting.on > today:
        return None
    item = db.session.scalar(select(ChecklistItem).where(
        ChecklistItem.plein_id == plein.id, ChecklistItem.default_key == TICKS[meeting.kind]))
    if item is None or not item.recurrence or item.status == ItemStatus.NA:
        return None
    latest = item.completions[0].completed_on if item.completions else None
    if latest and (latest > meeting.on
                   or roadmap.next_due(latest, item.recurrence) > meeting.on):
        return None
    roadmap.set_status(plein, item, ItemStatus.DONE, by=by, today=meeting.on)
    meeting.ticked_item_id = item.id
    return item


def add_action(plein, meeting, *, by, title, owner_id, due_date, partner_id, origin_url):
    """An action agreed at ``meeting``: a checklist item of the current phase with an
    owner and a deadline, made by the roadmap's service; optionally for one partner
    organisation (it then sees the action)."""
    if len(meeting.actions) >= MAX_ACTIONS:
        raise ServiceError(f"Een overleg heeft hoogstens {MAX_ACTIONS} actiepunten.")
    if not owner_id:
        raise ServiceError("Kies wie het actiepunt oppakt.", "owner_id")
    if due_date is None:
        raise ServiceError("Vul een deadline in.", "due_date")
    partner = None
    if partner_id:
        partner = next((p for p in partners_of(plein) if p.id == partner_id), None)
        if partner is None:
            raise ServiceError("Kies een partner van dit plein.", "partner_id")
    guidance = f"Afgesproken in {meeting.the_kind} van {meeting.on:%d-%m-%Y}"
    if partner is not None:
        guidance += f", samen met {partner.name}"
    item = roadmap.add_item(plein, plein.current_phase, title, by=by,
                            guidance=guidance + ".", owner_id=owner_id, due_date=due_date,
                            origin_key=f"{KEY}{meeting.id}", origin_url=origin_url)
    action = MeetingAction(meeting=meeting, title=item.title, partner=partner, item=item,
                           created_by_id=by.id)
    db.session.add(action)
    db.session.flush()
    audit.record("meeting.action", f"Actiepunt '{item.title}' uit {meeting}", plein=plein,
                 obj=meeting, user=by)
    return action
