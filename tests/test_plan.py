"""The plan, its budget, MT reviews with conditions and questions, and the gate."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plein.accounts import service as accounts
from plein.accounts.models import Plein, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import reviews, service
from plein.plan.models import Immutable, PlanSnapshot, ReviewCondition, SupportReview
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.roadmap.phases import Phase
from tests.conftest import login, submit_plan, text_of


@pytest.fixture
def people(ctx, world):
    """Plein A, its lead and MT member, and a second MT member."""
    plein = db.session.get(Plein, world.plein)
    lead, mt = db.session.get(User, world.lead_id), db.session.get(User, world.mt_id)
    mt2 = accounts.create_user("mt2@test.example", "Tweede MT-lid", "x" * 12)
    accounts.add_membership(plein, mt2, "mt")
    db.session.flush()
    return plein, lead, mt, mt2


def _close_orientation(plein, lead):
    for item in roadmap.items_of(plein, phase=Phase.ORIENTATION):
        roadmap.set_status(plein, item, "done", by=lead)


def _gate_texts(plein):
    return [m.text for m in roadmap.gate_missing(plein)]


# -- budget --------------------------------------------------------------------------

def test_budget_totals_and_gap(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    for kind, amount, status in (("setup", "4.800", None), ("setup", "1200,50", None),
                                 ("staff", "14.500", None), ("marketing", "2000", None),
                                 ("own", "6.000", "pledged"), ("fund", "5.000", "pledged"),
                                 ("municipality", "12.000", "requested"),
                                 ("company", "3.000", "rejected")):
        service.add_line(plein, plan, by=lead, kind=kind, description=f"{kind} {amount}",
                         amount=amount, status=status)
    totals = service.budget(plan.budget_lines)
    assert totals.setup == Decimal("6000.50")
    assert totals.yearly == Decimal("16500")
    assert totals.costs == Decimal("22500.50")
    assert (totals.pledged, totals.requested, totals.rejected) == (
        Decimal("11000"), Decimal("12000"), Decimal("3000"))
    assert totals.gap == Decimal("11500.50")  # rejected money never counts
    assert totals.gap_if_granted == Decimal("-499.50")  # a surplus if the request comes in
    # a snapshot's lines (plain data) add up the same
    assert service.budget(service.content(plan)["budget"]) == totals


@pytest.mark.parametrize("amount, message", [
    ("-5", "kan niet negatief zijn"), ("veel", "vul een getal in"),
    ("1,2,3", "vul een getal in"), ("99999999999", "onwaarschijnlijk veel"),
])
def test_bad_amounts_are_refused_in_dutch(people, amount, message):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match=message):
        service.add_line(plein, plan, by=lead, kind="setup", description="Pc", amount=amount)


def test_funding_needs_a_status_and_costs_have_none(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="aangevraagd, toegezegd of afgewezen"):
        service.add_line(plein, plan, by=lead, kind="fund", description="Fonds", amount="5")
    line = service.add_line(plein, plan, by=lead, kind="staff", description="Uren",
                            amount="5", status="pledged")
    assert line.status is None


def test_a_bad_amount_in_the_page_keeps_what_was_typed(client, world):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    page = client.post(f"/p/{world.plein}/plan/begroting", data={
        "kind": "fund", "description": "Fonds voor de wijk", "amount": "-300",
        "status": "pledged"})
    assert page.status_code == 422
    assert "Het bedrag kan niet negatief zijn." in text_of(page)
    html = page.get_data(as_text=True)
    assert 'value="Fonds voor de wijk"' in html and 'value="-300"' in html


def test_budget_changes_over_htmx_return_the_budget_block_with_new_totals(client, world):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    response = client.post(f"/p/{world.plein}/plan/begroting", headers={"HX-Request": "true"},
                           data={"kind": "setup", "description": "Banner", "amount": "1.250"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="begroting"')
    assert "€ 1.250,00" in text_of(response) and "<html" not in html
    assert "Begrotingsregel toegevoegd." in html  # the message travels out-of-band


def test_a_stale_budget_line_is_refused_and_shows_both_versions(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    client.post(f"/p/{world.plein}/plan/begroting",
                data={"kind": "setup", "description": "Pc", "amount": "800"})
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        line = plan.budget_lines[0]
        line_id, version = line.id, line.version_id
    url = f"/p/{world.plein}/plan/begroting/{line_id}"
    first = client.post(url, data={"kind": "setup", "description": "Twee pc's",
                                   "amount": "1.600", "version": version})
    assert first.status_code == 303
    second = client.post(url, data={"kind": "setup", "description": "Laptop",
                                    "amount": "700", "version": version})
    assert second.status_code == 409
    text = text_of(second)
    assert "Iemand anders heeft deze begrotingsregel intussen gewijzigd" in text
    assert "Nu opgeslagen: Inrichting (eenmalig) · Twee pc's · € 1.600,00" in text
    assert 'value="Laptop"' in second.get_data(as_text=True)
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert [(x.description, x.amount) for x in plan.budget_lines] == [
            ("Twee pc's", Decimal("1600.00"))]


def test_deleting_a_budget_line_is_logged(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    client.post(f"/p/{world.plein}/plan/begroting",
                data={"kind": "marketing", "description": "Folders", "amount": "300"})
    with app.app_context():
        line_id = service.plan_of(db.session.get(Plein, world.plein)).budget_lines[0].id
    assert client.post(f"/p/{world.plein}/plan/begroting/{line_id}/verwijderen").status_code \
        == 303
    with app.app_context():
        assert service.plan_of(db.session.get(Plein, world.plein)).budget_lines == []
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "plan.budget_delete")) == \
            "Begroting: ‘Folders’ (€\xa0300,00) verwijderd"


# -- editing -------------------------------------------------------------------------

def test_concurrent_plan_edits_are_detected_and_nothing_is_overwritten(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    with app.app_context():
        version = service.plan_of(db.session.get(Plein, world.plein)).version_id
    url = f"/p/{world.plein}/plan/bewerken"
    first = client.post(url, data={"version": version, "section-why": "Eerste tekst"})
    assert first.status_code == 303
    second = client.post(url, data={"version": version, "section-why": "Tweede tekst",
                                    "name": "Mijn naam"})
    assert second.status_code == 409
    text = text_of(second)
    assert "Iemand anders heeft het plan intussen gewijzigd" in text
    assert "Tweede tekst" in text and "Eerste tekst" in text  # mine and what is stored
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert next(s.body for s in plan.sections if s.key == "why") == "Eerste tekst"
        assert plan.name == ""


def test_plan_partners_come_from_this_pleins_register(people, world):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    other = db.session.get(Plein, world.other)
    from plein.partners import service as partners

    foreign = partners.find_or_create(other, "Partner van Beta")
    db.session.flush()
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="", form="",
                   bodies={}, partner_ids=[str(world.welzijn), str(foreign.id), "x"])
    assert [link.partner_id for link in plan.partner_links] == [world.welzijn]


def test_only_known_forms_are_accepted(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="vormen"):
        service.update(plein, plan, by=lead, expected_version=plan.version_id, name="",
                       form="circus", bodies={}, partner_ids=None)


# -- submitting and snapshots -----------------------------------------------------------

def test_submitting_needs_the_core_texts_and_a_change(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="Waarom een Ontwikkelplein\\?, Beoogd resultaat, "
                                           "Doelgroepen"):
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    db.session.rollback()
    plan, _line, snapshot = submit_plan(plein, lead)
    assert snapshot.number == 1
    with pytest.raises(ServiceError, match="niet gewijzigd sinds versie 1"):
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)


def test_a_snapshot_never_changes_and_later_edits_need_a_new_submission(people):
    plein, lead, _mt, _mt2 = people
    plan, _line, first = submit_plan(plein, lead)
    db.session.commit()
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Nieuw",
                   form="desk", bodies={"why": "Nieuwe reden"}, partner_ids=None)
    db.session.commit()
    assert first.data["name"] == "Plein Alfa"
    assert next(s["body"] for s in first.data["sections"] if s["key"] == "why") == \
        "Inwoners vinden de weg niet."
    assert service.has_unsubmitted_changes(plan, service.latest_snapshot(plein))
    second = service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    db.session.commit()
    assert second.number == 2 and second.data["name"] == "Nieuw"
    first.content = first.content.replace("Plein Alfa", "Vervalst")
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Immutable):
        db.session.delete(db.session.get(PlanSnapshot, first.id))
        db.session.flush()
    db.session.rollback()
    assert db.session.get(PlanSnapshot, first.id).data["name"] == "Plein Alfa"


def test_the_snapshot_page_shows_what_was_submitted_not_the_draft(client, plan_world, app):
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        plan = service.plan_of(plein)
        service.update(plein, plan, by=db.session.get(User, plan_world.lead_id),
                       expected_version=plan.version_id, name="Later bedacht", form="desk",
                       bodies={"why": "Later geschreven"}, partner_ids=None)
        db.session.commit()
    login(client, "mt")
    page = text_of(client.get(f"/p/{plan_world.plein}/plan/versies/1"))
    assert "Inwoners vinden de weg niet." in page and "Later geschreven" not in page
    assert "€ 1.500,00" in page  # its budget
    overview = text_of(client.get(f"/p/{plan_world.plein}/plan/"))
    assert "Het plan is gewijzigd sinds versie 1" in overview


# -- reviews ----------------------------------------------------------------------------

def test_reviews_attach_to_the_snapshot_they_were_made_on(people):
    plein, lead, mt, _mt2 = people
    plan, _line, first = submit_plan(plein, lead)
    reviews.review(plein, first, by=mt, decision="support")
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Twee",
                   form="desk", bodies={}, partner_ids=None)
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


def test_a_refused_review_keeps_what_was_typed(client, plan_world):
    login(client, "mt")
    page = client.post(f"/p/{plan_world.plein}/plan/versies/1/beoordeling",
                       data={"decision": "conditional", "comment": "Mooi plan, maar…",
                             "conditions": ""})
    assert page.status_code == 422
    text = text_of(page)
    assert "Schrijf bij ‘steun onder voorwaarden’ minstens één voorwaarde" in text
    assert "Mooi plan, maar…" in text
    assert 'value="conditional" checked' in page.get_data(as_text=True)
    missing = client.post(f"/p/{plan_world.plein}/plan/versies/1/beoordeling",
                          data={"comment": "Vergeten te kiezen"})
    assert missing.status_code == 422 and "Kies je oordeel" in text_of(missing)
    assert "Vergeten te kiezen" in text_of(missing)


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


def test_a_condition_item_links_back_and_survives_its_item_being_deleted(client, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        plan, _line, snapshot = submit_plan(plein, db.session.get(User, world.lead_id))
        review = reviews.review(plein, snapshot, by=db.session.get(User, world.mt_id),
                                decision="conditional", conditions="Privacy regelen")
        db.session.commit()
        item_id, review_id = review.conditions[0].item_id, review.id
    login(client, "lead")
    item_page = client.get(f"/p/{world.plein}/stappenplan/punt/{item_id}")
    assert f'href="/p/{world.plein}/plan/versies/1#beoordeling-{review_id}"' in \
        item_page.get_data(as_text=True)
    review_page = client.get(f"/p/{world.plein}/plan/versies/1")
    assert f'href="/p/{world.plein}/stappenplan/punt/{item_id}"' in \
        review_page.get_data(as_text=True)
    client.post(f"/p/{world.plein}/stappenplan/punt/{item_id}/verwijderen")
    with app.app_context():
        assert db.session.get(ChecklistItem, item_id) is None
        condition = db.session.scalar(select(ReviewCondition))
        assert condition.text == "Privacy regelen" and condition.item_id is None
    assert "Privacy regelen (actiepunt verwijderd)" in text_of(
        client.get(f"/p/{world.plein}/plan/versies/1"))


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


def test_a_lead_who_is_also_mt_does_not_review_the_own_plan(client, world, app):
    """Separation of duties (issue 14): the lead's own judgement is no draagvlak."""
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        submit_plan(plein, lead)
        accounts.add_membership(plein, lead, "mt")
        db.session.commit()
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/plan/versies/1/beoordeling",
                           data={"decision": "support", "comment": "Als MT-lid: akkoord"})
    assert response.status_code == 422
    assert "Als projectleider van dit plein beoordeel je je eigen plan niet" in \
        text_of(response)
    with app.app_context():
        assert db.session.scalar(select(SupportReview.user_id)) is None


