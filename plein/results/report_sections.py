"""The sections of a voortgangsrapportage, one builder each.

A builder takes the ``Scope`` (plein, period, the day the figures stand at) and returns
plain data (dicts, lists, strings, numbers, ISO dates): what the report page and the
print view show, and what publishing freezes as canonical JSON. The page renders a
section with ``templates/results/report_sections/<key>.html`` from that data only, so a
published version looks the same in ten years as on the day it was published.

Every builder costs a constant number of SQL statements, whatever the number of goals,
partners or tallies (tests/test_query_budget.py: "report").
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from plein.agreements import service as agreements
from plein.agreements.models import SignatureStatus
from plein.desk.figures import MONTHS
from plein.desk.models import Referral, ReferralStatus, Tally, tally_themes
from plein.extensions import db
from plein.partners.models import Partner, PartnerStatus
from plein.programme import activities as offer
from plein.programme import service as programme
from plein.programme.models import Theme
from plein.programme.recurrence import occurrences
from plein.results import goals as goal_service
from plein.results import indicators
from plein.results.evaluation_models import Evaluation
from plein.results.success_models import SuccessStory
from plein.timeutil import local_date, start_of_local_day


@dataclass(frozen=True)
class Scope:
    plein: object
    start: date
    end: date
    as_of: date  # the period's end, or today while the period runs

    @property
    def running(self):
        return self.as_of < self.end


@dataclass(frozen=True)
class Section:
    key: str  # also the template's name: results/report_sections/<key>.html
    title: str
    hint: str  # what the lead could write about (the form's help text)
    build: object  # Scope -> plain data


def _iso(day):
    return day.isoformat() if day else None


# -- goals ----------------------------------------------------------------------------

def goals(scope):
    """Every goal that runs in the period, with its figure and standing at the period's
    end (or today) and its points per month (the chart is drawn from these)."""
    chosen = [g for g in goal_service.goals_of(scope.plein)
              if g.starts_on <= scope.end and g.deadline >= scope.start]
    rows = goal_service.overview(scope.plein, scope.as_of, chosen)
    return {"goals": [{
        "title": row.goal.title, "why": row.goal.why, "kind": row.goal.kind,
        "quantitative": row.goal.is_quantitative, "counted": row.goal.is_counted,
        "standing": row.standing.value, "standing_label": row.standing.label,
        "source": row.goal.source_label if row.goal.source else "",
        "scope": row.goal.scope, "unit": row.goal.unit_label,
        "starts_on": _iso(row.goal.starts_on), "deadline": _iso(row.goal.deadline),
        "baseline": row.goal.baseline, "target": row.goal.target,
        "value": row.value, "share": row.share,
        "notes": list(row.reading.notes) if row.reading else [],
        "points": [[_iso(day), value] for day, value in row.reading.points]
        if row.reading else [],
    } for row in rows]}


# -- the programme in numbers ---------------------------------------------------------

def _hours(item):
    return indicators._hours(item)


def programme_numbers(scope):
    """Activities held and cancelled and hours of partner presence (from the programme's
    own dates: one load), contacts counted and referrals (counted by the database)."""
    start, end = scope.start, scope.as_of
    if end < start:
        return {"started": False}
    closed = {d.on: d.reason for d in programme.closing_days(scope.plein, start, end)}
    found = occurrences(offer.activities_of(scope.plein), start, end, closed)
    held = [item for item in found if not item.cancelled]
    per_month = {}
    for item in held:
        per_month.setdefault(item.on.replace(day=1), [0, 0.0])
        per_month[item.on.replace(day=1)][0] += 1
    presence = 0.0
    for item in held:
        if item.activity.partner_id is not None:
            presence += _hours(item)
            per_month[item.on.replace(day=1)][1] += _hours(item)
    within = (Tally.plein_id == scope.plein.id, Tally.on >= start, Tally.on <= end)
    contacts = dict(db.session.execute(
        select(Tally.month_of, func.count()).where(*within).group_by(Tally.month_of)).all())
    themes = db.session.execute(
        select(Theme.name, func.count()).select_from(Tally)
        .join(tally_themes, tally_themes.c.tally_id == Tally.id)
        .join(Theme, Theme.id == tally_themes.c.theme_id).where(*within)
        .group_by(Theme.name).order_by(func.count().desc(), Theme.name).limit(5)).all()
    made, helped = db.session.execute(
        select(func.count(), func.sum(case((Referral.status == ReferralStatus.HELPED, 1),
                                           else_=0)))
        .where(Referral.plein_id == scope.plein.id,
               Referral.created_at >= start_of_local_day(start),
               Referral.created_at < start_of_local_day(end + timedelta(days=1)))).one()
    months, day = [], start.replace(day=1)
    while day <= end:
        held_n, hours = per_month.get(day, (0, 0.0))
        months.append({"month": f"{MONTHS[day.month - 1]} {day.year}",
                       "activities": held_n, "hours": round(hours, 1),
                       "contacts": contacts.get(day)})
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return {
        "started": True, "until": _iso(end), "running": scope.running,
        "activities": len(held), "cancelled": len(found) - len(held),
        "hours": round(presence, 1), "contacts": sum(contacts.values()) if contacts else None,
        "themes": [[name, count] for name, count in themes],
        "referrals": made, "helped": int(helped or 0), "months": months,
    }


# -- partners and the contract --------------------------------------------------------

def partners(scope):
    """The partners by status (the ones that take part by name) and the contract's
    current version with each party's answer."""
    rows = db.session.execute(select(Partner.name, Partner.status).where(
        Partner.plein_id == scope.plein.id).order_by(Partner.name)).all()
    counts = dict.fromkeys(PartnerStatus.values(), 0)
    for _name, status in rows:
        counts[status] = counts.get(status, 0) + 1
    agreement = agreements.agreement_of(scope.plein)
    version = agreements.current_version(agreement) if agreement else None
    contract = None
    if version is not None:
        parties = agreements.overview(version)
        contract = {
            "number": version.number, "published_on": _iso(local_date(version.published_at)),
            "parties": [{"name": p.name, "status": p.status,
                         "status_label": SignatureStatus.label_of(p.status)}
                        for p in parties],
            "signed": sum(p.status == SignatureStatus.SIGNED for p in parties),
        }
    return {
        "participating": [name for name, status in rows
                          if status == PartnerStatus.PARTICIPATING],
        "counts": [[PartnerStatus.label_of(status), counts[status]]
                   for status in PartnerStatus.values()],
        "contract": contract,
    }


