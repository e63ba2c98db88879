"""The voortgangsrapportage: composing a draft for a period, publishing it as a numbered
version that never changes, and the thread on a version (the MT asks, the lead answers).

Functions add to the session and record audit events; the caller commits.
"""

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.plan.service import checked_text
from plein.results import report_sections
from plein.results.report_models import (
    COMMENT_MAX,
    MAX_VERSIONS,
    MONTHS,
    TEXT_MAX,
    Period,
    Report,
    ReportComment,
    ReportVersion,
)
from plein.seal import canonical, fingerprint
from plein.text import personal_in
from plein.timeutil import local_today

PUBLISHED = ("Versie {number} van de rapportage is gepubliceerd en verandert niet meer. "
             "Wil je iets aanpassen? Maak een nieuwe versie.")


class StaleReport(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit concept intussen gewijzigd. Hieronder staat "
                         "wat nu is opgeslagen; jouw tekst staat in het formulier.", current)


class AlreadyPublished(ServiceError):
    """Editing or publishing a draft that was published already."""

    def __init__(self, report):
        super().__init__(PUBLISHED.format(number=report.published.number))
        self.report = report


def period_end(period, start):
    months = MONTHS[Period(period)]
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def quarter_start(day):
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def scope_of(plein, period, start, today=None):
    end = period_end(period, start)
    return report_sections.Scope(plein, start, end, min(today or local_today(), end))


# -- reading ----------------------------------------------------------------------------

def versions_of(plein):
    """Every published version, newest first (their comments counted, not loaded)."""
    return db.session.scalars(select(ReportVersion).where(ReportVersion.plein_id == plein.id)
                              .order_by(ReportVersion.number.desc())).all()


def latest_version(plein):
    return db.session.scalar(select(ReportVersion).where(ReportVersion.plein_id == plein.id)
                             .order_by(ReportVersion.number.desc()).limit(1))


def get_version(plein, number):
    return db.session.scalar(select(ReportVersion).where(
        ReportVersion.plein_id == plein.id, ReportVersion.number == number))


def comment_counts(plein):
    return dict(db.session.execute(
        select(ReportComment.report_version_id, func.count())
        .join(ReportVersion).where(ReportVersion.plein_id == plein.id)
        .group_by(ReportComment.report_version_id)).all())


def draft_of(plein):
    """The draft being composed (at most one at a time), or None."""
    return db.session.scalar(select(Report).where(
        Report.plein_id == plein.id, ~Report.published.has()).order_by(Report.id.desc())
        .limit(1))


def get_report(plein, report_id):
    return db.session.scalar(select(Report).where(Report.id == report_id,
                                                  Report.plein_id == plein.id))


def content(plein, report, today=None):
    """Everything the report shows, as plain data: what a version freezes."""
    scope = scope_of(plein, report.period, report.starts_on, today)
    return {
        "plein": plein.name, "organisation": plein.organisation,
        "period": report.period, "period_label": report.period_label,
        "starts_on": scope.start.isoformat(), "ends_on": scope.end.isoformat(),
        "as_of": scope.as_of.isoformat(), "running": scope.running,
        "sections": report_sections.build(scope, report.text_of),
    }


# -- composing --------------------------------------------------------------------------

def _period(period, starts_on, today):
    if period not in Period.values():
        raise ServiceError("Kies een kwartaal, halfjaar of jaar.", "period")
    if starts_on is None:
        raise ServiceError("Vul in wanneer de periode begint.", "starts_on")
    if starts_on.day != 1:
        raise ServiceError("Een periode begint op de eerste van een maand, bijvoorbeeld "
                           f"01-{starts_on.month:02d}-{starts_on.year}.", "starts_on")
    if starts_on > today:
        raise ServiceError("Deze periode is nog niet begonnen: kies een periode die al loopt "
                           "of voorbij is.", "starts_on")
    if starts_on.year < today.year - 10:
        raise ServiceError("Kies een periode in de laatste tien jaar.", "starts_on")
    return period, starts_on


