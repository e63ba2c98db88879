"""The afwegingstabel's matrix and partner page: scores, ranking, checks and decisions;
every form submitted as the page renders it (WebTest), every refusal visible. The
criteria page: test_assessment_criteria.py."""

import json
import re

import pytest
from sqlalchemy import func, select

from plein.accounts.models import Plein, User
from plein.assessment import service as assessment
from plein.assessment.defaults import COMMERCIAL_CHECKS
from plein.assessment.models import Score
from plein.audit import AuditEvent
from plein.extensions import db
from plein.partners import service as register
from plein.partners.models import Partner, PartnerStatusChange
from tests.conftest import HTMX
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _ids(app, world):
    with app.app_context():
        return [c.id for c in assessment.criteria_of(db.session.get(Plein, world.plein))]


def _score(app, world, partner_id, values):
    """Score a partner on the first len(values) criteria, as the lead."""
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        partner = register.get_partner(plein, partner_id)
        for criterion, value in zip(assessment.criteria_of(plein), values, strict=False):
            assessment.set_score(plein, partner, criterion, value, by=lead)
        db.session.commit()


def _partner_page(web, world, partner_id=None):
    return web.get(f"/p/{world.plein}/afwegingstabel/partner/{partner_id or world.welzijn}")


def _token(page):
    """The CSRF token htmx sends (from the page's body)."""
    return json.loads(re.search(r"hx-headers='([^']+)'", page.text).group(1))["X-CSRFToken"]


def _inline(web, world, criterion_id, value, *, status=200, partner_id=None):
    """One select of the matrix, as htmx posts it."""
    token = _token(web.get(f"/p/{world.plein}/afwegingstabel/"))
    return web.post(f"/p/{world.plein}/afwegingstabel/score/{partner_id or world.welzijn}/"
                    f"{criterion_id}", {"value": value},
                    headers={**HTMX, "X-CSRFToken": token}, status=status)


# -- scores ---------------------------------------------------------------------------

def test_scoring_a_partner_saves_and_writes_one_event(web, world, app):
    """The scores form logs one event for the partner, not one per criterion."""
    ids = _ids(app, world)
    web.login("team")
    form = form_for(_partner_page(web, world), "/scores")
    form[f"score-{ids[0]}"], form[f"explanation-{ids[0]}"] = "3", "sterk in de wijk"
    form[f"score-{ids[1]}"], form[f"score-{ids[2]}"] = "1", "0"
    page = form.submit(status=303).follow()
    assert "Scores van Welzijn Alfa opgeslagen." in visible_text(page)
    with app.app_context():
        stored = dict(db.session.execute(select(Score.criterion_id, Score.value)).all())
        assert stored == {ids[0]: 3, ids[1]: 1, ids[2]: 0}
        events = db.session.scalars(select(AuditEvent.summary).where(
            AuditEvent.action == "score.set")).all()
        assert len(events) == 1 and events[0].startswith("Scores van Welzijn Alfa: ")
        assert "3 (volledig)" in events[0] and "0 (niet)" in events[0]


def test_scores_form_keeps_input_on_error(web, world, app):
    ids = _ids(app, world)
    web.login("lead")
    form = form_for(_partner_page(web, world), "/scores")
    form[f"score-{ids[0]}"], form[f"explanation-{ids[0]}"] = "2", "bewaar mij"
    form[f"score-{ids[1]}"].force_value("7")
    response = form.submit(status=422)
    assert_errors_visible(web, response)
    assert "Een score is 0, 1, 2 of 3." in visible_text(response)
    assert 'value="bewaar mij"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Score)) is None  # nothing half-saved


def test_scores_form_keeps_typed_values_on_a_bad_value(web, world):
    web.login("lead")
    form = form_for(_partner_page(web, world), "/scores")
    form[f"score-{world.criterion}"].force_value("9")
    form[f"explanation-{world.criterion}"] = "getypt"
    response = form.submit(status=422)
    assert_errors_visible(web, response)
    assert 'value="getypt"' in response.text


def test_a_too_long_explanation_is_refused_not_cut(web, world, app):
    web.login("lead")
    form = form_for(_partner_page(web, world), "/scores")
    form[f"score-{world.criterion}"] = "2"
    form[f"explanation-{world.criterion}"] = "y" * 501
    response = form.submit(status=422)
    assert_errors_visible(web, response)
    assert "Gebruik hoogstens 500 tekens." in visible_text(response)
    assert "y" * 501 in response.text
    with app.app_context():
        assert db.session.scalar(select(Score)) is None