# -- questions ------------------------------------------------------------------------

def test_only_the_lead_answers_questions(client, plan_world, app):
    login(client, "mt")
    client.post(f"/p/{plan_world.plein}/plan/versies/1/beoordeling",
                data={"decision": "questions", "comment": "Wie betaalt de printer?"})
    with app.app_context():
        question_id = db.session.scalar(select(SupportReview.id))
    # an MT member cannot mark its own question answered
    client.post(f"/p/{plan_world.plein}/plan/versies/1/berichten",
                data={"body": "Nog een vraag", "answers_id": question_id})
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        snapshot = service.latest_snapshot(plein)
        assert [r.id for r in reviews.open_questions(plein, snapshot)] == [question_id]
    client.post("/uitloggen")
    login(client, "lead")
    page = client.get(f"/p/{plan_world.plein}/plan/versies/1")
    assert "de vraag van Mt" in text_of(page)
    answer = client.post(f"/p/{plan_world.plein}/plan/versies/1/berichten",
                         data={"body": "Het fonds betaalt de printer.",
                               "answers_id": question_id}, follow_redirects=True)
    assert "Je antwoord is geplaatst." in text_of(answer)
    assert "Het fonds betaalt de printer." in text_of(answer)
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        snapshot = service.latest_snapshot(plein)
        assert reviews.open_questions(plein, snapshot) == []


