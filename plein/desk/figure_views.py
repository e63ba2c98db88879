"""The figures of the desk: a year of tallies as charts with tables, and a month as
CSV for the library's own reporting."""

import re

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import can, guard, me
from plein.desk import charts, figures, referrals, signals
from plein.desk.forms import SignalForm
from plein.desk.models import ReferralStatus
from plein.exports import csv_text, download
from plein.htmx import render
from plein.roadmap import service as roadmap
from plein.saving import save, saved
from plein.timeutil import local_today

PERIOD = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])")
bp = Blueprint("desk_figures", __name__, url_prefix="/p/<int:plein_id>/balie")


def _year(text, years):
    try:
        year = int(text or "")
    except ValueError:
        return years[0]
    return year if year in years else years[0]


@bp.route("/cijfers")
@guard("desk.figures")
def index(plein):
    """Counts per week, month, theme, day-part, kind of help and organisation. A
    partner sees a count below 5 as "< 5"."""
    years = figures.years_of(plein, local_today())
    year = figures.year_figures(plein, _year(request.args.get("jaar"), years))
    hide = not can("desk.export")
    return render("desk/figures.html", plein=plein, years=years, year=year, hide_small=hide,
                  shown=lambda count: figures.shown(count, hide), month_name=figures.month_name,
                  weeks=charts.columns(year.weeks.rows, labels=charts.week_labels,
                                       hide_small=hide),
                  months=charts.columns(year.months.rows, labels=charts.month_labels,
                                        hide_small=hide, width=480),
                  referral_counts=referrals.counts(plein, year.year),
                  referral_statuses=list(ReferralStatus),
                  bars={series.title: charts.bars(series.rows, hide_small=hide)
                        for series in (year.themes, year.parts, year.helps,
                                       year.organisations)})


@bp.route("/cijfers/<period>.csv")
@guard("desk.export")
def month_csv(plein, period):
    """One month (``2026-12.csv``): contacts per day, day-part, kind of help,
    organisation and theme."""
    match = PERIOD.fullmatch(period)
    if not match:
        abort(404)
    year, month = int(match[1]), int(match[2])
    rows = figures.month_rows(plein, year, month)
    return download(csv_text(figures.CSV_HEADER, rows), f"turven-{year}-{month:02d}", plein,
                    "csv")


@bp.route("/signalen", methods=["POST"])
@guard("desk.signals")
def signal_to_item(plein):
    """Turn a signal into a checklist item "Nieuw aanbod ontwikkelen" with an owner."""
    form = SignalForm()
    form.owner_id.choices = [(u.id, u.name) for u in roadmap.members_for_owner(plein)]
    dashboard = url_for("dashboard.index", plein_id=plein.id)
    return save(form, lambda: signals.to_item(
                    plein, form.topic.data, owner_id=form.owner_id.data, by=me(),
                    today=local_today(), origin_url=url_for(
                        "desk_figures.index", plein_id=plein.id)),
                done=lambda item: saved(f"'{item.title}' staat nu in het stappenplan.",
                                        dashboard),
                again=lambda _status: saved_refusal(form, dashboard))


def saved_refusal(form, location):
    """A refused signal form: back to the dashboard with the message (the form holds
    nothing typed, only a choice)."""
    from flask import flash, redirect

    flash(" ".join(message for _id, _label, message in form.problems()), "error")
    return redirect(location, 303)
