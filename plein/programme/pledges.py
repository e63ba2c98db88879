"""Promised against planned: per partner, the hours its inbreng in the contract promises
and the hours it has on the programme in the coming weeks.

How the figures are read:
- *Promised*: the current contract version's ``hours`` and ``hours_period`` of each
  partner party (the contract's inbreng already records hours "per week" or "per
  maand"), plus a signed toetreding to that version; a party that zegt op counts no
  more. The library's own hours are left out: the figures are about partners.
- *The coming month* is the four weeks from today (:data:`DAYS`, 28 days): every
  weekday in it exactly four times, so a weekly spreekuur always counts the same. A
  promise per week counts four times; one per month counts 28 / (365.25 / 12) of it.
- *Planned*: the hours of the partner's activities that take place (cancelled dates
  and closing days do not count, moved dates count where they land) and of the desk
  shifts its people stand (the day-part's opening hours, swaps applied).
A partner is *below* when it plans fewer hours than it promised.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from plein.agreements import addenda
from plein.agreements import service as agreements
from plein.agreements.models import PERIODS, SignatureStatus
from plein.extensions import db
from plein.numbers import form_value
from plein.partners.models import Partner
from plein.programme import activities as offer
from plein.programme import rota, service
from plein.programme.recurrence import occurrences

DAYS = 28
WEEKS = Decimal(DAYS) / Decimal(7)
MONTH_SHARE = Decimal(DAYS) / (Decimal("365.25") / Decimal(12))


@dataclass
class Figure:
    partner: Partner
    hours: Decimal  # as the contract says it, per ``period``
    period: str  # "week" or "month"
    promised: Decimal  # in the coming four weeks
    planned: Decimal

    @property
    def text(self):
        """The figures as people read them: {"hours": "2,5", "promised": "10", ...}."""
        return {name: form_value(getattr(self, name)) or "0"
                for name in ("hours", "promised", "planned", "short")}

    @property
    def period_label(self):
        return PERIODS.get(self.period, self.period)

    @property
    def below(self):
        return self.planned < self.promised

    @property
    def short(self):
        return max(self.promised - self.planned, Decimal(0))


def _round(value):
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def in_window(hours, period):
    """Promised hours per ``period`` as hours in the four weeks."""
    share = WEEKS if period == "week" else MONTH_SHARE
    return _round(Decimal(hours) * share)


def promises(plein):
    """{partner_id: (hours, period)} of the current version, with signed toetredingen
    to it and without the parties that left."""
    agreement = agreements.agreement_of(plein)
    version = agreements.current_version(agreement) if agreement is not None else None
    if version is None:
        return {}
    found = {p["partner_id"]: (Decimal(p["hours"]), p["hours_period"])
             for p in agreements.version_content(version)["parties"]
             if p["partner_id"] is not None}
    for accession in addenda.accessions_of(agreement, version):
        if accession.answer is not None and accession.answer.answer == SignatureStatus.SIGNED:
            party = addenda.content_of(accession)["party"]
            found[accession.partner_id] = (Decimal(party["hours"]), party["hours_period"])
    for withdrawal in addenda.withdrawals_of(agreement, version):
        found.pop(withdrawal.partner_id, None)
    return found


def _hours(day, starts, ends):
    length = datetime.combine(day, ends) - datetime.combine(day, starts)
    return Decimal(length.total_seconds()) / Decimal(3600)


def planned(plein, start, end):
    """{partner_id: hours} planned from ``start`` to ``end`` (both included)."""
    closed = {d.on: d.reason for d in service.closing_days(plein, start, end)}
    found = {}
    activities = [a for a in offer.activities_of(plein) if a.partner_id is not None]
    for item in occurrences(activities, start, end, closed):
        if not item.cancelled:
            found[item.activity.partner_id] = found.get(item.activity.partner_id, 0) + \
                _hours(item.on, item.starts, item.ends)
    for (day, _part), entries in rota.desk_for_range(plein, start, end,
                                                     closed=set(closed)).items():
        for entry in entries:
            if entry.partner is not None:
                found[entry.partner.id] = found.get(entry.partner.id, 0) + \
                    _hours(day, entry.starts, entry.ends)
    return {partner_id: _round(hours) for partner_id, hours in found.items()}


def figures(plein, today, organisation=None):
    """[Figure] per partner that promised hours or plans some, by name (of
    ``organisation`` only, when given)."""
    promised = promises(plein)
    done = planned(plein, today, today + timedelta(days=DAYS - 1))
    ids = set(promised) | set(done)
    if organisation is not None:
        ids &= {organisation.id}
    partners = {p.id: p for p in db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.id.in_(ids)))} if ids else {}
    rows = []
    for partner_id in ids:
        hours, period = promised.get(partner_id, (Decimal(0), "week"))
        rows.append(Figure(partners[partner_id], hours, period, in_window(hours, period),
                           done.get(partner_id, Decimal("0.0"))))
    return sorted(rows, key=lambda f: f.partner.name.casefold())
