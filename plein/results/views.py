"""Goals: the list with each goal's standing, one goal with its chart and figures, the
goal form (also pre-filled from the plan's "beoogd resultaat") and measurements entered
by hand."""

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import can, guard, me
from plein.forms import choices, length_of
from plein.htmx import render
from plein.results import goals as service
from plein.results import progress
from plein.results.forms import GoalEditForm, GoalForm, MeasurementForm
from plein.results.models import BY_PARTNER, BY_THEME, COUNTED, Goal, Source
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("results", __name__, url_prefix="/p/<int:plein_id>/resultaten")


@bp.route("/doelen")
@guard("results.view")
def index(plein):
    """Every goal with its figure and standing; the plan's intended results to turn
    into goals."""
    return render("results/goals.html", plein=plein, rows=service.overview(plein),
                  suggestions=service.plan_results(plein) if can("results.edit") else [],
                  number=progress.number, Standing=progress.Standing)


def _choose(plein, form):
    form.owner_id.choices = choices([(0, "Kies iemand"),
                                     *((u.id, u.name) for u in service.owners(plein))])
    form.theme_id.choices = choices([(0, "Alle thema's"),
                                     *((t.id, t.name) for t in service.themes_of(plein))])
    form.partner_id.choices = choices([(0, "Alle organisaties"),
                                       *((p.id, p.name) for p in service.partners_of(plein))])
    return form


def _form_page(plein, form, goal=None, status=200):
    return render("results/goal_form.html", status=status, plein=plein, form=form,
                  goal=goal, by_theme=BY_THEME, by_partner=BY_PARTNER, counted=COUNTED)


def _suggested(plein):
    """?uit_plan=N: the plan's N-th intended result as the new goal's title and why."""
    results = service.plan_results(plein)
    try:
        number = int(request.args.get("uit_plan", ""))
    except ValueError:
        return {}
    if not 1 <= number <= len(results):
        return {}
    text = results[number - 1]
    limit = length_of(Goal.title)
    title = text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"
    return {"title": title, "why": f"Uit het plan (beoogd resultaat): {text}"}


@bp.route("/doelen/nieuw")
@guard("results.edit")
def new(plein):
    today = local_today()
    form = _choose(plein, GoalForm(formdata=None, owner_id=me().id, starts_on=today,
                                   deadline=today.replace(year=today.year + 1),
                                   **_suggested(plein)))
    return _form_page(plein, form)


def _to_goal(plein, message):
    return lambda goal: saved(message(goal), url_for("results.goal", plein_id=plein.id,
                                                     goal_id=goal.id))


@bp.route("/doelen/nieuw", methods=["POST"])
@guard("results.edit")
def create(plein):
    form = _choose(plein, GoalForm())
    return save(form, lambda: service.create_goal(plein, by=me(), **form.for_service()),
                done=_to_goal(plein, lambda g: f"Het doel '{g.title}' is toegevoegd."),
                again=lambda status: _form_page(plein, form, status=status))


def _goal_or_404(plein, goal_id):
    return service.get_goal(plein, goal_id) or abort(404)


def _goal_page(plein, goal, *, measurement_form=None, status=200):
    today = local_today()
    row = service.overview(plein, today, [goal])[0]
    reading = row.reading
    return render("results/goal.html", status=status, plein=plein, goal=goal, row=row,
                  today=today, number=progress.number, Standing=progress.Standing,
                  expected=progress.expected(goal, today) if goal.is_quantitative else None,
                  chart=progress.goal_chart(goal, reading.points) if reading else None,
                  manual=goal.source == Source.MANUAL,
                  measurement_form=measurement_form or MeasurementForm(formdata=None,
                                                                      on=today))


@bp.route("/doelen/<int:goal_id>")
@guard("results.view")
def goal(plein, goal_id):
    """One goal: its figure against target and time, the chart, the numbers per month
    and (measured by hand) its measurements."""
    return _goal_page(plein, _goal_or_404(plein, goal_id))


@bp.route("/doelen/<int:goal_id>/bewerken")
@guard("results.edit")
def edit(plein, goal_id):
    goal = _goal_or_404(plein, goal_id)
    form = GoalEditForm(formdata=None, obj=goal, version=goal.version_id,
                        owner_id=goal.owner_id or 0, theme_id=goal.theme_id or 0,
                        partner_id=goal.partner_id or 0, source=goal.source or "")
    return _form_page(plein, _choose(plein, form), goal)


@bp.route("/doelen/<int:goal_id>/bewerken", methods=["POST"])
@guard("results.edit")
def update(plein, goal_id):
    goal = _goal_or_404(plein, goal_id)
    form = _choose(plein, GoalEditForm())
    return save(form, lambda: service.update_goal(plein, goal, by=me(),
                                                  expected_version=form.version.data,
                                                  **form.for_service()),
                done=_to_goal(plein, lambda g: f"Het doel '{g.title}' is opgeslagen."),
                again=lambda status: _form_page(plein, form, goal, status=status))


@bp.route("/doelen/<int:goal_id>/metingen", methods=["POST"])
@guard("results.edit")
def measure(plein, goal_id):
    goal = _goal_or_404(plein, goal_id)
    form = MeasurementForm()
    return save(form, lambda: service.add_measurement(plein, goal, by=me(),
                                                      **form.for_service()),
                done=lambda m: saved(f"De meting van {m.on:%d-%m-%Y} is opgeslagen.",
                                     url_for("results.goal", plein_id=plein.id,
                                             goal_id=goal.id)),
                again=lambda status: _goal_page(plein, goal, measurement_form=form,
                                                status=status))