def test_scores_form_never_overwrites_what_someone_else_saved(web, world, app):
    ids = _ids(app, world)
    web.login("lead")
    page_as_loaded = _partner_page(web, world)  # nothing scored yet
    team = Web(app).login("team")
    for cid in ids[:2]:  # meanwhile team scores two cells in the matrix
        _inline(team, world, cid, "2")
    # unchanged fields do not wipe team's scores
    untouched = form_for(page_as_loaded, "/scores")
    untouched[f"score-{ids[5]}"] = "3"
    untouched.submit(status=303)
    # changing a score team changed meanwhile is refused, with the typed value kept
    clash = form_for(page_as_loaded, "/scores")
    clash[f"score-{ids[0]}"], clash[f"explanation-{ids[0]}"] = "0", "mijn uitleg"
    refused = clash.submit(status=409)
    assert_errors_visible(web, refused)
    assert "Iemand anders heeft intussen deze scores gewijzigd" in visible_text(refused)
    assert 'value="mijn uitleg"' in refused.text
    assert "Nu opgeslagen: 2 – grotendeels" in visible_text(refused)
    with app.app_context():
        stored = dict(db.session.execute(select(Score.criterion_id, Score.value)).all())
        assert stored == {ids[0]: 2, ids[1]: 2, ids[5]: 3}
    form_for(refused, "/scores").submit(status=303)  # saving again is deliberate
    with app.app_context():
        assert db.session.scalar(select(Score.value).where(Score.criterion_id == ids[0])) == 0


def test_inline_score_keeps_the_explanation(web, world, app):
    ids = _ids(app, world)
    web.login("lead")
    form = form_for(_partner_page(web, world), "/scores")
    form[f"score-{ids[0]}"], form[f"explanation-{ids[0]}"] = "1", "uitleg 1"
    form.submit(status=303)
    _inline(web, world, ids[0], "3")
    with app.app_context():
        score = db.session.scalar(select(Score))
        assert (score.value, score.explanation) == (3, "uitleg 1")


def test_inline_score_returns_total_ranks_and_ranking_out_of_band(web, world, app):
    """The last missing score ranks the partner (only fully scored partners rank)."""
    ids = _ids(app, world)
    _score(app, world, world.welzijn, [2] * (len(ids) - 1))
    web.login("team")
    response = _inline(web, world, ids[-1], "2")
    body = response.text
    assert "<html" not in body
    assert f'<td id="total-{world.welzijn}" class="total" hx-swap-oob="true">' in body
    assert f'<span id="rank-{world.welzijn}" hx-swap-oob="true">1</span>' in body
    assert f'<span id="rank-{world.schuld}" hx-swap-oob="true">–</span>' in body
    assert '<aside id="ranking"' in body and "Welzijn Alfa — 66,7%" in visible_text(response)
    cleared = _inline(web, world, ids[-1], "")
    assert f'<span id="rank-{world.welzijn}" hx-swap-oob="true">–</span>' in cleared.text
    text = visible_text(cleared)
    assert "Nog geen partner is op alle criteria gescoord." in text
    assert "Welzijn Alfa — onvolledig, 1 niet gescoord" in text


def test_inline_score_on_a_fresh_table_says_nothing_is_scored(web, world, app):
    ids = _ids(app, world)
    web.login("team")
    _inline(web, world, ids[0], "2")
    cleared = _inline(web, world, ids[0], "")
    assert "Nog geen scores." in visible_text(cleared)


def test_score_outside_0_to_3_is_refused(web, world, app):
    web.login("team")
    for value in ["4", "-1", "x", "3.5", "99999999999999999999"]:
        response = _inline(web, world, world.criterion, value, status=422)
        assert_errors_visible(web, response)
        assert "Een score is 0, 1, 2 of 3." in visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(Score)) is None


