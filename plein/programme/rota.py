"""The desk rota (baliedienst): who staffs the plein's desk on each day-part.

A ``DeskShift`` repeats every week on one day-part; a ``DeskSwap`` changes one date of
it (someone else stands in, or nobody). What the week view, the TV screen and a
personal feed read is :func:`desk_for_range` (or :func:`desk_staff` for one day-part):
the people at the desk per date and day-part, with closing days, closed day-parts and
swaps applied, in a fixed number of statements whatever the period.

``organisation`` (a Partner) narrows a function to what that organisation's user may
touch: its own shifts, itself or a volunteer of its own as the person. Functions add
to the session and record an audit event; the caller commits.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plein import audit
from plein.accounts.models import Membership, Plein, Role, User
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import length_of
from plein.partners import service as partners
from plein.partners.models import Partner
from plein.programme import service
from plein.programme.models import WEEKDAYS, DeskShift, DeskSwap, Part
from plein.text import clean_line

MAX_SHIFTS = 300  # per plein
MAX_SWAPS = 200  # per shift
LIBRARY = "Bibliotheek"
STAFF_ROLES = (Role.LEAD, Role.TEAM, Role.PARTNER)


@dataclass
class DeskEntry:
    """One person at the desk on one date and day-part."""

    shift: DeskShift
    name: str  # as library staff and partners see it
    first_name: str  # what a screen may show
    organisation: str  # the partner's name, or "Bibliotheek"
    partner: Partner | None
    user: User | None
    starts: time | None = None  # the day-part's opening hours
    ends: time | None = None
    swapped: bool = False  # standing in for the shift's own person
    reason: str = ""


def first_name_of(name):
    return (name or "").split(" ")[0]


def _entry(shift, cell, *, user, partner, first_name, swapped=False, reason=""):
    name = user.name if user is not None else first_name
    return DeskEntry(shift, name, first_name_of(name),
                     partner.name if partner is not None else LIBRARY, partner, user,
                     cell.starts, cell.ends, swapped, reason)


def label_of(shift):
    """The shift's own person in words: "Pieter Jansen, Welzijn Lindeburg" or "Joke
    (vrijwilliger), Taalmaatjes"."""
    name = shift.user.name if shift.user is not None else shift.first_name
    volunteer = (" (vrijwilliger)" if shift.user is None else
                 "" if shift.user.active else " (account geblokkeerd)")
    return f"{name}{volunteer}, {shift.partner.name if shift.partner else LIBRARY}"


# -- reading ------------------------------------------------------------------------------


def shifts_of(plein, organisation=None):
    """Every shift, by weekday, day-part and name (with their swaps loaded)."""
    stmt = (select(DeskShift).where(DeskShift.plein_id == plein.id)
            .options(selectinload(DeskShift.swaps)))
    if organisation is not None:
        stmt = stmt.where(DeskShift.partner_id == organisation.id)
    shifts = db.session.scalars(stmt).unique().all()
    return sorted(shifts, key=lambda s: (s.slot, label_of(s).casefold()))


def get_shift(plein, shift_id, organisation=None):
    """The shift with this id in this plein (and of ``organisation``), or None."""
    stmt = select(DeskShift).where(DeskShift.id == shift_id, DeskShift.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(DeskShift.partner_id == organisation.id)
    return db.session.scalar(stmt)


def people(plein):
    """Who can be on the rota by name: [(user, partner or None)] of the plein's lead,
    team and partner members, active ones, by name."""
    rows = db.session.execute(
        select(User, Membership.partner_id).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role.in_(STAFF_ROLES),
               User.active.is_(True))).all()
    partners = {p.id: p for p in db.session.scalars(
        select(Partner).where(Partner.plein_id == plein.id))}
    found = {}
    for user, partner_id in rows:
        if partner_id is not None or user.id not in found:
            found[user.id] = (user, partners.get(partner_id))
    return sorted(found.values(), key=lambda row: row[0].name.casefold())


