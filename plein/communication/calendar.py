"""The content calendar: items with a date, target group, means and channel, message,
owner (a library user, or a partner organisation for an item on its channels), status
and a buffer date before the date. A month as a grid of weeks (``month``), the late
items of a person or organisation (``late_for``), and a partner's status updates of
its own organisation's items."""

from calendar import Calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from plein import audit
from plein.communication.models import MESSAGE_MAX, Audience, CalendarItem, ItemStatus, Means
from plein.communication.plan import text
from plein.desk.figures import MONTHS
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.partners.models import Partner
from plein.results.goals import owners

MAX_ITEMS = 2_000
MAX_BUFFER_DAYS = 365
LATE_SHOWN = 10  # a dashboard shows at most this many late items
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
OPEN = (ItemStatus.IDEA.value, ItemStatus.PREPARING.value, ItemStatus.READY.value)


class StaleItem(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit item intussen gewijzigd. Hieronder staat "
                         "wat nu is opgeslagen; jouw invoer staat in het formulier.", current)


@dataclass
class Day:
    day: date
    in_month: bool
    items: list


def first_of(day):
    return day.replace(day=1)


def next_month(first):
    return (first + timedelta(days=32)).replace(day=1)


def month_name(first):
    return f"{MONTHS[first.month - 1]} {first.year}"


def items_between(plein, start, end, partner_id=None):
    """The items from ``start`` up to ``end`` (one statement), by date."""
    stmt = select(CalendarItem).where(CalendarItem.plein_id == plein.id,
                                      CalendarItem.on >= start, CalendarItem.on < end)
    if partner_id is not None:
        stmt = stmt.where(CalendarItem.partner_id == partner_id)
    return db.session.scalars(stmt.order_by(CalendarItem.on, CalendarItem.id)).unique().all()


def month(plein, first):
    """The weeks (Monday first) that hold the month's days, each day with its items."""
    weeks = Calendar().monthdatescalendar(first.year, first.month)
    items = items_between(plein, weeks[0][0], weeks[-1][-1] + timedelta(days=1))
    by_day = {}
    for item in items:
        by_day.setdefault(item.on, []).append(item)
    return [[Day(d, d.month == first.month, by_day.get(d, [])) for d in week]
            for week in weeks]


def upcoming(plein, start, partner_id=None):
    """The list: from ``start`` on, by date (at most MAX_ITEMS)."""
    stmt = select(CalendarItem).where(CalendarItem.plein_id == plein.id,
                                      CalendarItem.on >= start)
    if partner_id is not None:
        stmt = stmt.where(CalendarItem.partner_id == partner_id)
    return db.session.scalars(stmt.order_by(CalendarItem.on, CalendarItem.id)
                              .limit(MAX_ITEMS)).unique().all()


def get_item(plein, item_id):
    return db.session.scalar(select(CalendarItem).where(CalendarItem.id == item_id,
                                                        CalendarItem.plein_id == plein.id))


def late_for(plein, today, *, user=None, partner_id=None):
    """The late items (see ``CalendarItem.is_late``) of a library user or of a partner
    organisation, oldest first."""
    stmt = select(CalendarItem).where(
        CalendarItem.plein_id == plein.id, CalendarItem.status.in_(OPEN),
        or_(CalendarItem.on < today, CalendarItem.buffer_on < today))
    if partner_id is not None:
        stmt = stmt.where(CalendarItem.partner_id == partner_id)
    else:
        stmt = stmt.where(CalendarItem.owner_id == user.id,
                          CalendarItem.partner_id.is_(None))
    items = db.session.scalars(stmt.order_by(CalendarItem.on).limit(LATE_SHOWN * 2)).all()
    return [item for item in items if item.is_late(today)][:LATE_SHOWN]


def partners_of(plein):
    return db.session.scalars(select(Partner).where(Partner.plein_id == plein.id)
                              .order_by(Partner.name)).all()


