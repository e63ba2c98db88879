"""Each role lands where its work is (issue 13, points 15 and 16) and deleting an MT
condition needs the lead and a reason (issue 14, finding 13)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.accounts import service as accounts
from plein.accounts.models import Plein, User
from plein.agreements import service as agreements
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners import service as partners
from plein.plan import reviews
from plein.plan.models import ReviewCondition
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.timeutil import local_today
from tests.conftest import login, text_of
from tests.worlds import submit_plan


def _load(world):
    plein = db.session.get(Plein, world.plein)
    return plein, db.session.get(User, world.lead_id), db.session.get(User, world.mt_id)


# -- where each role lands --------------------------------------------------------------

def test_an_mt_member_lands_on_the_mt_overview(client, world):
    login(client, "mt")
    start = client.get("/")
    assert start.status_code == 302
    assert start.headers["Location"] == f"/p/{world.plein}/mt"
    assert "MT-overzicht" in text_of(client.get(start.headers["Location"]))


def test_the_lead_and_team_still_land_on_the_dashboard(client, world):
    for role in ("lead", "team"):
        login(client, role)
        assert client.get("/").headers["Location"] == f"/p/{world.plein}/"
        client.post("/uitloggen")


def test_the_mt_overview_lists_the_conditions_with_their_status(client, world, app):
    with app.app_context():
        plein, lead, mt = _load(world)
        _plan, _line, snapshot = submit_plan(plein, lead)
        review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                                conditions="Privacy regelen\nEvaluatie plannen")
        roadmap.set_status(plein, review.conditions[1].item, "done", by=lead)
        db.session.commit()
    login(client, "mt")
    text = text_of(client.get(f"/p/{world.plein}/mt"))
    assert "Voorwaarden van het MT" in text
    assert "Privacy regelen — open" in text
    assert "Evaluatie plannen — gereed" in text
    assert "Gesteld door Mt bij planversie 1" in text


def test_the_leads_dashboard_lists_what_needs_attention(client, contract_world, app):
    with app.app_context():
        plein, lead, mt = _load(contract_world)
        _plan, _line, snapshot = submit_plan(plein, lead)
        reviews.review(plein, snapshot, by=mt, decision="questions",
                       comment="Wie betaalt de printer?")
        item = roadmap.get_item(plein, contract_world.item)
        item.due_date = local_today() - timedelta(days=3)
        agreement = agreements.agreement_of(plein)
        version = agreements.current_version(agreement)
        partner = db.session.get(User, contract_world.partner_id)
        agreements.decline(plein, agreement, version, contract_world.welzijn, user=partner,
                           roles=frozenset({"partner"}), reason="Te veel uren")
        db.session.commit()
    login(client, "lead")
    page = client.get(f"/p/{contract_world.plein}/")
    text = text_of(page)
    assert "Wat vraagt je aandacht" in text
    assert "Mt heeft een vraag over planversie 1" in text
    assert "1 actiepunt is te laat" in text
    assert "Welzijn Alfa heeft contractversie 1 geweigerd" in text
    assert "Contractversie 1 wacht op 1 handtekening" in text  # the library's own
    html = page.get_data(as_text=True)
    assert f'href="/p/{contract_world.plein}/contract/versie/1"' in html
    client.post("/uitloggen")
    login(client, "team")
    assert "Wat vraagt je aandacht" not in text_of(client.get(f"/p/{contract_world.plein}/"))


def test_a_new_review_shows_on_the_leads_dashboard(client, world, app):
    with app.app_context():
        plein, lead, mt = _load(world)
        _plan, _line, snapshot = submit_plan(plein, lead)
        reviews.review(plein, snapshot, by=mt, decision="support")
        db.session.commit()
    login(client, "lead")
    assert "Nieuwe beoordeling van Mt: steun" in text_of(client.get(f"/p/{world.plein}/"))


def test_a_team_member_sees_mijn_punten_open_ones_first(client, world, app):
    with app.app_context():
        plein, lead, _mt = _load(world)
        team = db.session.get(User, world.team_id)
        done = roadmap.add_item(plein, "orientation", "Al gedaan", by=lead)
        later = roadmap.add_item(plein, "preparation", "Later af", by=lead)
        soon = roadmap.add_item(plein, "preparation", "Eerst af", by=lead)
        for item, due in ((done, None), (later, 20), (soon, 2)):
            item.owner_id = team.id
            item.due_date = local_today() + timedelta(days=due) if due else None
        roadmap.set_status(plein, done, "done", by=lead)
        db.session.commit()
    login(client, "team")
    text = text_of(client.get(f"/p/{world.plein}/"))
    assert "Mijn punten" in text
    mine = text[text.index("Mijn punten"):]
    assert mine.index("Eerst af") < mine.index("Later af") < mine.index("Al gedaan")
    assert "Al gedaan gereed" in mine


# -- the gate to realisatie warns about the contract -----------------------------------

def test_the_gate_to_realisatie_warns_about_declines_and_parties_nobody_can_sign_for(
        client, contract_world, app):
    with app.app_context():
        plein, lead, _mt = _load(contract_world)
        plein.current_phase = "preparation"
        agreement = agreements.agreement_of(plein)
        nobody = partners.find_or_create(plein, "Stichting Zonder Leden")
        agreements.add_party(plein, agreement, nobody, by=lead, confirmed=True)
        version = agreements.publish(plein, agreement, by=lead)
        partner = db.session.get(User, contract_world.partner_id)
        agreements.decline(plein, agreement, version, contract_world.welzijn, user=partner,
                           roles=frozenset({"partner"}), reason="Te veel uren")
        db.session.commit()
    login(client, "lead")
    text = text_of(client.get(f"/p/{contract_world.plein}/stappenplan/fase"))
    assert "Samenwerkingscontract" in text
    assert "Let op: Welzijn Alfa heeft versie 2 geweigerd" in text
    assert "Let op: Niemand kan tekenen namens Stichting Zonder Leden" in text
    assert "Versie 2: 0 van de 3 partijen hebben getekend" in text


def test_the_gate_to_realisatie_warns_when_no_contract_is_published(client, world, app):
    with app.app_context():
        plein, _lead, _mt = _load(world)
        plein.current_phase = "preparation"
        db.session.commit()
    login(client, "team")
    text = text_of(client.get(f"/p/{world.plein}/stappenplan/fase"))
    assert "Let op: Er is nog geen gepubliceerde versie van het contract." in text


# -- deleting a condition's checklist item -------------------------------------------

@pytest.fixture
def condition(ctx, world):
    plein, lead, mt = _load(world)
    _plan, _line, snapshot = submit_plan(plein, lead)
    review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                            conditions="Privacy regelen")
    db.session.commit()
    return plein, lead, review.conditions[0].item


def test_a_condition_item_is_deleted_only_by_the_lead_with_a_reason(condition, world):
    plein, lead, item = condition
    team = db.session.get(User, world.team_id)
    with pytest.raises(ServiceError, match="Alleen de projectleider kan het verwijderen"):
        roadmap.delete_item(plein, item, by=team, reason="Niet nodig")
    with pytest.raises(ServiceError, match="Schrijf op waarom je het verwijdert"):
        roadmap.delete_item(plein, item, by=lead, reason="  ")
    assert db.session.get(ChecklistItem, item.id) is not None
    roadmap.delete_item(plein, item, by=lead, reason="Al geregeld in het privacybeleid")
    db.session.commit()
    assert db.session.get(ChecklistItem, item.id) is None
    kept = db.session.scalar(select(ReviewCondition))
    assert (kept.item_id, kept.removed_by_id, kept.removed_reason) == (
        None, lead.id, "Al geregeld in het privacybeleid")
    assert db.session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "item.delete")) == (
        "Actiepunt 'Privacy regelen' verwijderd: Al geregeld in het privacybeleid")


def test_an_own_item_that_is_no_condition_is_deleted_without_a_reason(condition, world):
    plein, _lead, _item = condition
    team = db.session.get(User, world.team_id)
    own = roadmap.get_item(plein, world.item)
    roadmap.delete_item(plein, own, by=team)
    db.session.flush()
    assert db.session.get(ChecklistItem, world.item) is None


def test_the_mt_overview_shows_who_deleted_a_condition_and_why(client, world, app):
    with app.app_context():
        plein, lead, mt = _load(world)
        _plan, _line, snapshot = submit_plan(plein, lead)
        review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                                conditions="Privacy regelen")
        roadmap.delete_item(plein, review.conditions[0].item, by=lead,
                            reason="Staat al in het privacybeleid")
        db.session.commit()
    login(client, "mt")
    text = text_of(client.get(f"/p/{world.plein}/mt"))
    assert "Privacy regelen — actiepunt verwijderd door Lead op" in text
    assert "Reden: Staat al in het privacybeleid" in text


def test_a_removal_is_recorded_once_and_then_never_changes(condition):
    from plein.plan.models import Immutable

    plein, lead, item = condition
    roadmap.delete_item(plein, item, by=lead, reason="Eerste reden")
    db.session.commit()
    kept = db.session.scalar(select(ReviewCondition))
    kept.removed_reason = "Andere reden"
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()


def test_only_admins_grant_the_mt_role_in_the_permission_table():
    from plein.accounts.access import PERMISSIONS

    assert PERMISSIONS["members.grant_mt"] == frozenset({"admin"})
    accounts  # noqa: B018 (imported for fixtures' users)


def test_the_item_page_tells_the_team_that_only_the_lead_deletes_a_condition(web, world,
                                                                            app):
    from tests.forms import assert_errors_visible, form_for, visible_text

    with app.app_context():
        plein, lead, mt = _load(world)
        _plan, _line, snapshot = submit_plan(plein, lead)
        review = reviews.review(plein, snapshot, by=mt, decision="conditional",
                                conditions="Privacy regelen")
        db.session.commit()
        item_id = review.conditions[0].item_id
    web.login("team")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{item_id}")
    assert "Dit actiepunt is een voorwaarde van Mt (MT). Alleen de projectleider kan het " \
           "verwijderen, met een reden." in visible_text(page)
    assert not [f for f in page.forms.values() if f.action.endswith("/verwijderen")]
    token = form_for(page, "/uitloggen")["csrf_token"].value
    refused = web.post(f"/p/{world.plein}/stappenplan/punt/{item_id}/verwijderen",
                       {"csrf_token": token, "reason": "Mag weg"}, status=422)
    assert_errors_visible(web, refused)
    assert "Alleen de projectleider kan het verwijderen" in visible_text(refused)
    with app.app_context():
        assert db.session.get(ChecklistItem, item_id) is not None
