"""iCal feeds (RFC 5545, with the ``icalendar`` package): the plein's programme, and a
person's own deadlines and desk shifts.

The plein's feed holds every occurrence from a week ago to three months ahead, one
VEVENT each (not an RRULE: a changed or cancelled date is then just that event). A
cancelled date stays in the feed with ``STATUS:CANCELLED`` and the reason in its
description, so a calendar that already shows it learns that it is off (one that is
left out would simply linger in some calendar apps). Times carry
``TZID=Europe/Amsterdam`` with a VTIMEZONE for the period, so 14:00 stays 14:00 on both
sides of a change to or from summer time. No person's name is in the plein's feed.
"""

from datetime import date, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from plein.accounts.models import Membership
from plein.extensions import db
from plein.programme import outputs
from plein.roadmap.models import ACTIVE, ChecklistItem
from plein.timeutil import utcnow

PRODID = "-//plein//programma//NL"
PAST_DAYS = 7
AHEAD_DAYS = 92  # about three months
DOMAIN = "plein.invalid"  # the UIDs' right-hand side: stable, never resolved


def _calendar(name, start, end):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    return cal


def _finish(cal, start, end):
    """The document, with a VTIMEZONE for every zone it uses over the feed's period."""
    cal.add_missing_timezones(first_date=date(start.year, 1, 1),
                              last_date=end + timedelta(days=366))
    return cal.to_ical()


def plein_feed(plein, today):
    """The plein's programme as an iCalendar document (bytes)."""
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=AHEAD_DAYS)
    found, _closed = outputs.public_occurrences(plein, start, end)
    cal = _calendar(f"Programma {plein.name}", start, end)
    stamp = utcnow()
    for item in found:
        activity = item.activity
        event = Event()
        event.add("uid", f"{item.schedule.id}-{item.original:%Y%m%d}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", activity.title)
        where = [activity.room.name] if activity.room else []
        if plein.location:
            where.append(plein.location)
        if where:
            event.add("location", ", ".join(where))
        event.add("description", _description(item))
        event.add("categories", [t.name for t in activity.themes] or ["Programma"])
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        cal.add_component(event)
    return _finish(cal, start, end)


def _description(item):
    activity = item.activity
    lines = []
    if item.cancelled:
        lines.append("Gaat niet door" + (f": {item.reason}" if item.reason else "."))
    elif item.moved:
        lines.append("Verplaatst" + (f": {item.reason}" if item.reason else "."))
    lines.append(f"{activity.kind_label} van {activity.organisation}.")
    lines.append(activity.access_label + (f": {activity.appointment_how}"
                                          if activity.appointment_how else "."))
    lines.append("Gratis." if activity.is_free else f"Kosten: {activity.cost}")
    if activity.description:
        lines.append(activity.description)
    return "\n".join(lines)


def personal_feed(user, today):
    """``user``'s open checklist items with a deadline (whole-day events) and their desk
    shifts, in every plein they are a member of (bytes)."""
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=AHEAD_DAYS)
    cal = _calendar("Mijn plein-agenda", start, end)  # no name: a leaked link tells less
    stamp = utcnow()
    pleinen = select(Membership.plein_id).where(Membership.user_id == user.id)
    items = db.session.scalars(select(ChecklistItem).where(
        ChecklistItem.owner_id == user.id, ChecklistItem.plein_id.in_(pleinen),
        ChecklistItem.due_date.is_not(None), ChecklistItem.status.in_(ACTIVE))
        .order_by(ChecklistItem.due_date, ChecklistItem.id)).all()
    for item in items:
        event = Event()
        event.add("uid", f"item-{item.id}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + timedelta(days=1))
        event.add("summary", f"Deadline: {item.title}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for plein, starts_at, ends_at in outputs.desk_shifts_of(user, start, end):
        event = Event()
        event.add("uid", f"desk-{plein.id}-{starts_at:%Y%m%dT%H%M}-{user.id}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", starts_at)
        event.add("dtend", ends_at)
        event.add("summary", f"Baliedienst {plein.name}")
        cal.add_component(event)
    return _finish(cal, start, end)