# -- successes ------------------------------------------------------------------------

def successes(scope):
    """The stories of the period that may be shared outside the network (a report goes
    to the MT, the gemeente and the partners), oldest first."""
    stories = db.session.scalars(select(SuccessStory).where(
        SuccessStory.plein_id == scope.plein.id, SuccessStory.shareable.is_(True),
        SuccessStory.happened_on >= scope.start, SuccessStory.happened_on <= scope.end)
        .options(selectinload(SuccessStory.partners))
        .order_by(SuccessStory.happened_on, SuccessStory.id)).all()
    return {"stories": [{"title": s.title, "story": s.story,
                         "happened_on": _iso(s.happened_on),
                         "partners": [p.name for p in s.partners]} for s in stories]}


# -- the evaluation's improvement points ---------------------------------------------

def improvements(scope):
    """The improvement points of the moments held in the period, or else of the last
    moment held before its end, with the status of their checklist item as it stands."""
    held = select(Evaluation).where(Evaluation.plein_id == scope.plein.id,
                                    Evaluation.held_on.is_not(None),
                                    Evaluation.held_on <= scope.end)
    moments = db.session.scalars(held.where(Evaluation.held_on >= scope.start)
                                 .options(selectinload(Evaluation.improvements))
                                 .order_by(Evaluation.held_on)).all()
    if not moments:
        moments = db.session.scalars(held.options(selectinload(Evaluation.improvements))
                                     .order_by(Evaluation.held_on.desc()).limit(1)).all()
    return {"moments": [{
        "title": moment.title, "held_on": _iso(moment.held_on),
        "points": [{
            "title": point.title,
            "status": point.item.status_label if point.item else "actiepunt verwijderd",
            "done": bool(point.item and point.item.is_closed),
            "owner": point.item.owner.name if point.item and point.item.owner else "",
            "due_date": _iso(point.item.due_date) if point.item else None,
        } for point in moment.improvements],
    } for moment in moments]}


# The report's sections in order. Each feature of results adds its own builder here,
# with a template templates/results/report_sections/<key>.html that renders the
# builder's data; the report's form, page, print view, PDF and published JSON pick it up
# by themselves.
SECTIONS = [
    Section("goals", "Doelen en cijfers",
            "Hoe staan de doelen ervoor, en wat verklaart dat?", goals),
    Section("programme", "Het programma in cijfers",
            "Wat viel op in het aanbod en aan de balie?", programme_numbers),
    Section("partners", "Partners en het samenwerkingscontract",
            "Hoe loopt de samenwerking, wie kwam erbij of ging weg?", partners),
    Section("successes", "Successen",
            "Welk verhaal laat het beste zien wat het plein voor inwoners doet?",
            successes),
    Section("improvements", "Evaluatie en verbeterpunten",
            "Wat kwam uit de evaluatie met de partners, en hoe staat het met de "
            "verbeterpunten?", improvements),
]


def section_keys():
    return [section.key for section in SECTIONS]


def build(scope, texts):
    """Every section's data with the lead's text: what the page shows and what a
    published version stores."""
    return [{"key": s.key, "title": s.title, "text": texts.get(s.key, ""),
             "data": s.build(scope)} for s in SECTIONS]