def _apply(plein, item, *, on, buffer_on, audience_id, means, channel, message, owner_id,
           partner_id, status, today, was=None):
    if on is None:
        raise ServiceError("Vul de datum in.", "on")
    if on != was and on < today:
        raise ServiceError("Die datum is al voorbij: plan een item op vandaag of later.", "on")
    if buffer_on is not None:
        if buffer_on > on:
            raise ServiceError("Kies een bufferdatum vóór de datum zelf, zodat er tijd "
                               "overblijft bij vertraging.", "buffer_on")
        if (on - buffer_on).days > MAX_BUFFER_DAYS:
            raise ServiceError("Kies een bufferdatum binnen een jaar vóór de datum.",
                               "buffer_on")
    item.on, item.buffer_on = on, buffer_on
    audience = None
    if audience_id:
        audience = db.session.get(Audience, audience_id)
        if audience is None or audience.plein_id != plein.id:
            raise ServiceError("Kies een doelgroep uit het communicatieplan.", "audience_id")
    item.audience_id = audience.id if audience else None
    if means not in Means.values():
        raise ServiceError("Kies een middel of kanaal.", "means")
    item.means = means
    item.channel = text(channel, CalendarItem.channel, "het kanaal", "channel")
    item.message = text(message, MESSAGE_MAX, "de boodschap", "message", required=True,
                        line=False)
    if status not in ItemStatus.values():
        raise ServiceError("Kies een status.", "status")
    item.status = status
    partner = None
    if partner_id:
        partner = db.session.get(Partner, partner_id)
        if partner is None or partner.plein_id != plein.id:
            raise ServiceError("Kies een partner uit het register.", "partner_id")
    if partner is not None:
        item.partner_id, item.owner_id = partner.id, None
        return item
    owner = next((u for u in owners(plein) if u.id == owner_id), None)
    if owner is None:
        raise ServiceError("Kies wie het item verzorgt: iemand van de bibliotheek, of een "
                           "partnerorganisatie bij een item op haar kanalen.", "owner_id")
    item.owner_id, item.partner_id = owner.id, None
    return item


def create_item(plein, *, by, today, **fields):
    count = db.session.scalar(select(db.func.count(CalendarItem.id)).where(
        CalendarItem.plein_id == plein.id))
    if count >= MAX_ITEMS:
        raise ServiceError(f"De contentkalender heeft hoogstens {MAX_ITEMS} items.")
    item = _apply(plein, CalendarItem(plein_id=plein.id, created_by_id=by.id), today=today,
                  **fields)
    db.session.add(item)
    db.session.flush()
    audit.record("communication.item", f"Contentkalender: '{_short(item)}' op "
                 f"{item.on:%d-%m-%Y} ({item.means_label}) toegevoegd", plein=plein,
                 obj=item, user=by)
    return item


def update_item(plein, item, *, by, expected_version, today, **fields):
    check_version(item, expected_version, StaleItem(item))
    _apply(plein, item, today=today, was=item.on, **fields)
    audit.record("communication.item", f"Contentkalender: '{_short(item)}' gewijzigd",
                 plein=plein, obj=item, user=by)
    return item


def set_status(plein, item, status, *, by, expected_version, partner_id=None):
    """A partner user moves its own organisation's item on (another's: ServiceError,
    which a view has answered with 404 before)."""
    if partner_id is not None and item.partner_id != partner_id:
        raise ServiceError("Dit item is niet van jouw organisatie.")
    check_version(item, expected_version, StaleItem(item))
    if status not in ItemStatus.values():
        raise ServiceError("Kies een status.", "status")
    item.status = status
    audit.record("communication.item", f"Contentkalender: '{_short(item)}' is nu "
                 f"{item.status_label.lower()}", plein=plein, obj=item, user=by)
    return item


def _short(item):
    line = item.message.splitlines()[0] if item.message else ""
    return line if len(line) <= 60 else line[:59] + "…"