def test_a_partly_scored_partner_is_listed_as_incomplete_not_ranked(web, world, app):
    """Issue 13, point 12: 100% on one criterion used to rank above a partner scored on
    all of them."""
    ids = _ids(app, world)
    _score(app, world, world.welzijn, [3])
    _score(app, world, world.schuld, [2] * len(ids))
    web.login("mt")
    page = web.get(f"/p/{world.plein}/afwegingstabel/?sort=rang")
    text = visible_text(page)
    ranking = text[text.index("Rangorde"):]
    assert "Schuldhulp Alfa — 66,7%" in ranking
    assert f"Welzijn Alfa — onvolledig, {len(ids) - 1} niet gescoord" in ranking
    assert f'<span id="rank-{world.welzijn}">–</span>' in page.text
    assert f'<span id="rank-{world.schuld}">1</span>' in page.text
    # the ranked partner comes first in the table too
    assert page.text.index(f'id="row-{world.schuld}"') < page.text.index(
        f'id="row-{world.welzijn}"')
    detail = visible_text(_partner_page(web, world))
    assert f"onvolledig: {len(ids) - 1} van {len(ids)} criteria niet gescoord" in detail


# -- checks and decisions ----------------------------------------------------------------

def test_decisions_move_the_pipeline_and_need_a_rationale(web, world, app):
    web.login("team")
    form = form_for(_partner_page(web, world, world.schuld), "/besluit")
    form["value"], form["rationale"] = "no", ""
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty)
    form = form_for(empty, "/besluit")
    form["rationale"] = "Geen capaciteit"
    form.submit(status=303)
    with app.app_context():
        partner = db.session.get(Partner, world.schuld)
        assert partner.status == "rejected"
        steps = db.session.scalars(select(PartnerStatusChange.to_status).where(
            PartnerStatusChange.partner_id == partner.id).order_by(PartnerStatusChange.id)).all()
        assert steps == ["candidate", "rejected"]
    page = visible_text(_partner_page(web, world, world.schuld))
    assert "Nee — Team" in page and "Geen capaciteit" in page


def test_stale_decision_is_refused(web, world, app):
    second = Web(app).login("team")
    first = form_for(_partner_page(web.login("lead"), world), "/besluit")
    theirs = form_for(_partner_page(second, world), "/besluit")
    first["value"], first["rationale"] = "yes", "a"
    first.submit(status=303)
    theirs["value"], theirs["rationale"] = "no", "mijn reden"
    stale = theirs.submit(status=409)
    assert_errors_visible(web, stale)
    assert "mijn reden" in stale.text and "Nu vastgelegd: Ja" in visible_text(stale)
    with app.app_context():
        assert assessment.decision_of(db.session.get(Partner, world.welzijn)).value == "yes"


def test_commercial_checks_through_the_form(web, world, app):
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        shop = register.create_partner(plein, by=lead, name="Winkel", kind="commercial")
        db.session.commit()
        shop_id = shop.id
    web.login("lead")
    form = form_for(_partner_page(web, world, shop_id), "/controles")
    form[f"check-{COMMERCIAL_CHECKS[0].key}"].force_value("misschien")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)

    form = form_for(_partner_page(web, world, shop_id), "/controles")
    for check in COMMERCIAL_CHECKS:
        form[f"check-{check.key}"] = "yes"
    form[f"note-{COMMERCIAL_CHECKS[1].key}"] = "blijft gratis"
    page = form.submit(status=303).follow()
    assert "Controles opgeslagen." in visible_text(page)
    decision = form_for(page, "/besluit")
    decision["value"], decision["rationale"] = "yes", "alle controles in orde"
    page = decision.submit(status=303).follow()

    form = form_for(page, "/controles")
    assert form[f"note-{COMMERCIAL_CHECKS[1].key}"].value == "blijft gratis"
    form[f"check-{COMMERCIAL_CHECKS[2].key}"] = "no"
    page = form.submit(status=303).follow()
    assert "Het besluit ‘ja’ is teruggezet naar ‘later’" in visible_text(page)
    with app.app_context():
        shop = db.session.get(Partner, shop_id)
        assert assessment.decision_of(shop).value == "later"
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "partner.checks")) == 2


def _shop(app, world):
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        shop = register.create_partner(plein, by=lead, name="Winkel", kind="commercial")
        db.session.commit()
        return shop.id


def _stored_checks(app, shop_id):
    from plein.assessment.checks import stored_answers

    with app.app_context():
        return {key: (answer.value, note) for key, (answer, note) in stored_answers(
            db.session.get(Partner, shop_id)).items()}