def test_an_empty_message_is_refused(client, plan_world):
    login(client, "lead")
    page = client.post(f"/p/{plan_world.plein}/plan/versies/1/berichten", data={"body": "  "})
    assert page.status_code == 422 and "Schrijf eerst je bericht." in text_of(page)


# -- the gate ---------------------------------------------------------------------------

def test_gate_needs_a_submitted_plan(people):
    plein, lead, _mt, _mt2 = people
    _close_orientation(plein, lead)
    assert _gate_texts(plein) == ["Het plan is nog niet ingediend bij het MT"]
    service.start(plein, by=lead)
    assert _gate_texts(plein) == ["Het plan is nog niet ingediend bij het MT"]
    with pytest.raises(ServiceError):
        roadmap.advance(plein, by=lead)


def test_gate_needs_a_review_on_the_latest_snapshot(people):
    plein, lead, mt, _mt2 = people
    _close_orientation(plein, lead)
    plan, _line, first = submit_plan(plein, lead)
    assert _gate_texts(plein) == ["Planversie 1 is nog door geen enkel MT-lid beoordeeld"]
    reviews.review(plein, first, by=mt, decision="support")
    assert _gate_texts(plein) == []
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Anders",
                   form="desk", bodies={}, partner_ids=None)
    service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    assert _gate_texts(plein) == ["Planversie 2 is nog door geen enkel MT-lid beoordeeld"]