def _anonymous(text, field):
    """A published report and its thread never change, so nothing that identifies a
    visitor may get in: it could never be erased."""
    what = personal_in(text)
    if what:
        raise ServiceError(f"Een rapportage wordt na publicatie nooit meer gewijzigd: zet "
                           f"er geen {what} in. Schrijf over wat er gebeurde, zonder "
                           "contactgegevens van een bezoeker.", field)
    return text


def _texts(texts):
    clean = {}
    for section in report_sections.SECTIONS:
        field = f"text_{section.key}"
        clean[section.key] = _anonymous(checked_text(
            texts.get(section.key), f"De tekst bij ‘{section.title}’", TEXT_MAX, field), field)
    return json.dumps(clean, ensure_ascii=False, sort_keys=True)


def start_draft(plein, *, by, period, starts_on, texts=None, today=None):
    """A new draft for a period. Only one draft at a time: a second is refused."""
    if draft_of(plein) is not None:
        raise ServiceError("Er is al een concept-rapportage. Werk dat bij of publiceer het "
                           "eerst.")
    period, starts_on = _period(period, starts_on, today or local_today())
    report = Report(plein_id=plein.id, period=period, starts_on=starts_on,
                    texts=_texts(texts or {}), created_by_id=by.id)
    db.session.add(report)
    db.session.flush()
    audit.record("report.draft", f"Concept-rapportage over {_span(report)} begonnen",
                 plein=plein, obj=report, user=by)
    return report


def new_version(plein, version, *, by):
    """A new draft over the same period, starting from ``version``'s texts: how a
    published report is corrected (the version itself never changes)."""
    texts = {s["key"]: s["text"] for s in version.data["sections"]}
    return start_draft(plein, by=by, period=version.period, starts_on=version.starts_on,
                       texts=texts)


def update_draft(plein, report, *, by, expected_version, period, starts_on, texts,
                 today=None):
    if report.published is not None:
        raise AlreadyPublished(report)
    check_version(report, expected_version, StaleReport(report))
    report.period, report.starts_on = _period(period, starts_on, today or local_today())
    report.texts = _texts(texts)
    audit.record("report.update", f"Concept-rapportage over {_span(report)} bijgewerkt",
                 plein=plein, obj=report, user=by)
    return report


def publish(plein, report, *, by, expected_version, today=None):
    """Freeze the draft as version n+1: every section rendered to canonical JSON with
    its SHA-256."""
    if report.published is not None:
        raise AlreadyPublished(report)
    check_version(report, expected_version, StaleReport(report))
    number = (db.session.scalar(select(func.max(ReportVersion.number)).where(
        ReportVersion.plein_id == plein.id)) or 0) + 1
    if number > MAX_VERSIONS:
        raise ServiceError(f"Een plein heeft hoogstens {MAX_VERSIONS} rapportages.")
    text = canonical(content(plein, report, today))
    version = ReportVersion(plein_id=plein.id, report=report, number=number,
                            period=report.period, starts_on=report.starts_on,
                            ends_on=period_end(report.period, report.starts_on),
                            content=text, sha256=fingerprint(text), published_by_id=by.id)
    db.session.add(version)
    db.session.flush()
    audit.record("report.publish", f"Rapportage versie {number} over {_span(report)} "
                 f"gepubliceerd (SHA-256 {version.sha256[:12]}…)", plein=plein, obj=version,
                 user=by)
    return version


def comment(plein, version, *, by, body):
    body = _anonymous(checked_text(body, "Je reactie", COMMENT_MAX, "body"), "body")
    if not body:
        raise ServiceError("Schrijf eerst je reactie.", "body")
    last = version.comments[-1] if version.comments else None
    if last is not None and (last.author_id, last.body) == (by.id, body):
        return last  # the same message twice (a double click): nothing new
    entry = ReportComment(version=version, author_id=by.id, body=body)
    db.session.add(entry)
    db.session.flush()
    audit.record("report.comment", f"{by.name} reageerde op rapportage versie "
                 f"{version.number}", plein=plein, obj=entry, user=by)
    return entry


def _span(report):
    end = period_end(report.period, report.starts_on)
    return f"{report.starts_on:%d-%m-%Y} t/m {end:%d-%m-%Y}"