def test_checks_saved_from_an_older_page_keep_what_someone_else_answered(web, world, app):
    """Finding 13: two people answer different checks from pages opened at the same time:
    both answers stay (only what each changed is written)."""
    shop_id = _shop(app, world)
    first, second, third = (c.key for c in COMMERCIAL_CHECKS[:3])
    mine = form_for(_partner_page(web.login("lead"), world, shop_id), "/controles")
    other = Web(app).login("team")
    theirs = form_for(_partner_page(other, world, shop_id), "/controles")
    theirs[f"check-{first}"], theirs[f"note-{first}"] = "no", "kost geld na het eerste gesprek"
    theirs.submit(status=303)
    mine[f"check-{second}"] = "yes"
    mine.submit(status=303)
    stored = _stored_checks(app, shop_id)
    assert stored[first] == ("no", "kost geld na het eerste gesprek")
    assert stored[second] == ("yes", "") and stored[third] == ("", "")


def test_a_check_answered_differently_meanwhile_is_refused_with_both_shown(web, world, app):
    """Both changed the same check: nothing saved (409), the stored answer shown next to
    what this person chose; saving again is a deliberate overwrite."""
    shop_id = _shop(app, world)
    first = COMMERCIAL_CHECKS[0].key
    mine = form_for(_partner_page(web.login("lead"), world, shop_id), "/controles")
    other = Web(app).login("team")
    theirs = form_for(_partner_page(other, world, shop_id), "/controles")
    theirs[f"check-{first}"], theirs[f"note-{first}"] = "no", "na een maand betaald"
    theirs.submit(status=303)
    mine[f"check-{first}"], mine[f"note-{first}"] = "yes", "blijft gratis"
    stale = mine.submit(status=409)
    assert_errors_visible(web, stale)
    assert "Iemand anders heeft intussen deze controles anders beantwoord" in visible_text(
        stale)
    assert "Nu opgeslagen: Nee (na een maand betaald)" in visible_text(stale)
    assert 'value="blijft gratis"' in stale.text
    assert _stored_checks(app, shop_id)[first] == ("no", "na een maand betaald")
    form_for(stale, "/controles").submit(status=303)
    assert _stored_checks(app, shop_id)[first] == ("yes", "blijft gratis")


def test_checks_without_the_answers_as_shown_are_refused(web, world, app):
    shop_id = _shop(app, world)
    form = form_for(_partner_page(web.login("lead"), world, shop_id), "/controles")
    del form.fields[f"was-check-{COMMERCIAL_CHECKS[0].key}"]
    form.field_order = [(n, f) for n, f in form.field_order
                        if n != f"was-check-{COMMERCIAL_CHECKS[0].key}"]
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Dit formulier is onvolledig." in visible_text(refused)


def test_an_inline_score_over_someone_elses_is_safe_without_a_version(web, world, app):
    """Finding 13, shown safe: a matrix cell holds one number and nothing else. Bram's
    choice made on a matrix loaded before Anna scored replaces only the number: Anna's
    explanation stays, the cell and total come back as stored, and the log names both
    choices with who made them (nothing is lost that the log cannot give back)."""
    bram = Web(app).login("team")
    token = _token(bram.get(f"/p/{world.plein}/afwegingstabel/"))  # his matrix: no score
    anna = form_for(_partner_page(web.login("lead"), world), "/scores")
    anna[f"score-{world.criterion}"] = "2"
    anna[f"explanation-{world.criterion}"] = "goede match in de wijk"
    anna.submit(status=303)
    cell = bram.post(f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/"
                     f"{world.criterion}", {"value": "3"},
                     headers={**HTMX, "X-CSRFToken": token}, status=200)
    assert 'id="total-' in cell.text  # the row's total, recomputed from what is stored
    with app.app_context():
        score = db.session.scalar(select(Score).where(Score.partner_id == world.welzijn))
        assert (score.value, score.explanation) == (3, "goede match in de wijk")
        log = db.session.execute(select(AuditEvent.summary, User.name).join(
            User, AuditEvent.user_id == User.id).where(AuditEvent.action == "score.set")
            .order_by(AuditEvent.id)).all()
    assert [name for _summary, name in log] == ["Lead", "Team"]
    assert "2 (" in log[0][0] and "3 (volledig)" in log[1][0]
