"""MT reviews of a submitted plan: decisions, conditions that become checklist items,
questions answered in a thread, and the gate out of oriëntatie. Separation of duties:
test_draagvlak.py."""

import re

import pytest
from sqlalchemy import func, select

from plein.accounts import service as accounts
from plein.accounts.models import Plein, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import reviews, service
from plein.plan.models import Immutable, ReviewCondition, SupportReview
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.roadmap.phases import Phase
from tests.forms import assert_errors_visible, form_for, visible_text
from tests.worlds import submit_plan


def _review_form(web, world):
    """Log in as the MT member; the review form on version 1."""
    web.login("mt")
    return form_for(web.get(f"/p/{world.plein}/plan/versies/1"), "/beoordeling")


def _csrf(page):
    """The page's CSRF token (to forge a post the page does not offer)."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


# -- reviews -------------------------------------------------------------------------

def test_reviews_attach_to_the_snapshot_they_were_made_on(people):
    plein, lead, mt, _mt2 = people
    plan, _line, first = submit_plan(plein, lead)
    reviews.review(plein, first, by=mt, decision="support")
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Twee",
                   shape="desk", bodies={}, partner_ids=None)
    second = service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    db.session.commit()
    assert [r.decision for r in first.reviews] == ["support"]
    assert second.reviews == []
    with pytest.raises(reviews.NewerSnapshot, match="gaat over versie 2"):
        reviews.review(plein, first, by=mt, decision="support")


def test_a_review_needs_a_decision_and_conditions_need_lines(people):
    plein, lead, mt, _mt2 = people
    plan, _line, snapshot = submit_plan(plein, lead)
    with pytest.raises(ServiceError, match="Kies je oordeel"):
        reviews.review(plein, snapshot, by=mt, decision="")
    with pytest.raises(ServiceError, match="minstens één voorwaarde"):
        reviews.review(plein, snapshot, by=mt, decision="conditional",
                       conditions=" \n  \n")
    with pytest.raises(ServiceError, match="Schrijf je vraag"):
        reviews.review(plein, snapshot, by=mt, decision="questions")
    with pytest.raises(ServiceError, match="waarom je het plan niet steunt"):
        reviews.review(plein, snapshot, by=mt, decision="no_support")


def test_a_refused_review_keeps_what_was_typed(web, plan_world):
    form = _review_form(web, plan_world)
    form["decision"], form["comment"] = "conditional", "Mooi plan, maar…"
    page = form.submit(status=422)
    assert_errors_visible(web, page)
    text = visible_text(page)
    assert "Schrijf bij ‘steun onder voorwaarden’ minstens één voorwaarde" in text
    again = form_for(page, "/beoordeling")
    assert (again["decision"].value, again["comment"].value) == ("conditional",
                                                                "Mooi plan, maar…")
    fresh = form_for(web.get(f"/p/{plan_world.plein}/plan/versies/1"), "/beoordeling")
    fresh["comment"] = "Vergeten te kiezen"
    missing = fresh.submit(status=422)
    assert_errors_visible(web, missing)
    assert "Kies je oordeel" in visible_text(missing)
    assert form_for(missing, "/beoordeling")["comment"].value == "Vergeten te kiezen"


def test_a_review_of_an_older_version_lands_on_the_newest_with_the_text_kept(
        web, plan_world, app):
    form = _review_form(web, plan_world)  # the MT member opens version 1 ...
    with app.app_context():  # ... and meanwhile the lead submits version 2
        plein = db.session.get(Plein, plan_world.plein)
        plan = service.plan_of(plein)
        lead = db.session.get(User, plan_world.lead_id)
        service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Nieuw",
                       shape="desk", bodies={}, partner_ids=None)
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)
        db.session.commit()
    form["decision"], form["comment"] = "conditional", "Mijn afweging"
    form["conditions"] = "Privacy"
    page = form.submit(status=409)
    assert_errors_visible(web, page)
    text = visible_text(page)
    assert "Er is intussen een nieuwere versie van het plan ingediend" in text
    assert "Planversie 2" in text
    again = form_for(page, "/versies/2/beoordeling")
    assert (again["comment"].value, again["conditions"].value) == ("Mijn afweging",
                                                                  "Privacy")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SupportReview)) == 0


def test_a_review_is_never_changed_but_a_later_one_takes_its_place(people):
    plein, lead, mt, _mt2 = people
    plan, _line, snapshot = submit_plan(plein, lead)
    first = reviews.review(plein, snapshot, by=mt, decision="no_support",
                           comment="Te duur")
    db.session.commit()
    first.decision = "support"
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    reviews.review(plein, snapshot, by=mt, decision="support")
    db.session.commit()
    assert [r.decision for r in reviews.current_reviews(plein, snapshot)] == ["support"]
    assert db.session.scalar(select(func.count()).select_from(SupportReview)) == 2


def test_a_lead_who_is_also_mt_does_not_review_the_own_plan(web, plan_world, app):
    """Separation of duties (issue 14): the lead's own judgement is no draagvlak; the
    page has no review form for the lead, and a forged post is refused."""
    with app.app_context():
        accounts.add_membership(db.session.get(Plein, plan_world.plein),
                                db.session.get(User, plan_world.lead_id), "mt")
        db.session.commit()
    web.login("lead")
    page = web.get(f"/p/{plan_world.plein}/plan/versies/1")
    assert "Als projectleider van dit plein beoordeel je je eigen plan niet" in \
        visible_text(page)
    assert not [f for f in page.forms.values() if f.action.endswith("/beoordeling")]
    response = web.post(f"/p/{plan_world.plein}/plan/versies/1/beoordeling",
                        {"decision": "support", "comment": "Als MT-lid: akkoord",
                         "csrf_token": _csrf(page)}, status=422)
    assert_errors_visible(web, response)
    assert "Als projectleider van dit plein beoordeel je je eigen plan niet" in \
        visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(SupportReview.user_id)) is None


# -- conditions --------------------------------------------------------------------


def test_conditions_become_required_items_linked_to_the_review(people):
    plein, lead, mt, _mt2 = people
    plan, _line, snapshot = submit_plan(plein, lead)
    review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                            comment="Akkoord als:",
                            conditions="- Privacy regelen\n\n• Evaluatie na een half jaar\n",
                            link=lambda entry: f"/versie-1#beoordeling-{entry.id}")
    db.session.commit()
    items = [c.item for c in review.conditions]
    assert [i.title for i in items] == ["Privacy regelen", "Evaluatie na een half jaar"]
    assert {i.phase for i in items} == {"preparation"}
    assert all(i.required for i in items)
    # the view gives the address (services build no URLs): see the page test below
    assert items[0].origin_url == f"/versie-1#beoordeling-{review.id}"
    assert items[0].guidance == "Voorwaarde van Mt (MT) bij de beoordeling van planversie 1."
    audit = db.session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "plan.review"))
    assert audit == "Mt: steun onder voorwaarden bij planversie 1 met 2 voorwaarde(n) in " \
                    "Voorbereiding"


def test_conditions_land_in_the_current_phase_once_past_preparation(people):
    plein, lead, mt, _mt2 = people
    plan, _line, snapshot = submit_plan(plein, lead)
    plein.current_phase = "realisation"
    review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                            conditions="Extra evaluatie")
    assert review.conditions[0].item.phase == "realisation"


def test_a_condition_item_links_back_and_survives_its_item_being_deleted(web, plan_world,
                                                                         app):
    form = _review_form(web, plan_world)
    form["decision"], form["conditions"] = "conditional", "Privacy regelen"
    form.submit(status=303)
    with app.app_context():
        condition = db.session.scalar(select(ReviewCondition))
        item_id, review_id = condition.item_id, condition.review_id
    form_for(web.get(f"/p/{plan_world.plein}/"), "/uitloggen").submit()
    web.login("lead")
    item_page = web.get(f"/p/{plan_world.plein}/stappenplan/punt/{item_id}")
    assert f'href="/p/{plan_world.plein}/plan/versies/1#beoordeling-{review_id}"' in \
        item_page.text
    review_page = web.get(f"/p/{plan_world.plein}/plan/versies/1")
    assert f'href="/p/{plan_world.plein}/stappenplan/punt/{item_id}"' in review_page.text
    delete = form_for(item_page, f"/punt/{item_id}/verwijderen")
    refused = delete.submit(status=422)  # an MT condition goes only with a reason
    assert_errors_visible(web, refused)
    assert "Schrijf op waarom je het verwijdert" in visible_text(refused)
    delete = form_for(refused, f"/punt/{item_id}/verwijderen")
    delete["reason"] = "Staat al in het privacybeleid"
    delete.submit(status=303)
    with app.app_context():
        assert db.session.get(ChecklistItem, item_id) is None
        condition = db.session.scalar(select(ReviewCondition))
        assert condition.text == "Privacy regelen" and condition.item_id is None
    assert "Privacy regelen (actiepunt verwijderd door Lead op" in visible_text(
        web.get(f"/p/{plan_world.plein}/plan/versies/1"))


def test_a_new_review_retires_dropped_conditions_and_keeps_repeated_ones(people):
    plein, lead, mt, _mt2 = people
    plan, _line, snapshot = submit_plan(plein, lead)
    first = reviews.review(plein, snapshot, by=mt, decision="conditional",
                           conditions="Privacy regelen\nBegroting sluitend")
    privacy, budget = (c.item for c in first.conditions)
    again = reviews.review(plein, snapshot, by=mt, decision="conditional",
                           conditions="Privacy regelen\nBegroting sluitend")
    assert again is first  # a double click adds nothing
    second = reviews.review(plein, snapshot, by=mt, decision="conditional",
                            conditions="Privacy regelen")
    assert [c.item_id for c in second.conditions] == [privacy.id]
    assert (privacy.status, budget.status) == ("open", "na")
    assert "heeft de beoordeling van planversie 1 aangepast" in budget.na_reason
    reviews.review(plein, snapshot, by=mt, decision="support")
    assert privacy.status == "na"
    titles = [i.title for i in roadmap.items_of(plein, phase=Phase.PREPARATION)]
    assert titles.count("Privacy regelen") == 1


# -- questions ---------------------------------------------------------------------


def test_only_the_lead_answers_questions(web, plan_world, app):
    form = _review_form(web, plan_world)
    form["decision"], form["comment"] = "questions", "Wie betaalt de printer?"
    page = form.submit(status=303).follow()
    with app.app_context():
        question_id = db.session.scalar(select(SupportReview.id))
    # an MT member gets no "answer to" choice and cannot mark its own question answered
    message = form_for(page, "/berichten")
    assert "answers_id" not in message.fields
    response = web.post(f"/p/{plan_world.plein}/plan/versies/1/berichten",
                        {"body": "Nog een vraag", "answers_id": question_id,
                         "csrf_token": _csrf(page)}, status=303)
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        snapshot = service.latest_snapshot(plein)
        assert [r.id for r in reviews.open_questions(plein, snapshot)] == [question_id]
    form_for(response.follow(), "/uitloggen").submit()
    web.login("lead")
    page = web.get(f"/p/{plan_world.plein}/plan/versies/1")
    answer = form_for(page, "/berichten")
    assert answer["answers_id"].value == str(question_id)  # the open question is chosen
    assert "de vraag van Mt" in visible_text(page)
    answer["body"] = "Het fonds betaalt de printer."
    done = answer.submit(status=303).follow()
    assert "Je antwoord is geplaatst." in visible_text(done)
    assert "Het fonds betaalt de printer." in visible_text(done)
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        snapshot = service.latest_snapshot(plein)
        assert reviews.open_questions(plein, snapshot) == []


def test_an_empty_message_is_refused(web, plan_world):
    web.login("lead")
    form = form_for(web.get(f"/p/{plan_world.plein}/plan/versies/1"), "/berichten")
    form["body"] = "  "
    page = form.submit(status=422)
    assert_errors_visible(web, page)
    assert "Schrijf eerst je bericht." in visible_text(page)


# -- upper bounds (finding 14) ------------------------------------------------------------

def test_one_member_reviews_a_version_a_bounded_number_of_times(web, plan_world, app,
                                                                 monkeypatch):
    monkeypatch.setattr(reviews, "REVIEWS_MAX", 2)
    form = _review_form(web, plan_world)
    form["decision"] = "support"
    page = form.submit(status=303).follow()
    form = form_for(page, "/beoordeling")
    form["decision"], form["comment"] = "questions", "Wie betaalt de koffie?"
    page = form.submit(status=303).follow()
    form = form_for(page, "/beoordeling")
    form["decision"], form["comment"] = "no_support", "Toch niet."
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Je hebt planversie 1 al 2 keer beoordeeld, het maximum." in visible_text(refused)
    assert "Toch niet." in refused.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SupportReview)) == 2


def test_a_review_has_at_most_ten_conditions(web, plan_world, app):
    form = _review_form(web, plan_world)
    form["decision"] = "conditional"
    form["conditions"] = "\n".join(f"Voorwaarde {n}" for n in range(1, 12))
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Geef hoogstens 10 voorwaarden, één per regel." in visible_text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewCondition)) == 0


def test_a_condition_on_a_full_checklist_says_so_to_the_mt(web, plan_world, app,
                                                           monkeypatch):
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(ChecklistItem).where(
            ChecklistItem.plein_id == plan_world.plein))
    monkeypatch.setattr(roadmap, "MAX_ITEMS", count)
    form = _review_form(web, plan_world)
    form["decision"], form["conditions"] = "conditional", "Privacy regelen"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert f"Het stappenplan van dit plein zit vol ({count} actiepunten)" in visible_text(
        refused)
    assert 'id="conditions-error"' in refused.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SupportReview)) == 0