def test_gate_refuses_with_no_support_and_opens_when_the_member_changes_its_mind(people):
    plein, lead, mt, mt2 = people
    _close_orientation(plein, lead)
    plan, _line, snapshot = submit_plan(plein, lead)
    reviews.review(plein, snapshot, by=mt, decision="support")
    reviews.review(plein, snapshot, by=mt2, decision="no_support", comment="Te duur")
    assert _gate_texts(plein) == ["Tweede MT-lid steunt planversie 1 niet"]
    with pytest.raises(ServiceError):
        roadmap.advance(plein, by=lead)
    reviews.review(plein, snapshot, by=mt2, decision="conditional",
                   conditions="Begroting sluitend maken")
    assert _gate_texts(plein) == []
    assert roadmap.advance(plein, by=lead) is Phase.PREPARATION


def test_gate_refuses_with_open_questions_and_opens_once_answered(people):
    plein, lead, mt, _mt2 = people
    _close_orientation(plein, lead)
    plan, _line, snapshot = submit_plan(plein, lead)
    question = reviews.review(plein, snapshot, by=mt, decision="questions",
                              comment="Is de ruimte echt vrij?")
    assert _gate_texts(plein) == ["De vraag van Mt over planversie 1 is nog niet beantwoord"]
    reviews.post_message(plein, snapshot, by=lead, body="Een gewoon bericht")
    assert len(_gate_texts(plein)) == 1
    reviews.post_message(plein, snapshot, by=lead, body="Ja, vanaf maart.",
                         answers_id=question.id)
    assert _gate_texts(plein) == []
    assert roadmap.advance(plein, by=lead) is Phase.PREPARATION


