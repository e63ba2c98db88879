"""Evaluation moments: the list with the next one to plan, one moment (its record, its
improvement points with their items' live status, the partners' answers) and the
partners' questionnaire as a partner user fills it in."""

from flask import Blueprint, abort, url_for
from flask_login import current_user

from plein.accounts.access import can, guard, me, partner_membership
from plein.forms import VersionForm, choices
from plein.htmx import render
from plein.results import evaluation as service
from plein.results import questionnaire
from plein.results.evaluation_forms import (
    AnswerForm,
    EvaluationForm,
    ImprovementForm,
    RecordForm,
)
from plein.results.evaluation_models import ReferralWorks, Survey
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemStatus
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("evaluations", __name__, url_prefix="/p/<int:plein_id>/resultaten/evaluaties")


def _plan_form(plein):
    day = service.suggested_date(plein)
    return EvaluationForm(formdata=None, title=f"Jaarlijkse evaluatie {day.year}",
                          planned_on=day)


def _index_page(plein, form=None, status=200):
    return render("results/evaluations.html", status=status, plein=plein,
                  evaluations=service.evaluations_of(plein),
                  item=service.evaluation_item(plein), Survey=Survey,
                  form=form or (_plan_form(plein) if can("results.evaluate") else None))


@bp.route("")
@guard("results.view")
def index(plein):
    """Every evaluation moment, the next first; planning a new one."""
    return _index_page(plein)


def _to_moment(plein, evaluation, message):
    return saved(message, url_for("evaluations.moment", plein_id=plein.id,
                                  evaluation_id=evaluation.id))


@bp.route("/nieuw", methods=["POST"])
@guard("results.evaluate")
def plan(plein):
    form = EvaluationForm()
    return save(form, lambda: service.plan_evaluation(plein, by=me(), **form.for_service()),
                done=lambda e: _to_moment(plein, e, f"'{e.title}' is gepland op "
                                                    f"{e.planned_on:%d-%m-%Y}."),
                again=lambda status: _index_page(plein, form, status))


def _moment_or_404(plein, evaluation_id):
    return service.get_evaluation(plein, evaluation_id) or abort(404)


def _record_form(plein, evaluation, formdata=None):
    if formdata is None:
        form = RecordForm(formdata=None, version=evaluation.version_id,
                          held_on=evaluation.held_on or min(evaluation.planned_on,
                                                            local_today()),
                          people_ids=[u.id for u in evaluation.people],
                          partner_ids=[p.id for p in evaluation.partners],
                          went_well=evaluation.went_well)
    else:
        form = RecordForm()
    form.people_ids.choices = choices((u.id, u.name) for u in service.library_people(plein))
    form.partner_ids.choices = choices((p.id, p.name) for p in service.partners_of(plein))
    return form


def _improvement_form(plein, formdata=None):
    form = ImprovementForm() if formdata else ImprovementForm(formdata=None,
                                                              owner_id=me().id)
    form.owner_id.choices = choices([(0, "Kies iemand"), *(
        (u.id, u.name) for u in roadmap.members_for_owner(plein))])
    return form


def _moment_page(plein, evaluation, *, record_form=None, point_form=None, survey_form=None,
                 status=200):
    editing = can("results.evaluate")
    answers = questionnaire.answers_of(evaluation)
    return render(
        "results/evaluation.html", status=status, plein=plein, evaluation=evaluation,
        record_form=record_form or (_record_form(plein, evaluation) if editing else None),
        point_form=point_form or (_improvement_form(plein) if editing else None),
        survey_form=survey_form or VersionForm(formdata=None,
                                               version=evaluation.version_id),
        answers=answers, totals=questionnaire.totals(answers), Survey=Survey,
        ItemStatus=ItemStatus, referral_labels=dict(ReferralWorks.choices()))


@bp.route("/<int:evaluation_id>")
@guard("results.view")
def moment(plein, evaluation_id):
    """One moment: planned or held, its improvement points and the partners' answers."""
    return _moment_page(plein, _moment_or_404(plein, evaluation_id))


@bp.route("/<int:evaluation_id>/verslag", methods=["POST"])
@guard("results.evaluate")
def record(plein, evaluation_id):
    evaluation = _moment_or_404(plein, evaluation_id)
    first = not evaluation.is_held
    form = _record_form(plein, evaluation, formdata=True)
    return save(form, lambda: service.record_held(
                    plein, evaluation, by=me(), expected_version=form.version.data,
                    **form.for_service()),
                done=lambda e: _to_moment(plein, e, (
                    f"'{e.title}' is vastgelegd als gehouden. Zet hieronder de verbeterpunten "
                    "in het stappenplan." if first else "Het verslag is opgeslagen.")),
                again=lambda status: _moment_page(plein, evaluation, record_form=form,
                                                  status=status))


