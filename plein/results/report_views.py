"""The voortgangsrapportage's pages: the list of published versions (and the draft),
composing and publishing a draft, a published version with its thread, its print view
and PDF."""

from datetime import timedelta
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for

from plein.accounts.access import can, guard, me
from plein.forms import EmptyForm, VersionForm
from plein.htmx import render
from plein.results import progress, reports
from plein.results.report_forms import CommentForm, ReportForm, StartForm
from plein.results.report_sections import SECTIONS
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("reports", __name__, url_prefix="/p/<int:plein_id>/resultaten/rapportages")


def helpers():
    """What the section templates use to show a report's data."""
    from datetime import date

    from plein.desk.figures import shown

    def chart(goal):
        g = SimpleNamespace(starts_on=date.fromisoformat(goal["starts_on"]),
                            deadline=date.fromisoformat(goal["deadline"]),
                            baseline=goal["baseline"], target=goal["target"])
        points = [(date.fromisoformat(day), value) for day, value in goal["points"]]
        return progress.goal_chart(g, points)

    return {"number": progress.number, "goal_chart_of": chart, "shown": shown,
            "hide_small": not can("results.view"), "as_date": date.fromisoformat}


def _start_form(plein):
    latest = reports.latest_version(plein)
    if latest is not None:
        # the period after the latest report's; while that has not begun, the same one
        start = reports.period_end(latest.period, latest.starts_on) + timedelta(days=1)
        start = start if start <= local_today() else latest.starts_on
        return StartForm(formdata=None, period=latest.period, starts_on=start)
    return StartForm(formdata=None, starts_on=reports.quarter_start(local_today()))


def _index(plein, form=None, status=200):
    return render("results/reports.html", status=status, plein=plein,
                  versions=reports.versions_of(plein), counts=reports.comment_counts(plein),
                  draft=reports.draft_of(plein) if can("results.report") else None,
                  form=form or (_start_form(plein) if can("results.report") else None))


@bp.route("")
@guard("results.published")
def index(plein):
    """The published reports, newest first; for the lead also the draft, or a form to
    start one."""
    return _index(plein)


def _to_draft(plein, message):
    return lambda report: saved(message, url_for("reports.draft", plein_id=plein.id,
                                                 report_id=report.id))


@bp.route("/nieuw", methods=["POST"])
@guard("results.report")
def start(plein):
    form = StartForm()
    return save(form, lambda: reports.start_draft(plein, by=me(), **form.for_service()),
                done=_to_draft(plein, "Het concept is begonnen. Schrijf per onderdeel een "
                                      "korte tekst en publiceer het als het klaar is."),
                again=lambda status: _index(plein, form, status))


def _report_or_404(plein, report_id):
    return reports.get_report(plein, report_id) or abort(404)


def _draft_page(plein, report, form=None, status=200):
    form = form or ReportForm(formdata=None, obj=report, version=report.version_id,
                              **{f"text_{k}": v for k, v in report.text_of.items()})
    return render("results/report_draft.html", status=status, plein=plein, report=report,
                  form=form, sections=SECTIONS, data=reports.content(plein, report),
                  publish_form=VersionForm(formdata=None, version=report.version_id),
                  **helpers())


@bp.route("/concept/<int:report_id>")
@guard("results.report")
def draft(plein, report_id):
    """The draft: its period and texts, and a preview of every section with today's
    figures."""
    report = _report_or_404(plein, report_id)
    if report.published is not None:
        flash(reports.PUBLISHED.format(number=report.published.number), "info")
        return redirect(url_for("reports.version", plein_id=plein.id,
                                number=report.published.number))
    return _draft_page(plein, report)


@bp.route("/concept/<int:report_id>", methods=["POST"])
@guard("results.report")
def update(plein, report_id):
    report = _report_or_404(plein, report_id)
    form = ReportForm()
    return save(form, lambda: reports.update_draft(plein, report, by=me(),
                                                   expected_version=form.version.data,
                                                   **form.for_service()),
                done=_to_draft(plein, "Het concept is opgeslagen."),
                again=lambda status: _draft_page(plein, report, form, status))


@bp.route("/concept/<int:report_id>/publiceren", methods=["POST"])
@guard("results.report")
def publish(plein, report_id):
    report = _report_or_404(plein, report_id)
    form = VersionForm()
    return save(form, lambda: reports.publish(plein, report, by=me(),
                                              expected_version=form.version.data),
                done=lambda v: saved(f"Versie {v.number} is gepubliceerd. Het MT en de "
                                     "partners kunnen hem nu lezen.",
                                     url_for("reports.version", plein_id=plein.id,
                                             number=v.number)),
                again=lambda status: _draft_page(plein, report, status=status))


def _version_or_404(plein, number):
    return reports.get_version(plein, number) or abort(404)


def _version_page(plein, version, form=None, status=200):
    latest = reports.latest_version(plein)
    return render("results/report.html", status=status, plein=plein, version=version,
                  data=version.data, latest=latest, draft=reports.draft_of(plein)
                  if can("results.report") else None,
                  comment_form=form or CommentForm(formdata=None),
                  new_form=EmptyForm(formdata=None), **helpers())


@bp.route("/<int:number>")
@guard("results.published")
def version(plein, number):
    """A published version as it was frozen, with its fingerprint and the thread."""
    return _version_page(plein, _version_or_404(plein, number))


@bp.route("/<int:number>/reacties", methods=["POST"])
@guard("results.comment")
def comment(plein, number):
    version = _version_or_404(plein, number)
    form = CommentForm()
    return save(form, lambda: reports.comment(plein, version, by=me(), body=form.body.data),
                done=lambda c: saved("Je reactie is geplaatst.", url_for(
                    "reports.version", plein_id=plein.id, number=number,
                    _anchor=f"reactie-{c.id}")),
                again=lambda status: _version_page(plein, version, form, status))


@bp.route("/<int:number>/nieuwe-versie", methods=["POST"])
@guard("results.report")
def new_version(plein, number):
    """A new draft over the same period with this version's texts."""
    version = _version_or_404(plein, number)
    form = EmptyForm()
    return save(form, lambda: reports.new_version(plein, version, by=me()),
                done=_to_draft(plein, f"Een nieuw concept is begonnen op basis van versie "
                                      f"{number}."),
                again=lambda status: _version_page(plein, version, status=status))


def _print_context(plein, number):
    version = _version_or_404(plein, number)
    return {"plein": plein, "version": version, "data": version.data, **helpers()}


@bp.route("/<int:number>/afdrukken")
@guard("results.published")
def print_view(plein, number):
    """The version on paper (the browser's print, with the print CSS)."""
    return render("results/report_print.html", pdf=False, **_print_context(plein, number))


@bp.route("/<int:number>/pdf")
@guard("results.published")
def pdf(plein, number):
    """The print view as a PDF, through the contract's WeasyPrint code."""
    from plein.results.report_pdf import render_pdf

    html = render_template("results/report_print.html", pdf=True,
                           **_print_context(plein, number))
    name = f"voortgangsrapportage-{plein.id}-versie-{number}.pdf"
    return Response(render_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
