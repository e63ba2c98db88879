"""Two people edit the same record from the same version: the second save is refused
with 409 and a Dutch message, the page shows both their text and the text stored now
(as a full page and as an htmx fragment), and nothing is overwritten.

EDITABLE lists every record a form edits; a POST route that saves a versioned record
must be listed here or in NOT_VERSIONED (with the reason), or the suite fails.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

import pytest
from sqlalchemy import select

from plein.extensions import db
from tests.conftest import HTMX, login, text_of
from tests.hostile import figures

# optimistic locking on one connection: the world is built once, each test rolled back
pytestmark = pytest.mark.shared_world

MINE, THEIRS = "Tekst van Anna die eerst opsloeg", "Tekst van Bram die later opsloeg"


@dataclass
class Editable:
    route: str
    url: Callable  # ids -> url
    version: Callable  # ids -> the version the form was made from
    data: Callable  # (ids, version, text) -> form data
    stored: Callable  # ids -> the text stored now
    roles: tuple = ("lead", "team")
    htmx: bool = False  # the page submits this form with htmx (else a plain form)
    shown: tuple = (THEIRS[:40], MINE[:40])  # both versions, as the page shows them


def _item(ids):
    from plein.roadmap.models import ChecklistItem

    return db.session.get(ChecklistItem, ids["item"])


def _partner(ids):
    from plein.partners.models import Partner

    return db.session.get(Partner, ids["welzijn"])


def _criterion(ids):
    from plein.assessment.models import Criterion

    return db.session.get(Criterion, ids["criterion"])


def _decision(ids):
    from plein.assessment.models import Decision

    return db.session.scalar(select(Decision).where(Decision.partner_id == ids["welzijn"]))


def _score(ids):
    from plein.assessment.models import Score

    return db.session.scalar(select(Score).where(Score.partner_id == ids["welzijn"],
                                                 Score.criterion_id == ids["criterion"]))


def _agreement(ids):
    from plein.agreements.models import Agreement

    return db.session.scalar(select(Agreement).where(Agreement.plein_id == ids["plein"]))


def _section_key(ids):
    return _agreement(ids).sections[0].key


def _party(ids):
    from plein.agreements.models import Party

    return db.session.get(Party, ids["welzijn_party"])


def _plan(ids):
    from plein.plan.models import Plan

    return db.session.scalar(select(Plan).where(Plan.plein_id == ids["plein"]))


def _line(ids):
    from plein.plan.models import BudgetLine

    return db.session.get(BudgetLine, ids["line"])


def _activity(ids):
    from plein.programme.models import Activity

    return db.session.get(Activity, ids["activity"])


def _report(ids):
    from plein.results.report_models import Report

    return db.session.get(Report, ids["report"])


def _goal(ids):
    from plein.results.models import Goal

    return db.session.get(Goal, ids["goal"])


def _meeting(ids):
    from plein.meetings.models import Meeting

    return db.session.get(Meeting, ids["meeting"])
def _story(ids):
    from plein.results.success_models import SuccessStory

    return db.session.get(SuccessStory, ids["story"])
def _evaluation(ids):
    from plein.results.evaluation_models import Evaluation

    return db.session.get(Evaluation, ids["evaluation"])


def _survey_answer(ids):
    from plein.results import questionnaire

    return questionnaire.answer_of(_evaluation(ids), ids["welzijn"])


def _referral_agreement(ids):
    from plein.desk.models import ReferralAgreement

    return db.session.scalar(select(ReferralAgreement).where(
        ReferralAgreement.partner_id == ids["welzijn"]))


def _communication_plan(ids):
    from plein.communication.models import CommunicationPlan

    return db.session.scalar(select(CommunicationPlan).where(
        CommunicationPlan.plein_id == ids["plein"]))


def _audience(ids):
    from plein.communication.models import Audience

    return db.session.get(Audience, ids["audience"])


def _calendar_item(ids):
    from plein.communication.models import CalendarItem

    return db.session.get(CalendarItem, ids["library_item"])


def _in_days(days):
    from datetime import timedelta

    from plein.timeutil import local_today

    return f"{local_today() + timedelta(days=days):%d-%m-%Y}"


def _referral(ids):
    from plein.desk.models import Referral

    return db.session.get(Referral, ids["referral"])


P = "/p/{plein}"
EDITABLE = {
    "plan": Editable(
        "plan.save", lambda i: f"{P}/plan/bewerken".format(**i),
        lambda i: _plan(i).version_id,
        lambda i, v, t: {"version": v, "section-why": t},
        lambda i: next(s.body for s in _plan(i).sections if s.key == "why"),
        roles=("lead", "admin")),
    "budget line": Editable(
        "plan.save_line", lambda i: f"{P}/plan/begroting/{{line}}".format(**i),
        lambda i: _line(i).version_id,
        lambda i, v, t: {"version": v, "kind": "setup", "description": t, "amount": "100"},
        lambda i: _line(i).description, roles=("lead", "admin"), htmx=True),
    "checklist item": Editable(
        "roadmap.update_item", lambda i: f"{P}/stappenplan/punt/{{item}}".format(**i),
        lambda i: _item(i).version_id,
        # notes are a thread now (added, never overwritten): the title is the text here
        lambda i, v, t: {"version": v, "title": t, "owner_id": "0"},
        lambda i: _item(i).title, htmx=True),
    # the item page saves status and n.v.t. reason with the rest of the item
    "checklist item status": Editable(
        "roadmap.update_item", lambda i: f"{P}/stappenplan/punt/{{item}}".format(**i),
        lambda i: _item(i).version_id,
        lambda i, v, t: {"version": v, "title": "Eigen punt Alfa", "owner_id": "0",
                         "status": "na", "na_reason": t},
        lambda i: _item(i).na_reason),
    # one click, no text: Anna clicks "gereed", Bram "bezig"; the row comes back with
    # the stored status and the message (his choice was a single click)
    "checklist item status (one click in the list)": Editable(
        "roadmap.set_status", lambda i: f"{P}/stappenplan/punt/{{item}}/status".format(**i),
        lambda i: _item(i).version_id,
        lambda i, v, t: {"version": v, "status": "done" if t == MINE else "busy"},
        lambda i: MINE if _item(i).status == "done" else _item(i).status, htmx=True,
        shown=("Gereed", "net gewijzigd")),
    "partner": Editable(
        "partners.update", lambda i: f"{P}/partners/{{welzijn}}".format(**i),
        lambda i: _partner(i).version_id,
        lambda i, v, t: {"version": v, "name": "Welzijn Alfa", "kind": "professional",
                         "role": "both", "contact_name": t},
        lambda i: _partner(i).contact_name),
    "criterion": Editable(
        "assessment.update_criterion",
        lambda i: f"{P}/afwegingstabel/criteria/{{criterion}}".format(**i),
        lambda i: _criterion(i).version_id,
        lambda i, v, t: {"version": v, "group": _criterion(i).group, "title": t[:40],
                         "explanation": t, "weight": _criterion(i).weight},
        lambda i: _criterion(i).explanation, roles=("lead", "admin")),
    "decision": Editable(
        "assessment.decide", lambda i: f"{P}/afwegingstabel/partner/{{welzijn}}/besluit".format(
            **i),
        lambda i: _decision(i).version_id if _decision(i) else 0,
        lambda i, v, t: {"version": v, "value": "later", "rationale": t},
        lambda i: _decision(i).rationale),
    "score": Editable(
        "assessment.save_scores",
        lambda i: f"{P}/afwegingstabel/partner/{{welzijn}}/scores".format(**i),
        lambda i: "",  # the form carries the score as loaded: none yet
        lambda i, v, t: {f"score-{i['criterion']}": "2", f"orig-{i['criterion']}": v,
                         f"explanation-{i['criterion']}": t[:200],
                         f"orig-explanation-{i['criterion']}": ""},
        lambda i: _score(i).explanation),
    "agreement section": Editable(
        "agreements.save_sections", lambda i: f"{P}/contract/concept".format(**i),
        lambda i: _agreement(i).version_id,
        lambda i, v, t: {"version": v, f"section-{_section_key(i)}": t},
        lambda i: _agreement(i).sections[0].body),
    "party and commitment": Editable(
        "agreements.save_commitment",
        lambda i: f"{P}/contract/partijen/{{welzijn_party}}".format(**i),
        lambda i: _agreement(i).version_id,
        lambda i, v, t: {"version": v, "hours_period": "week", "tasks": t,
                         "knowledge": t},
        lambda i: _party(i).tasks),
    "activity": Editable(
        "programme.update", lambda i: f"{P}/programma/aanbod/{{activity}}".format(**i),
        lambda i: _activity(i).version_id,
        lambda i, v, t: {"version": v, "title": "Spreekuur Alfa", "kind": "consultation",
                         "partner_id": i["welzijn"], "theme_ids": i["theme"],
                         "room_id": i["room"], "access": "walk_in", "is_free": "y",
                         "description": t},
        lambda i: _activity(i).description),
    "goal": Editable(
        "results.update", lambda i: f"{P}/resultaten/doelen/{{goal}}/bewerken".format(**i),
        lambda i: _goal(i).version_id,
        lambda i, v, t: {"version": v, "title": "Tevreden bezoekers Alfa", "why": t,
                         "kind": "quantitative", "owner_id": i["lead_id"],
                         "starts_on": "01-01-2026", "deadline": "31-12-2026",
                         "source": "manual", "unit": "rapportcijfer", "baseline": "6",
                         "target": "8"},
        lambda i: _goal(i).why),
    "meeting": Editable(
        "meetings.update", lambda i: f"{P}/overleg/{{meeting}}/bewerken".format(**i),
        lambda i: _meeting(i).version_id,
        lambda i, v, t: {"version": v, "kind": "partners", "on": "01-01-2099",
                         "user_ids": i["lead_id"], "partner_ids": i["welzijn"],
                         "agenda": "1. Opening", "notes": t},
        lambda i: _meeting(i).notes),
    # Welzijn keeps its own referral agreement; the lead edits it too
    "referral agreement": Editable(
        "desk_agreements.save_agreement",
        lambda i: f"{P}/balie/afspraken/{{welzijn}}".format(**i),
        lambda i: _referral_agreement(i).version_id if _referral_agreement(i) else 0,
        lambda i, v, t: {"version": v, "ways": "call", "contact": t},
        lambda i: _referral_agreement(i).contact, roles=("lead", "partner")),
    "referral follow-up": Editable(
        "desk_referrals.set_status",
        lambda i: f"{P}/balie/doorverwijzingen/{{referral}}/stand".format(**i),
        lambda i: _referral(i).version_id,
        lambda i, v, t: {"version": v, "status": "contacted", "note": t},
        lambda i: _referral(i).status_note, roles=("partner", "team")),
    # the voortgangsrapportage's draft: the lead and an installation admin both compose
    "report draft": Editable(
        "reports.update",
        lambda i: f"{P}/resultaten/rapportages/concept/{{report}}".format(**i),
        lambda i: _report(i).version_id,
        lambda i, v, t: {"version": v, "period": "quarter", "starts_on": "01-10-2026",
                         "text_goals": t},
        lambda i: _report(i).text_of.get("goals"), roles=("lead", "admin")),
    # the communication plan is made by the first save (version 0 on both forms)
    "communication plan": Editable(
        "communication.save_plan", lambda i: f"{P}/communicatie".format(**i),
        lambda i: _communication_plan(i).version_id if _communication_plan(i) else 0,
        lambda i, v, t: {"version": v, "responsible_id": i["lead_id"], "introduction": t},
        lambda i: _communication_plan(i).introduction),
    "target group": Editable(
        "communication.update_audience",
        lambda i: f"{P}/communicatie/doelgroepen/{{audience}}/bewerken".format(**i),
        lambda i: _audience(i).version_id,
        lambda i, v, t: {"version": v, "name": "Ouders Alfa", "goal": "Weet van het plein",
                         "target": "50", "unit": "%", "goal_date": _in_days(90),
                         "core_message": t, "means": "flyer"},
        lambda i: _audience(i).core_message),
    "calendar item": Editable(
        "communication.update_item",
        lambda i: f"{P}/communicatie/kalender/{{library_item}}/bewerken".format(**i),
        lambda i: _calendar_item(i).version_id,
        lambda i, v, t: {"version": v, "on": _in_days(30), "means": "flyer", "message": t,
                         "owner_id": i["lead_id"], "status": "idea"},
        lambda i: _calendar_item(i).message),
    "success story": Editable(
        "successes.update",
        lambda i: f"{P}/resultaten/succesverhalen/{{story}}/bewerken".format(**i),
        lambda i: _story(i).version_id,
        lambda i, v, t: {"version": v, "title": "Samen geholpen Alfa", "story": t,
                         "happened_on": "02-11-2026", "partner_ids": i["welzijn"]},
        lambda i: _story(i).story),
    "evaluation record": Editable(
        "evaluations.record", lambda i: f"{P}/resultaten/evaluaties/{{evaluation}}/verslag"
        .format(**i),
        lambda i: _evaluation(i).version_id,
        lambda i, v, t: {"version": v, "held_on": _evaluation(i).created_at
                         .strftime("%d-%m-%Y"), "people_ids": i["lead_id"],
                         "went_well": t},
        lambda i: _evaluation(i).went_well),
    # the questionnaire: two people of Welzijn (one account in two browsers here; two
    # accounts in test_results_evaluation_pages.py) both saw no answer yet
    "partner answer": Editable(
        "evaluations.answer", lambda i: f"{P}/resultaten/evaluaties/{{evaluation}}/vragenlijst"
        .format(**i),
        lambda i: _survey_answer(i).version_id if _survey_answer(i) else 0,
        lambda i, v, t: {"version": v, "satisfaction": "4", "referral": "yes", "works": t},
        lambda i: _survey_answer(i).works, roles=("partner", "partner")),
}

# POST routes that change data but hold no text two people could edit at once, and why.
NOT_VERSIONED = {
    "assessment.score": "one select in the matrix: the number is the whole record, the "
                        "explanation is never touched and every choice is logged with its "
                        "author (test_assessment_pages.py: "
                        "test_an_inline_score_over_someone_elses_is_safe_without_a_version)",
    "assessment.answer_checks": "each check carries its answer as shown: only what this "
                                "person changed is written, a clash is a 409 "
                                "(test_assessment_pages.py: test_checks_*, test_a_check_*)",
}


def test_every_versioned_record_has_a_scenario(app):
    from plein.partners.forms import PartnerForm  # noqa: F401 (models loaded)

    versioned = {mapper.class_.__tablename__ for mapper in db.Model.registry.mappers
                 if mapper.version_id_col is not None}
    covered = {"checklist_items", "partners", "criteria", "decisions", "scores", "agreements",
               "plans", "budget_lines", "programme_activities", "results_goals",
               "desk_referral_agreements", "desk_referrals", "results_reports",
               "communication_plans", "communication_audiences",
               "communication_calendar_items", "meetings", "results_successes",
               "results_evaluations", "results_partner_answers",
               # users and pleinen carry a version for their own bookkeeping (sessions,
               # phase moves); no form edits their text
               "users", "pleinen"}
    assert versioned <= covered, f"versioned tables without a scenario: {versioned - covered}"
    routes = {e.route for e in EDITABLE.values()}
    assert not routes & set(NOT_VERSIONED)


SCENARIOS = [(record, htmx) for record, spec in sorted(EDITABLE.items())
             for htmx in ((False, True) if spec.htmx else (False,))]


@pytest.mark.parametrize(("record", "htmx"), SCENARIOS,
                         ids=[f"{r}-{'htmx' if h else 'page'}" for r, h in SCENARIOS])
def test_stale_save_is_refused_and_shows_both_versions(app, contract_world, plan_world,
                                                       referral_world, report_world, record,
                                                       htmx):
    spec = EDITABLE[record]
    ids = referral_world.ids
    first, second = app.test_client(), app.test_client()
    assert login(first, spec.roles[0]).status_code == 303
    assert login(second, spec.roles[1]).status_code == 303
    with app.app_context():
        version = spec.version(ids)
        url = spec.url(ids)
        mine, theirs = spec.data(ids, version, MINE), spec.data(ids, version, THEIRS)
    saved = first.post(url, data=mine)
    assert saved.status_code in (200, 303), (record, saved.status_code, text_of(saved)[:300])
    stale = second.post(url, data=theirs, headers=HTMX if htmx else {})
    with app.app_context():
        kept = spec.stored(ids)
    lost = MINE not in (kept or "")
    figures.CONCURRENCY.append((record, "htmx" if htmx else "page", lost))
    page = unescape(stale.get_data(as_text=True))  # input values count as shown
    assert stale.status_code == 409, (record, stale.status_code, page[:300])
    assert not lost, f"{record}: the first save was overwritten: {kept!r}"
    assert any(w in page for w in ("intussen", "Iemand anders")), page[:300]
    theirs_shown, mine_shown = spec.shown
    assert theirs_shown in page, f"{record}: the refused version is not shown"
    assert mine_shown in page, f"{record}: the stored version is not shown"
    if htmx:
        assert "<html" not in stale.get_data(as_text=True)
