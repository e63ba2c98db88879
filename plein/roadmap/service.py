"""The roadmap: checklist items and recurring items (progress: progress.py; moving
between phases: gates.py).

Functions add to the session and record an audit event; the caller commits.
"""

import calendar
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from plein import audit
from plein.accounts.access import can, roles_in
from plein.accounts.models import Membership, Role, User
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.roadmap import dependents
from plein.roadmap.defaults import DEFAULTS
from plein.roadmap.models import (
    ChecklistItem,
    ItemCompletion,
    ItemStatus,
    Recurrence,
)
from plein.roadmap.phases import Phase
from plein.roadmap.progress import is_overdue
from plein.text import clean_line
from plein.timeutil import local_today, utcnow
from plein.urls import is_web_url

TITLE_MAX = length_of(ChecklistItem.title)
REASON_MAX = length_of(ChecklistItem.na_reason)
TEXT_MAX = 10_000
MAX_ITEMS = 400  # the method's 46, conditions, improvement points and own items
OWNER_ROLES = "Kies als eigenaar de projectleider of iemand uit het projectteam van dit plein."


class StaleEdit(StaleError):
    """Someone else saved the item first."""

    def __init__(self, current):
        super().__init__(
            "Iemand anders heeft dit punt intussen gewijzigd. Hieronder staan jouw tekst en "
            "de opgeslagen tekst; neem over wat je wilt bewaren en sla opnieuw op.", current)


# -- creating -----------------------------------------------------------------------

def seed_defaults(plein):
    """Give a new plein the method's checklist (all four phases)."""
    for phase, items in DEFAULTS.items():
        for position, default in enumerate(items):
            db.session.add(ChecklistItem(
                plein_id=plein.id, phase=phase.value, position=position,
                default_key=default.key, title=default.title, guidance=default.guidance,
                required=default.required, recurrence=default.recurrence,
            ))
    db.session.flush()


def add_item(plein, phase, title, *, by, guidance="", required=False, origin_url=None,
             origin_key=None, owner_id=None, due_date=None, recurrence=None):
    """A custom item at the end of ``phase``. Other features pass ``guidance``,
    ``required``, ``origin_url`` (a link back to what made the item), ``origin_key``
    (how that feature finds its items again, e.g. "signal:<word>"), and an owner, due
    date and recurrence as a person would set them on the item's page."""
    title = _clean_title(title)
    phase = Phase(phase)
    if recurrence not in (None, "", *Recurrence.values()):
        raise ServiceError("Kies een geldige herhaling.", "recurrence")
    if owner_id and owner_id not in {user.id for user in members_for_owner(plein)}:
        raise ServiceError(OWNER_ROLES, "owner_id")
    count = db.session.scalar(select(func.count()).select_from(ChecklistItem).where(
        ChecklistItem.plein_id == plein.id))
    if count >= MAX_ITEMS:
        raise ServiceError(f"Dit plein heeft {MAX_ITEMS} actiepunten, het maximum. Verwijder "
                           "eerst eigen punten die niet meer nodig zijn.", "title")
    last = db.session.scalar(select(func.max(ChecklistItem.position)).where(
        ChecklistItem.plein_id == plein.id, ChecklistItem.phase == phase.value))
    item = ChecklistItem(plein_id=plein.id, phase=phase.value,
                         position=(last or 0) + 1, title=title, required=required,
                         guidance=guidance, origin_url=origin_url, origin_key=origin_key,
                         owner_id=owner_id or None, due_date=due_date,
                         recurrence=recurrence or None)
    db.session.add(item)
    db.session.flush()
    audit.record("item.create", f"Actiepunt '{title}' toegevoegd aan {phase.label}",
                 plein=plein, obj=item, user=by)
    if item.owner_id:
        from plein.roadmap import notices

        notices.item_assigned(plein, item, by=by)
    return item


def items_from(plein, origin_key):
    """The items another feature made under ``origin_key`` (see :func:`add_item`)."""
    return db.session.scalars(select(ChecklistItem).where(
        ChecklistItem.plein_id == plein.id, ChecklistItem.origin_key == origin_key)
        .order_by(ChecklistItem.id)).all()


