"""The figures of the desk: a year of tallies as charts with tables, and a month as
CSV for the library's own reporting."""

import re

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import can, guard, me
from plein.desk import charts, figures, referrals, signals
from plein.desk.forms import SignalForm
from plein.desk.models import ReferralStatus
from plein.desk.signals import NewOffer
from plein.errors import ServiceError
from plein.exports import csv_text, download
from plein.htmx import render
from plein.programme.models import Activity
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
    """Turn a signal into new offer: a checklist item "Nieuw aanbod ontwikkelen" with an
    owner, or a draft activity in the programme (hidden until the lead shows it). A
    refused form comes back (422) with its message."""
    form = SignalForm()
    owners = roadmap.members_for_owner(plein)
    form.owner_id.choices = [(u.id, u.name) for u in owners]

    def work():
        if form.make.data == NewOffer.ACTIVITY:
            return signals.to_activity(plein, form.topic.data, by=me(), today=local_today())
        if form.make.data != NewOffer.ITEM:
            raise ServiceError("Kies wat je van het signaal maakt.", "make")
        return signals.to_item(plein, form.topic.data, owner_id=form.owner_id.data, by=me(),
                               today=local_today(), origin_url=url_for(
                                   "desk_figures.index", plein_id=plein.id))

    def done(made):
        if isinstance(made, Activity):
            return saved(f"'{made.title}' staat als concept in het programma, nog verborgen "
                         "voor bezoekers en partners. Vul het aan en toon het daarna.",
                         url_for("programme.activity", plein_id=plein.id,
                                 activity_id=made.id))
        return saved(f"'{made.title}' staat nu in het stappenplan.",
                     url_for("dashboard.index", plein_id=plein.id))

    return save(form, work, done=done, again=lambda status: render(
        "desk/signal.html", status=status, plein=plein, form=form, owners=owners,
        count=dict(signals.signals(plein, local_today())).get(form.topic.data)))