def desk_for_range(plein, start, end, *, grid=None, closed=None):
    """{(date, part): [DeskEntry]} for every open day-part from ``start`` to ``end``
    (both included) that is not on a closing day; an empty list: nobody at the desk.
    Day-parts that are closed, and closing days, have no key. A caller that read the
    grid or the closing days of the period already passes them in."""
    grid = grid if grid is not None else service.grid(plein)
    if closed is None:
        closed = {d.on for d in service.closing_days(plein, start, end)}
    shifts = db.session.scalars(select(DeskShift).where(DeskShift.plein_id == plein.id)
                                .order_by(DeskShift.id)).all()
    swaps = {(s.shift_id, s.on): s for s in db.session.scalars(
        select(DeskSwap).join(DeskShift).where(DeskShift.plein_id == plein.id,
                                               DeskSwap.on >= start, DeskSwap.on <= end))}
    per_slot = {}
    for shift in shifts:
        per_slot.setdefault((shift.weekday, shift.part), []).append(shift)
    desk = {}
    day = start
    while day <= end:
        for part in Part.values():
            cell = grid[(day.weekday(), part)]
            if day in closed or not cell.is_open:
                continue
            entries = []
            for shift in per_slot.get((day.weekday(), part), []):
                swap = swaps.get((shift.id, day))
                if swap is None and shift.user is not None and not shift.user.active:
                    continue  # a blocked account stands at no desk
                if swap is None:
                    entries.append(_entry(shift, cell, user=shift.user,
                                          partner=shift.partner, first_name=shift.first_name))
                elif not swap.nobody:
                    entries.append(_entry(shift, cell, user=swap.user, partner=swap.partner,
                                          first_name=swap.first_name, swapped=True,
                                          reason=swap.reason))
            desk[(day, part)] = sorted(entries, key=lambda e: e.name.casefold())
        day += timedelta(days=1)
    return desk


def desk_staff(plein, day, part):
    """The people at the desk on ``day`` in day-part ``part`` (a list, maybe empty)."""
    return desk_for_range(plein, day, day).get((day, part), [])


def desk_of(user, start, end):
    """[(plein, date, part, DeskEntry)] of ``user``'s own desk shifts from ``start`` to
    ``end``, in every plein, swaps applied (for a personal calendar feed)."""
    plein_ids = set(db.session.scalars(select(DeskShift.plein_id).where(
        DeskShift.user_id == user.id))) | set(db.session.scalars(
        select(DeskShift.plein_id).join(DeskSwap).where(
            DeskSwap.user_id == user.id, DeskSwap.on >= start, DeskSwap.on <= end)))
    found = []
    for plein_id in sorted(plein_ids):
        plein = db.session.get(Plein, plein_id)
        for (day, part), entries in desk_for_range(plein, start, end).items():
            found += [(plein, day, part, e) for e in entries
                      if e.user is not None and e.user.id == user.id]
    return sorted(found, key=lambda row: (row[1], row[3].starts, row[0].id))


def part_at(day_parts, starts):
    """The day-part a time falls in (``day_parts``: {part: DayPart} of one weekday): the
    one whose hours hold it, else by the clock (before 12:30 morning, before 18:00
    afternoon)."""
    for part in Part:
        cell = day_parts[part.value]
        if cell.starts <= starts < cell.ends:
            return part.value
    minutes = starts.hour * 60 + starts.minute
    return (Part.MORNING if minutes < 12 * 60 + 30 else
            Part.AFTERNOON if minutes < 18 * 60 else Part.EVENING).value


# -- changing -----------------------------------------------------------------------------


def _person(plein, person_id, partner_id, first_name, *, by, organisation, field):
    """(user, partner, first name) for a shift or a swap, checked: a user of the plein
    (a partner user comes with its organisation), or a volunteer's first name with the
    organisation chosen (or fixed to ``organisation``)."""
    first_name = clean_line(first_name or "")
    if len(first_name) > length_of(DeskShift.first_name):
        raise ServiceError(f"Gebruik hoogstens {length_of(DeskShift.first_name)} tekens.",
                           "first_name")
    if person_id:
        if first_name:
            raise ServiceError("Kies een persoon of vul een voornaam in, niet allebei.",
                               "first_name")
        if organisation is not None and person_id != by.id:
            raise ServiceError("Je kunt alleen jezelf inroosteren, of een vrijwilliger van "
                               "je eigen organisatie.", field)
        found = next(((u, p) for u, p in people(plein) if u.id == person_id), None)
        if found is None:
            raise ServiceError("Kies iemand uit de lijst.", field)
        return found[0], found[1], ""
    if not first_name:
        return None, None, ""
    if organisation is not None:
        return None, organisation, first_name
    partner = partners.get_partner(plein, partner_id) if partner_id else None
    if partner_id and partner is None:
        raise ServiceError("Kies een organisatie uit de lijst.", "partner_id")
    return None, partner, first_name