# -- reading ------------------------------------------------------------------------

def get_item(plein, item_id):
    """The item with this id in this plein, or None (never one of another plein)."""
    return db.session.scalar(select(ChecklistItem).where(
        ChecklistItem.id == item_id, ChecklistItem.plein_id == plein.id))


def items_of(plein, *, phase=None, phases=None):
    """The plein's items in phase order, then by position; only those of ``phase`` or
    of the set ``phases`` when given."""
    stmt = (select(ChecklistItem).where(ChecklistItem.plein_id == plein.id)
            .options(selectinload(ChecklistItem.completions)))
    if phase:
        phases = {phase}
    if phases is not None and set(phases) != set(Phase):
        stmt = stmt.where(ChecklistItem.phase.in_(sorted(Phase(ph).value for ph in phases)))
    rows = db.session.scalars(stmt.order_by(ChecklistItem.position, ChecklistItem.id)).all()
    phase_order = {p.value: i for i, p in enumerate(Phase)}
    return sorted(rows, key=lambda item: phase_order[item.phase])


def select_items(items, *, status=None, owner_id=None, overdue=False, today=None):
    """The items that pass the roadmap's filters (applied to an already loaded list)."""
    today = today or local_today()
    return [item for item in items
            if (not status or item.status == status)
            and (not owner_id or item.owner_id == owner_id)
            and (not overdue or is_overdue(item, today))]


def by_phase(items):
    return {phase: [item for item in items if item.phase == phase.value] for phase in Phase}


def members_for_owner(plein):
    """Who can own an item: the plein's lead and team members (they can edit items)."""
    members = select(Membership.user_id).where(
        Membership.plein_id == plein.id, Membership.role.in_((Role.LEAD, Role.TEAM)))
    return db.session.scalars(
        select(User).where(User.id.in_(members), User.active.is_(True))
        .order_by(func.lower(User.name))
    ).all()


# -- changing -----------------------------------------------------------------------

NO_CHECK = object()


def _check_version(item, expected_version):
    """Refuse an edit made on an older version. A form that sent no version at all is
    refused too; only code that means it passes NO_CHECK."""
    if expected_version is not NO_CHECK:
        check_version(item, expected_version, StaleEdit(item))


def _clean_title(title):
    title = clean_line(title or "")
    if not title:
        raise ServiceError("Geef het actiepunt een titel.", "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Een titel heeft hoogstens {TITLE_MAX} tekens.", "title")
    return title


def _clean_links(text):
    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for link in links:
        if not is_web_url(link):
            raise ServiceError(
                f"'{link[:60]}' is geen geldige link; begin elke link met https:// en zet er "
                "één per regel.", "evidence")
    return "\n".join(links)


def update_item(plein, item, *, by, expected_version, title, evidence, owner_id,
                due_date, recurrence=None):
    """Save the editable fields of an item; refuses a stale edit (StaleEdit)."""
    _check_version(item, expected_version)
    if item.is_custom:
        item.title = _clean_title(title)
        if recurrence not in (None, "", *Recurrence.values()):
            raise ServiceError("Kies een geldige herhaling.", "recurrence")
        item.recurrence = recurrence or None
    if len(evidence or "") > TEXT_MAX:
        raise ServiceError(f"Links hebben samen hoogstens {TEXT_MAX} tekens.", "evidence")
    item.evidence = _clean_links(evidence)
    before = item.owner_id
    if owner_id:
        if owner_id not in {user.id for user in members_for_owner(plein)}:
            raise ServiceError(OWNER_ROLES, "owner_id")
        item.owner_id = owner_id
    else:
        item.owner_id = None
    item.due_date = due_date
    audit.record("item.update", f"Actiepunt '{item.title}' bijgewerkt", plein=plein,
                 obj=item, user=by)
    if item.owner_id and item.owner_id != before:
        from plein.roadmap import notices

        notices.item_assigned(plein, item, by=by)


