"""The gate out of oriëntatie (a submitted plan, a review on its newest version, no
"geen steun" nor open questions) and the MT's overview. Reviews themselves:
test_plan_reviews.py; separation of duties: test_draagvlak.py."""


import pytest

from plein.accounts.models import Plein, User
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import reviews, service
from plein.roadmap import gates as roadmap_gates
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase
from tests.conftest import login, text_of
from tests.forms import form_for, visible_text
from tests.worlds import submit_plan


def _close_orientation(plein, lead):
    for item in roadmap.items_of(plein, phase=Phase.ORIENTATION):
        roadmap.set_status(plein, item, "done", by=lead)


def _gate_texts(plein):
    return [m.text for m in roadmap_gates.gate_missing(plein)]


# -- the gate ----------------------------------------------------------------------


def test_gate_needs_a_submitted_plan(people):
    plein, lead, _mt, _mt2 = people
    _close_orientation(plein, lead)
    assert _gate_texts(plein) == ["Het plan is nog niet ingediend bij het MT"]
    service.start(plein, by=lead)
    assert _gate_texts(plein) == ["Het plan is nog niet ingediend bij het MT"]
    with pytest.raises(ServiceError):
        roadmap_gates.advance(plein, by=lead)


def test_gate_needs_a_review_on_the_latest_snapshot(people):
    plein, lead, mt, _mt2 = people
    _close_orientation(plein, lead)
    plan, _line, first = submit_plan(plein, lead)
    assert _gate_texts(plein) == ["Planversie 1 is nog door geen enkel MT-lid beoordeeld"]
    reviews.review(plein, first, by=mt, decision="support")
    assert _gate_texts(plein) == []
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Anders",
                   shape="desk", bodies={}, partner_ids=None)
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
        roadmap_gates.advance(plein, by=lead)
    reviews.review(plein, snapshot, by=mt2, decision="conditional",
                   conditions="Begroting sluitend maken")
    assert _gate_texts(plein) == []
    assert roadmap_gates.advance(plein, by=lead) is Phase.PREPARATION


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
    assert roadmap_gates.advance(plein, by=lead) is Phase.PREPARATION


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


def test_gate_page_links_to_what_the_mt_still_has_to_do(client, plan_world):
    login(client, "lead")
    page = client.get(f"/p/{plan_world.plein}/stappenplan/fase")
    assert "Planversie 1 is nog door geen enkel MT-lid beoordeeld" in text_of(page)
    assert f'href="/p/{plan_world.plein}/plan/versies/1#beoordelingen"' in \
        page.get_data(as_text=True)


# -- the MT overview ---------------------------------------------------------------


def test_mt_dashboard_shows_plan_budget_progress_partners_contract_and_requests(
        web, contract_world, app):
    with app.app_context():
        plein = db.session.get(Plein, contract_world.plein)
        plan, _line, _snapshot = submit_plan(plein, db.session.get(User,
                                                                   contract_world.lead_id))
        service.add_line(plein, plan, by=db.session.get(User, contract_world.lead_id),
                         kind="fund", description="Fonds", amount="500", status="pledged")
        db.session.commit()
    web.login("mt")
    overview = web.get(f"/p/{contract_world.plein}/mt")
    page = visible_text(overview)
    assert "Je beoordeling wordt gevraagd" in page
    assert "Planversie 1 is ingediend" in page
    assert "Kosten eerste jaar € 1.500,00" in page  # version 1's budget, not the draft
    assert "Nog te vinden € 1.500,00" in page
    assert "Oriëntatie 0 van 17 gereed (0%)" in page
    assert "Kandidaat 2" in page  # both partners of the test world are candidates
    assert "0 van de 2 partijen hebben getekend" in page
    review = form_for(overview.click("Plan beoordelen"), "/beoordeling")
    review["decision"] = "support"
    review.submit(status=303)
    page = visible_text(web.get(f"/p/{contract_world.plein}/mt"))
    assert "Je beoordeling wordt gevraagd" not in page
    assert "1 × steun" in page