def add_shift(plein, *, weekday, part, person_id, partner_id, first_name, by,
              organisation=None):
    """A weekly shift at the desk."""
    if weekday not in range(7):
        raise ServiceError("Kies een dag van de week.", "weekday")
    if part not in Part.values():
        raise ServiceError("Kies ochtend, middag of avond.", "part")
    user, partner, first_name = _person(plein, person_id, partner_id, first_name, by=by,
                                        organisation=organisation, field="person_id")
    if user is None and not first_name:
        raise ServiceError("Kies wie er aan de balie staat, of vul de voornaam van een "
                           "vrijwilliger in.", "person_id")
    if db.session.scalar(select(func.count()).select_from(DeskShift).where(
            DeskShift.plein_id == plein.id)) >= MAX_SHIFTS:
        raise ServiceError(f"Het rooster heeft al {MAX_SHIFTS} diensten, het maximum.",
                           "person_id")
    for shift in shifts_of(plein):
        if (shift.weekday, shift.part) == (weekday, part) and (
                (user is not None and shift.user_id == user.id) or (
                user is None and shift.user_id is None and shift.partner is partner
                and shift.first_name.casefold() == first_name.casefold())):
            raise ServiceError(f"{label_of(shift)} staat al op {WEEKDAYS[weekday]}"
                               f"{Part.label_of(part)} aan de balie.", "person_id")
    shift = DeskShift(plein_id=plein.id, weekday=weekday, part=part, user=user,
                      partner=partner, first_name=first_name)
    db.session.add(shift)
    db.session.flush()
    audit.record("programme.desk", f"Baliedienst {WEEKDAYS[weekday]}{shift.part_label}: "
                 f"{label_of(shift)}", plein=plein, obj=shift, user=by)
    return shift


def remove_shift(plein, shift, *, by):
    audit.record("programme.desk", f"Baliedienst {shift.weekday_label}{shift.part_label} "
                 f"van {label_of(shift)} weggehaald", plein=plein, obj=shift, user=by)
    db.session.delete(shift)


def swap(plein, shift, *, on, person_id, first_name, reason, by, organisation=None):
    """One date of ``shift`` taken by someone else, or by nobody (no person, no name)."""
    if on is None:
        raise ServiceError("Vul de datum in.", "on")
    if on.weekday() != shift.weekday:
        raise ServiceError(f"{on:%d-%m-%Y} is geen {shift.weekday_label}; kies een datum "
                           "van deze dienst.", "on")
    if not date(2000, 1, 1) <= on <= date(2100, 1, 1):
        raise ServiceError("Kies een datum in deze eeuw.", "on")
    if service.closing_days(plein, on, on):
        raise ServiceError(f"Op {on:%d-%m-%Y} is de bibliotheek gesloten; er is dan geen "
                           "baliedienst.", "on")
    if len(shift.swaps) >= MAX_SWAPS:
        raise ServiceError(f"Deze dienst heeft al {MAX_SWAPS} ruilen, het maximum. Haal "
                           "de dienst weg en zet hem opnieuw op het rooster.", "on")
    if any(s.on == on for s in shift.swaps):
        raise ServiceError(f"Voor {on:%d-%m-%Y} staat al een ruil. Maak die eerst "
                           "ongedaan.", "on")
    # a volunteer stands in for the shift's own organisation
    user, partner, first_name = _person(
        plein, person_id, shift.partner_id, first_name, by=by, organisation=organisation,
        field="person_id")
    reason = clean_line(reason or "")
    if len(reason) > length_of(DeskSwap.reason):
        raise ServiceError(f"Gebruik hoogstens {length_of(DeskSwap.reason)} tekens.",
                           "reason")
    row = DeskSwap(on=on, user=user, partner=partner, first_name=first_name, reason=reason)
    shift.swaps.append(row)
    db.session.flush()
    who = ("niemand" if row.nobody else user.name if user is not None else first_name)
    audit.record("programme.desk", f"Baliedienst {shift.weekday_label}{shift.part_label} "
                 f"{on:%d-%m-%Y} van {label_of(shift)}: {who} staat er"
                 + (f" ({reason})" if reason else ""), plein=plein, obj=shift, user=by)
    return row


def undo_swap(plein, shift, on, *, by):
    row = next((s for s in shift.swaps if s.on == on), None)
    if row is None:
        raise ServiceError("Voor die datum staat geen ruil.", "on")
    shift.swaps.remove(row)
    audit.record("programme.desk", f"Ruil van {on:%d-%m-%Y} ({label_of(shift)}) ongedaan "
                 "gemaakt", plein=plein, obj=shift, user=by)