def set_status(plein, item, status, *, by, reason="", expected_version=NO_CHECK, today=None):
    """Change the status. N.v.t. needs a reason; a recurring item marked done records
    the completion, gets its next due date and opens again: then the completion is
    returned (else None)."""
    _check_version(item, expected_version)
    if status not in ItemStatus.values():
        raise ServiceError("Kies een geldige status.", "status")
    reason = clean_line(reason or "")
    if status == ItemStatus.NA:
        if not reason:
            raise ServiceError("Geef kort aan waarom dit punt niet van toepassing is.",
                               "na_reason")
        if len(reason) > REASON_MAX:
            raise ServiceError(f"Gebruik voor de reden hoogstens {REASON_MAX} tekens.",
                               "na_reason")
        item.na_reason = reason
    else:
        item.na_reason = ""
    today = today or local_today()
    completion = None
    if status == ItemStatus.DONE and item.recurrence:
        completion = ItemCompletion(item=item, completed_on=today, completed_by_id=by.id)
        db.session.add(completion)
        item.due_date = next_due(today, item.recurrence)
        status = ItemStatus.OPEN
        summary = (f"Terugkerend punt '{item.title}' gereed gemeld; volgende keer "
                   f"{item.due_date:%d-%m-%Y}")
    else:
        summary = f"Status van '{item.title}' naar {ItemStatus(status).label}"
        if reason and status == ItemStatus.NA:
            summary += f" ({reason})"
    item.status = status
    item.status_changed_by_id = by.id
    item.status_changed_at = utcnow()
    audit.record("item.status", summary, plein=plein, obj=item, user=by)
    return completion


def status_changes(item, status, reason):
    """Whether saving ``status`` (and its n.v.t. reason) changes anything: a recurring
    item marked done always does (it records a completion)."""
    reason = clean_line(reason or "") if status == ItemStatus.NA else ""
    return (status != item.status or reason != (item.na_reason or "")
            or (status == ItemStatus.DONE and bool(item.recurrence)))


def next_due(start: date, recurrence: str) -> date:
    if recurrence == Recurrence.WEEKLY:
        return start + timedelta(weeks=1)
    months = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3,
              Recurrence.YEARLY: 12}[recurrence]
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def move_item(plein, item, direction, *, by):
    """Swap the item with its neighbour in the same phase (direction 'up' or 'down').

    Positions are written with plain UPDATEs: a new order is not an edit of the item,
    so it must not make someone else's open form stale.
    """
    siblings = items_of(plein, phase=item.phase)
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            db.session.execute(
                update(ChecklistItem).where(ChecklistItem.id == sibling.id)
                .values(position=position).execution_options(synchronize_session=False))
            db.session.expire(sibling, ["position"])
    audit.record("item.move", f"Actiepunt '{item.title}' verplaatst", plein=plein,
                 obj=item, user=by)


DELETE_STALE = ("Iemand anders heeft dit punt intussen gewijzigd; het is niet verwijderd. "
                "Bekijk de nieuwe stand en verwijder het opnieuw als dat nog steeds nodig is.")


def delete_item(plein, item, *, by, expected_version=NO_CHECK, reason=""):
    """Delete an own item, as the person saw it (a changed item is not deleted unseen).
    One that another feature depends on (an MT condition) only by the lead, with a
    reason that feature records (the MT overview shows it)."""
    if expected_version is not NO_CHECK:
        check_version(item, expected_version, StaleError(DELETE_STALE, item))
    if not item.is_custom:
        raise ServiceError(
            "Punten uit de methode kun je niet verwijderen; zet ze op n.v.t. met een reden.")
    reason = clean_line(reason or "")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Gebruik voor de reden hoogstens {REASON_MAX} tekens.", "reason")
    protected = dependents.protection(plein, item)
    if protected is not None:
        if not can("roadmap.delete_protected", roles_in(by, plein)):
            raise ServiceError(f"Dit actiepunt is {protected.what}. Alleen de projectleider "
                               "kan het verwijderen, met een reden.")
        if not reason:
            raise ServiceError(f"Dit actiepunt is {protected.what}. Schrijf op waarom je het "
                               "verwijdert; het MT ziet die reden.", "reason")
        protected.deleted(by, reason)
    audit.record("item.delete", f"Actiepunt '{item.title}' verwijderd"
                 + (f": {reason}" if reason else ""), plein=plein, obj=item, user=by)
    db.session.delete(item)
