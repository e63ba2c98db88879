"""Separation of duties around the MT's draagvlak (issue 14, finding 2), and what the MT
and the gate pages say about who reviewed and when."""

import pytest
from sqlalchemy import select

from plein.accounts import service as accounts
from plein.accounts.models import Invitation, Membership, Plein, User
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import reviews
from plein.plan import service as plans
from plein.plan.models import SupportReview
from plein.roadmap import gates as roadmap_gates
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase
from tests.conftest import login, text_of
from tests.worlds import submit_plan

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


@pytest.fixture
def people(ctx, world):
    """Plein A (oriëntatie closed, plan version 1 submitted by the lead), its lead, its
    MT member and a second MT member."""
    plein = db.session.get(Plein, world.plein)
    lead, mt = db.session.get(User, world.lead_id), db.session.get(User, world.mt_id)
    mt2 = accounts.create_user("mt2@test.example", "Tweede MT-lid", "x" * 12)
    accounts.add_membership(plein, mt2, "mt")
    for item in roadmap.items_of(plein, phase=Phase.ORIENTATION):
        roadmap.set_status(plein, item, "done", by=lead)
    plan, _line, snapshot = submit_plan(plein, lead)
    db.session.flush()
    return plein, lead, mt, mt2, plan, snapshot


def _gate(plein):
    return [m.text for m in roadmap_gates.gate_missing(plein)]


def _leave(plein, user, role="mt"):
    membership = db.session.scalar(select(Membership).where(
        Membership.plein_id == plein.id, Membership.user_id == user.id,
        Membership.role == role))
    db.session.delete(membership)
    db.session.flush()
    db.session.expire(user)


def _slipped_in(snapshot, user, decision="support"):
    """A review written straight into the database (old data, or a bypassed check)."""
    entry = SupportReview(snapshot=snapshot, user_id=user.id, decision=decision)
    db.session.add(entry)
    db.session.flush()
    return entry


# -- whose review counts ------------------------------------------------------------

def test_a_lead_who_is_also_mt_cannot_review_and_such_a_review_never_counts(people):
    plein, lead, _mt, _mt2, _plan, snapshot = people
    accounts.add_membership(plein, lead, "mt")
    with pytest.raises(ServiceError, match="Als projectleider van dit plein beoordeel je"):
        reviews.review(plein, snapshot, by=lead, decision="support")
    _slipped_in(snapshot, lead)
    assert _gate(plein) == ["Planversie 1 is nog door geen enkel MT-lid beoordeeld"]
    with pytest.raises(ServiceError):
        roadmap_gates.advance(plein, by=lead)


def test_a_review_by_whoever_submitted_the_version_never_counts(people):
    plein, lead, mt, _mt2, plan, _snapshot = people
    plans.update(plein, plan, by=mt, expected_version=plan.version_id, name="Door het MT",
                 shape="desk", bodies={}, partner_ids=None)
    own = plans.submit(plein, plan, by=mt, expected_version=plan.version_id)
    with pytest.raises(ServiceError, match="zelf ingediend"):
        reviews.review(plein, own, by=mt, decision="support")
    _slipped_in(own, mt)
    assert _gate(plein) == ["Planversie 2 is nog door geen enkel MT-lid beoordeeld"]


def test_the_lead_who_is_also_mt_sees_why_there_is_no_review_form(client, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        submit_plan(plein, lead)
        accounts.add_membership(plein, lead, "mt")
        db.session.commit()
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/plan/versies/1")
    assert "Als projectleider van dit plein beoordeel je je eigen plan niet" in text_of(page)
    assert "Beoordeling vastleggen" not in text_of(page)
    refused = client.post(f"/p/{world.plein}/plan/versies/1/beoordeling",
                          data={"decision": "support"})
    assert refused.status_code == 422
    assert "Als projectleider van dit plein beoordeel je" in text_of(refused)
    with app.app_context():
        assert db.session.scalar(select(SupportReview)) is None


# -- blocking reviews outlive their author's seat -------------------------------------

def test_no_support_stays_blocking_when_its_author_leaves_the_mt(people):
    plein, lead, mt, mt2, _plan, snapshot = people
    reviews.review(plein, snapshot, by=mt, decision="support")
    reviews.review(plein, snapshot, by=mt2, decision="no_support", comment="Te duur")
    _leave(plein, mt2)
    assert _gate(plein) == [
        "Tweede MT-lid steunt planversie 1 niet (geen MT-lid meer; dit blijft gelden tot "
        "een MT-lid opnieuw oordeelt of er een nieuwe versie is)"]
    # the remaining member's support was older than the 'geen steun': it lifts nothing
    with pytest.raises(ServiceError):
        roadmap_gates.advance(plein, by=lead)
    # a newer review by a current MT member on this version lifts it
    reviews.review(plein, snapshot, by=mt, decision="conditional",
                   conditions="Begroting sluitend maken")
    assert _gate(plein) == []


def test_a_new_plan_version_lifts_a_blocking_review_of_someone_who_left(people):
    plein, lead, mt, mt2, plan, snapshot = people
    reviews.review(plein, snapshot, by=mt2, decision="no_support", comment="Nee")
    _leave(plein, mt2)
    plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="Nieuw",
                 shape="desk", bodies={}, partner_ids=None)
    second = plans.submit(plein, plan, by=lead, expected_version=plan.version_id)
    assert _gate(plein) == ["Planversie 2 is nog door geen enkel MT-lid beoordeeld"]
    reviews.review(plein, second, by=mt, decision="support")
    assert _gate(plein) == []


