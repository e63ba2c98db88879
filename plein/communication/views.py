"""The communication plan (its page reads like the document for the MT, with a print
view), its target groups, and monitoring. The content calendar's views are in
``calendar_views`` on the same blueprint."""

from flask import Blueprint, abort, url_for

from plein.accounts.access import guard, me
from plein.communication import calendar, monitoring
from plein.communication import plan as service
from plein.communication.forms import AudienceEditForm, AudienceForm, FigureForm, PlanForm
from plein.communication.models import Means, Metric
from plein.desk import charts
from plein.forms import EmptyForm, choices
from plein.htmx import render
from plein.results.progress import number
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("communication", __name__, url_prefix="/p/<int:plein_id>/communicatie")


def _plan_form(plein, form=None):
    plan = service.plan_of(plein)
    form = form or PlanForm(formdata=None, obj=plan, version=plan.version_id if plan else 0,
                            responsible_id=(plan.responsible_id or 0) if plan else me().id)
    form.responsible_id.choices = choices(
        [(0, "Kies één persoon"), *((u.id, u.name) for u in service.responsibles(plein))])
    return form


def _plan_page(plein, *, form=None, status=200, template="communication/plan.html"):
    today = local_today()
    audiences = service.audiences_of(plein)
    return render(template, status=status, plein=plein, plan=service.plan_of(plein),
                  audiences=audiences, form=_plan_form(plein, form), today=today,
                  number=number, Means=Means,
                  upcoming=calendar.upcoming(plein, today)[:calendar.LATE_SHOWN])


@bp.route("")
@guard("communication.view")
def plan(plein):
    """The communication plan: who is responsible, the target groups with goal, core
    message, tone of voice and means, and what is coming up in the calendar."""
    return _plan_page(plein)


@bp.route("/afdrukken")
@guard("communication.view")
def print_plan(plein):
    """The plan as a document to print or hand to the MT."""
    return _plan_page(plein, template="communication/print.html")


@bp.route("", methods=["POST"])
@guard("communication.edit")
def save_plan(plein):
    form = _plan_form(plein, PlanForm())
    return save(form, lambda: service.save_plan(plein, by=me(), **form.for_service()),
                done=lambda _p: saved("Het communicatieplan is opgeslagen.",
                                      url_for("communication.plan", plein_id=plein.id)),
                again=lambda status: _plan_page(plein, form=form, status=status))


def _audience_or_404(plein, audience_id):
    return service.get_audience(plein, audience_id) or abort(404)


def _audience_page(plein, form, audience=None, status=200):
    return render("communication/audience_form.html", status=status, plein=plein,
                  form=form, audience=audience, number=number)


def _to_plan(plein, message):
    return lambda audience: saved(message(audience), url_for(
        "communication.plan", plein_id=plein.id, _anchor=f"doelgroep-{audience.id}"))


@bp.route("/doelgroepen/nieuw")
@guard("communication.edit")
def new_audience(plein):
    return _audience_page(plein, AudienceForm(formdata=None, unit="%"))


@bp.route("/doelgroepen/nieuw", methods=["POST"])
@guard("communication.edit")
def create_audience(plein):
    form = AudienceForm()
    return save(form, lambda: service.create_audience(plein, by=me(), today=local_today(),
                                                      **form.for_service()),
                done=_to_plan(plein, lambda a: f"De doelgroep '{a.name}' is toegevoegd."),
                again=lambda status: _audience_page(plein, form, status=status))


@bp.route("/doelgroepen/<int:audience_id>/bewerken")
@guard("communication.edit")
def edit_audience(plein, audience_id):
    audience = _audience_or_404(plein, audience_id)
    form = AudienceEditForm(formdata=None, obj=audience, version=audience.version_id,
                            means=audience.means_list)
    return _audience_page(plein, form, audience)


@bp.route("/doelgroepen/<int:audience_id>/bewerken", methods=["POST"])
@guard("communication.edit")
def update_audience(plein, audience_id):
    audience = _audience_or_404(plein, audience_id)
    form = AudienceEditForm()
    return save(form, lambda: service.update_audience(
                    plein, audience, by=me(), expected_version=form.version.data,
                    today=local_today(), **form.for_service()),
                done=_to_plan(plein, lambda a: f"De doelgroep '{a.name}' is opgeslagen."),
                again=lambda status: _audience_page(plein, form, audience, status=status))


@bp.route("/doelgroepen/<int:audience_id>/resultaatdoel", methods=["POST"])
@guard("communication.edit")
def audience_goal(plein, audience_id):
    """Make the target group's goal a goal of the results feature (measured by hand)."""
    audience = _audience_or_404(plein, audience_id)
    form = EmptyForm()
    return save(form, lambda: service.to_goal(plein, audience, by=me(), today=local_today()),
                done=lambda goal: saved(f"Het doel staat nu bij de resultaten: '{goal.title}'.",
                                        url_for("results.goal", plein_id=plein.id,
                                                goal_id=goal.id)),
                again=lambda status: _plan_page(plein, status=status))


def _figure_form(plein, form=None):
    form = form or FigureForm(formdata=None, on=local_today())
    form.audience_id.choices = choices(
        [(0, "Geen bepaalde doelgroep"),
         *((a.id, a.name) for a in service.audiences_of(plein))])
    return form


def _monitoring_page(plein, form=None, status=200):
    today = local_today()
    months = monitoring.months_back(today)
    figures = monitoring.figures_of(plein)
    visits = monitoring.visits(plein, months)
    per_metric = monitoring.per_metric(figures, months)
    standings = monitoring.standings(service.audiences_of(plein), figures)
    return render(
        "communication/monitoring.html", status=status, plein=plein, number=number,
        form=_figure_form(plein, form), figures=figures[:50], visits=visits,
        per_metric=per_metric, Metric=Metric, standings=standings,
        visits_chart=charts.columns(visits, labels=charts.month_labels, hide_small=False,
                                    width=480),
        metric_charts={m: charts.columns(rows, labels=charts.month_labels,
                                         hide_small=False, width=480)
                       for m, rows in per_metric.items()},
        goal_chart=charts.bars([(s.audience.name, s.share or 0) for s in standings],
                               hide_small=False))


@bp.route("/monitoring")
@guard("communication.view")
def monitoring_page(plein):
    """Visits to the plein per month (from the desk's tallies), figures per channel
    entered by hand, and each target group's latest figure against its target."""
    return _monitoring_page(plein)


@bp.route("/monitoring", methods=["POST"])
@guard("communication.edit")
def add_figure(plein):
    form = _figure_form(plein, FigureForm())
    return save(form, lambda: monitoring.add_figure(plein, by=me(), today=local_today(),
                                                    **form.for_service()),
                done=lambda f: saved(f"Het cijfer van {f.on:%d-%m-%Y} is opgeslagen.",
                                     url_for("communication.monitoring_page",
                                             plein_id=plein.id)),
                again=lambda status: _monitoring_page(plein, form, status=status))