def test_gate_page_links_to_what_the_mt_still_has_to_do(client, plan_world):
    login(client, "lead")
    page = client.get(f"/p/{plan_world.plein}/stappenplan/fase")
    assert "Planversie 1 is nog door geen enkel MT-lid beoordeeld" in text_of(page)
    assert f'href="/p/{plan_world.plein}/plan/versies/1#beoordelingen"' in \
        page.get_data(as_text=True)


# -- pages ----------------------------------------------------------------------------

def test_empty_plan_page_tells_the_lead_what_to_do(client, world):
    login(client, "lead")
    page = text_of(client.get(f"/p/{world.plein}/plan/"))
    assert "Nog geen plan" in page and "Plan beginnen" in page
    client.post("/uitloggen")
    login(client, "team")
    page = text_of(client.get(f"/p/{world.plein}/plan/"))
    assert "De projectleider begint het plan." in page and "Plan beginnen" not in page


def test_editing_before_the_plan_exists_leads_to_the_start(client, world):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/plan/bewerken", follow_redirects=True)
    assert page.status_code == 200
    assert "Er is nog geen plan. Begin het hier." in text_of(page)
    assert "Plan beginnen" in text_of(page)


def test_mt_dashboard_shows_plan_budget_progress_partners_contract_and_requests(
        client, contract_world, app):
    with app.app_context():
        plein = db.session.get(Plein, contract_world.plein)
        plan, _line, _snapshot = submit_plan(plein, db.session.get(User,
                                                                   contract_world.lead_id))
        service.add_line(plein, plan, by=db.session.get(User, contract_world.lead_id),
                         kind="fund", description="Fonds", amount="500", status="pledged")
        db.session.commit()
    login(client, "mt")
    page = text_of(client.get(f"/p/{contract_world.plein}/mt"))
    assert "Je beoordeling wordt gevraagd" in page
    assert "Planversie 1 is ingediend" in page
    assert "Kosten eerste jaar € 1.500,00" in page  # version 1's budget, not the draft
    assert "Nog te vinden € 1.500,00" in page
    assert "Oriëntatie 0 van 17 gereed (0%)" in page
    assert "Kandidaat 2" in page  # both partners of the test world are candidates
    assert "0 van de 2 partijen hebben getekend" in page
    client.post(f"/p/{contract_world.plein}/plan/versies/1/beoordeling",
                data={"decision": "support"})
    page = text_of(client.get(f"/p/{contract_world.plein}/mt"))
    assert "Je beoordeling wordt gevraagd" not in page
    assert "1 × steun" in page


def test_submitting_from_the_page_freezes_a_snapshot(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    with app.app_context():
        version = service.plan_of(db.session.get(Plein, world.plein)).version_id
    client.post(f"/p/{world.plein}/plan/bewerken", data={
        "version": version, "section-why": "Omdat", "section-result": "Eén plek",
        "section-target_groups": "Nieuwkomers"})
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        version, seen = plan.version_id, service.seen_hash(plan)
    response = client.post(f"/p/{world.plein}/plan/indienen",
                           data={"version": version, "seen": seen,
                                 "note": "Graag voor vrijdag"}, follow_redirects=True)
    assert "Versie 1 is ingediend" in text_of(response)
    assert "Graag voor vrijdag" in text_of(response)
    again = client.post(f"/p/{world.plein}/plan/indienen",
                        data={"version": version, "seen": seen}, follow_redirects=True)
    assert "Het plan is niet gewijzigd sinds versie 1" in text_of(again)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanSnapshot)) == 1
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "plan.submit")) == "Plan versie 1 ingediend bij het MT"