@bp.route("/<int:evaluation_id>/verbeterpunten", methods=["POST"])
@guard("results.evaluate")
def improve(plein, evaluation_id):
    evaluation = _moment_or_404(plein, evaluation_id)
    form = _improvement_form(plein, formdata=True)
    back = url_for("evaluations.moment", plein_id=plein.id, evaluation_id=evaluation.id)
    return save(form, lambda: service.add_improvement(
                    plein, evaluation, by=me(), origin_url=back, **form.for_service()),
                done=lambda p: saved(f"'{p.title}' staat nu in het stappenplan (Borging).",
                                     back + "#improvements-title"),
                again=lambda status: _moment_page(plein, evaluation, point_form=form,
                                                  status=status))


def _survey_action(plein, evaluation_id, work, message):
    evaluation = _moment_or_404(plein, evaluation_id)
    form = VersionForm()
    return save(form, lambda: work(plein, evaluation, by=me(),
                                   expected_version=form.version.data),
                done=lambda e: _to_moment(plein, e, message),
                again=lambda status: _moment_page(plein, evaluation, survey_form=form,
                                                  status=status))


@bp.route("/<int:evaluation_id>/vragenlijst/openen", methods=["POST"])
@guard("results.evaluate")
def open_survey(plein, evaluation_id):
    return _survey_action(plein, evaluation_id, questionnaire.open_survey,
                          "De vragenlijst staat open: partners zien hem op hun startpagina.")


@bp.route("/<int:evaluation_id>/vragenlijst/sluiten", methods=["POST"])
@guard("results.evaluate")
def close_survey(plein, evaluation_id):
    return _survey_action(plein, evaluation_id, questionnaire.close_survey,
                          "De vragenlijst is gesloten: partners zien nu de totalen.")


def _partner_and_moment(plein, evaluation_id):
    """The partner user's organisation and a moment whose questionnaire it may see
    (opened at some time); anything else is 404."""
    membership = partner_membership(current_user, plein)
    evaluation = _moment_or_404(plein, evaluation_id)
    if membership is None or membership.partner_id is None or (
            evaluation.survey == Survey.NONE):
        abort(404)
    return membership.partner, evaluation


def _answer_page(plein, evaluation, partner, form=None, status=200):
    mine = questionnaire.answer_of(evaluation, partner.id)
    if form is None:
        form = AnswerForm(formdata=None, version=mine.version_id if mine else 0,
                          **({"satisfaction": mine.satisfaction, "works": mine.works,
                              "change": mine.change, "referral": mine.referral,
                              "referral_note": mine.referral_note} if mine else {}))
    closed = evaluation.survey == Survey.CLOSED
    return render("results/questionnaire.html", status=status, plein=plein,
                  evaluation=evaluation, partner=partner, mine=mine, form=form,
                  totals=questionnaire.totals(questionnaire.answers_of(evaluation))
                  if closed else None, closed=closed, Survey=Survey,
                  anonymous_min=questionnaire.ANONYMOUS_MIN,
                  referral_labels=dict(ReferralWorks.choices()))


@bp.route("/<int:evaluation_id>/vragenlijst")
@guard("results.answer")
def survey(plein, evaluation_id):
    """The questionnaire for the partner user's organisation: the form while open,
    its own answers and (once closed) the anonymous totals."""
    partner, evaluation = _partner_and_moment(plein, evaluation_id)
    return _answer_page(plein, evaluation, partner)


@bp.route("/<int:evaluation_id>/vragenlijst", methods=["POST"])
@guard("results.answer")
def answer(plein, evaluation_id):
    partner, evaluation = _partner_and_moment(plein, evaluation_id)
    form = AnswerForm()
    return save(form, lambda: questionnaire.answer(
                    plein, evaluation, partner, by=me(), expected_version=form.version.data,
                    **form.for_service()),
                done=lambda a: saved(f"Dank je wel: de antwoorden van {partner.name} zijn "
                                     "opgeslagen.", url_for(
                                         "evaluations.survey", plein_id=plein.id,
                                         evaluation_id=evaluation.id)),
                again=lambda status: _answer_page(plein, evaluation, partner, form,
                                                  status))