def test_an_open_question_stays_blocking_when_its_author_becomes_the_lead(people):
    plein, lead, mt, mt2, _plan, snapshot = people
    reviews.review(plein, snapshot, by=mt, decision="support")
    question = reviews.review(plein, snapshot, by=mt2, decision="questions",
                              comment="Wie betaalt dit?")
    accounts.add_membership(plein, mt2, "lead")
    _leave(plein, mt2)
    assert len(_gate(plein)) == 1
    assert _gate(plein)[0].startswith("De vraag van Tweede MT-lid over planversie 1 is nog "
                                      "niet beantwoord")
    reviews.post_message(plein, snapshot, by=lead, body="Het fonds.",
                         answers_id=question.id)
    assert _gate(plein) == []


# -- who grants the MT role ----------------------------------------------------------

def test_the_lead_cannot_invite_an_mt_member_and_is_told_to_ask_the_admin(client, world,
                                                                           app):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/leden/")
    assert 'value="mt"' not in page.get_data(as_text=True)
    assert "vraag het de beheerder" in text_of(page)
    assert "Mt" in text_of(page)  # the lead still sees who is in the MT
    refused = client.post(f"/p/{world.plein}/leden/uitnodigen",
                          data={"email": "lead@test.example", "role": "mt"})
    assert refused.status_code == 422
    assert "Alleen de beheerder benoemt of verwijdert MT-leden" in text_of(refused)
    with app.app_context():
        assert db.session.scalar(select(Invitation).where(Invitation.role == "mt")) is None


def test_the_admin_invites_mt_members(client, world, app):
    login(client, "admin")
    assert 'value="mt"' in client.get(f"/p/{world.plein}/leden/").get_data(as_text=True)
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "directie@test.example", "role": "mt"})
    assert response.status_code == 200  # the link is in this answer, once
    assert "Uitnodigingslink" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Invitation.email).where(Invitation.role == "mt")) \
            == "directie@test.example"


def test_only_the_admin_removes_an_mt_member(client, world, app):
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(
            Membership.user_id == world.mt_id))
    login(client, "lead")
    refused = client.post(f"/p/{world.plein}/leden/{membership_id}/verwijderen")
    assert refused.status_code == 403
    assert "Alleen de beheerder benoemt of verwijdert MT-leden" in text_of(refused)
    with app.app_context():
        assert db.session.get(Membership, membership_id) is not None
    client.post("/uitloggen")
    login(client, "admin")
    assert client.post(f"/p/{world.plein}/leden/{membership_id}/verwijderen").status_code \
        == 303
    with app.app_context():
        assert db.session.get(Membership, membership_id) is None


def test_the_lead_cannot_revoke_the_admins_mt_invitation(client, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        invitation, _token = accounts.create_invitation(
            plein, "directie@test.example", "mt", by=db.session.get(User, world.admin_id))
        db.session.commit()
        invitation_id = invitation.id
    login(client, "lead")
    refused = client.post(f"/p/{world.plein}/leden/uitnodiging/{invitation_id}/intrekken")
    assert refused.status_code == 403
    assert "vraag het de beheerder" in text_of(refused).lower()
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).revoked_at is None


# -- who reviewed and when, on the MT overview and the gate page -----------------------

def test_mt_overview_and_gate_page_say_who_reviewed_and_when(client, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        _plan, _line, snapshot = submit_plan(plein, lead)
        review = reviews.review(plein, snapshot, by=db.session.get(User, world.mt_id),
                                decision="conditional", conditions="Privacy regelen")
        _slipped_in(snapshot, lead)
        db.session.commit()
        review_id = review.id
    login(client, "mt")
    overview = client.get(f"/p/{world.plein}/mt")
    text = text_of(overview)
    assert "Wie beoordeelde versie 1" in text
    assert "Mt : steun onder voorwaarden" in text  # the name is a link
    assert "Lead : steun" in text and "telt niet: projectleider van dit plein" in text
    assert f'href="/p/{world.plein}/plan/versies/1#beoordeling-{review_id}"' in \
        overview.get_data(as_text=True)
    assert '<time datetime="' in overview.get_data(as_text=True)
    gate = client.get(f"/p/{world.plein}/stappenplan/fase")
    text = text_of(gate)
    assert "Beoordelingen van planversie 1" in text
    assert "Mt: steun onder voorwaarden" in text
    assert "Let op: Lead: steun (telt niet: projectleider van dit plein)" in text