# -- review findings --------------------------------------------------------------------

def test_saving_keeps_the_partners_text_next_to_the_chosen_partners(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/plan/starten")
    with app.app_context():
        version = service.plan_of(db.session.get(Plein, world.plein)).version_id
    response = client.post(f"/p/{world.plein}/plan/bewerken", data={
        "version": version, "section-partners": "Eerst Welzijn, later meer.",
        "partner_ids": [str(world.welzijn)]})
    assert response.status_code == 303
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert next(s.body for s in plan.sections if s.key == "partners") == \
            "Eerst Welzijn, later meer."
        assert [link.partner_id for link in plan.partner_links] == [world.welzijn]


def test_a_review_of_an_older_version_lands_on_the_newest_with_the_text_kept(
        client, plan_world, app):
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        plan = service.plan_of(plein)
        lead = db.session.get(User, plan_world.lead_id)
        service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Nieuw",
                       form="desk", bodies={}, partner_ids=None)
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)
        db.session.commit()
    login(client, "mt")
    page = client.post(f"/p/{plan_world.plein}/plan/versies/1/beoordeling", data={
        "decision": "conditional", "comment": "Mijn afweging", "conditions": "Privacy"})
    assert page.status_code == 409
    text = text_of(page)
    assert "Er is intussen een nieuwere versie van het plan ingediend" in text
    assert "Planversie 2" in text and "Mijn afweging" in text and "Privacy" in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SupportReview)) == 0


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


def test_reviews_of_someone_who_left_the_mt_no_longer_count(people):
    """Support from someone who left no longer counts. (A 'geen steun' keeps blocking
    after its author left: tests/test_draagvlak.py.)"""
    plein, lead, mt, mt2 = people
    _close_orientation(plein, lead)
    plan, _line, snapshot = submit_plan(plein, lead)
    reviews.review(plein, snapshot, by=mt, decision="support")
    reviews.review(plein, snapshot, by=mt2, decision="support")
    assert _gate_texts(plein) == []
    for member in (mt, mt2):
        membership = next(m for m in member.memberships if m.plein_id == plein.id)
        db.session.delete(membership)
        db.session.flush()
        db.session.expire(member)
        if member is mt:
            assert [r.user_id for r in reviews.current_reviews(plein, snapshot)] == [mt2.id]
            assert _gate_texts(plein) == []
    assert _gate_texts(plein) == ["Planversie 1 is nog door geen enkel MT-lid beoordeeld"]


def test_a_partner_renamed_in_the_register_is_no_plan_change(people, world):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="", form="",
                   bodies={"why": "a", "result": "b", "target_groups": "c"},
                   partner_ids=[str(world.welzijn)])
    db.session.flush()
    service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    from plein.partners.models import Partner

    partner = db.session.get(Partner, world.welzijn)
    partner.name, partner.status = "Welzijn Alfa (nieuw)", "approached"
    db.session.flush()
    assert not service.has_unsubmitted_changes(plan, service.latest_snapshot(plein))


def test_submitting_what_was_not_seen_is_refused_with_the_note_kept(client, plan_world, app):
    login(client, "lead")
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, plan_world.plein))
        seen, version = service.seen_hash(plan), plan.version_id
    # the lead changes the budget in another tab
    client.post(f"/p/{plan_world.plein}/plan/begroting",
                data={"kind": "staff", "description": "Uren", "amount": "900"})
    response = client.post(f"/p/{plan_world.plein}/plan/indienen", data={
        "version": version, "seen": seen, "note": "Graag snel"})
    assert response.status_code == 409
    text = text_of(response)
    assert "Het plan is gewijzigd sinds je deze pagina opende" in text
    assert "Graag snel" in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanSnapshot)) == 1
