"""Invitation links: single use, 7 days, stored hashed, tied to an email address."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.accounts import service
from plein.accounts.models import Invitation, Membership, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.timeutil import utcnow
from tests.conftest import login, text_of
from tests.worlds import PASSWORD

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back

NEW = {"name": "Nieuwe Collega", "password": "een-lang-wachtwoord",
       "confirm": "een-lang-wachtwoord"}


def test_lead_invites_and_the_link_is_shown_once(client, world, app):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "Vrijwilliger@Test.Example", "role": "team"})
    # the link is in this answer only: no redirect, so it never waits in the cookie
    assert response.status_code == 200
    page = text_of(response)
    assert "Uitnodiging voor vrijwilliger@test.example aangemaakt" in page
    assert "plein bewaart de link zelf niet" in page
    link = response.get_data(as_text=True).split('id="invite-link" type="text" readonly value="')[1]
    token = link.split('"')[0].rsplit("/", 1)[1]
    assert all(token not in header for header in response.headers.getlist("Set-Cookie"))
    cookie = client.get_cookie("plein_session")
    assert token not in cookie.value
    with app.app_context():
        invitation = db.session.scalar(select(Invitation).where(
            Invitation.email == "vrijwilliger@test.example"))
        assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in invitation.token_hash
        assert timedelta(days=6, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=7)
    # the members page afterwards lists it but never shows the link again
    again = client.get(f"/p/{world.plein}/leden/")
    assert "vrijwilliger@test.example" in text_of(again)
    assert token not in again.get_data(as_text=True)


def test_new_person_accepts_and_is_logged_in(client, world, app):
    page = client.get(f"/uitnodiging/{world.token}")
    assert page.status_code == 200
    assert "Uitnodiging voor Plein Alfa" in text_of(page)
    response = client.post(f"/uitnodiging/{world.token}", data=NEW)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/p/{world.plein}/"
    assert "Welkom bij Plein Alfa" in text_of(client.get(response.headers["Location"]))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@test.example"))
        assert user.name == "Nieuwe Collega"
        assert [(m.plein_id, m.role) for m in user.memberships] == [(world.plein, "team")]
        assert "invitation.accept" in db.session.scalars(select(AuditEvent.action)).all()


def test_reused_link_is_refused(app, world):
    assert app.test_client().post(f"/uitnodiging/{world.token}", data=NEW).status_code == 303
    second = app.test_client().post(f"/uitnodiging/{world.token}",
                                    data={**NEW, "name": "Indringer"})
    assert second.status_code == 410
    assert "al gebruikt" in text_of(second)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Indringer")) is None


def test_expired_link_is_refused(client, world, app):
    with app.app_context():
        invitation = db.session.get(Invitation, world.invitation)
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.post(f"/uitnodiging/{world.token}", data=NEW)
    assert response.status_code == 410
    assert "verlopen" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new@test.example")) is None


def test_wrong_token_is_not_found(client, world):
    response = client.get(f"/uitnodiging/{world.token[:-2]}xx")
    assert response.status_code == 404
    assert "Deze uitnodiging bestaat niet" in text_of(response)
    assert client.post("/uitnodiging/" + "a" * 200, data=NEW).status_code == 404


def test_revoked_link_stops_working(client, world):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodiging/{world.invitation}/intrekken")
    assert response.status_code == 303
    client.post("/uitloggen")
    refused = client.get(f"/uitnodiging/{world.token}")
    assert refused.status_code == 410
    assert "ingetrokken" in text_of(refused)


def test_existing_account_accepts_after_logging_in(client, world, app):
    with app.app_context():
        lead = db.session.get(User, world.lead_id)
        plein_b = db.session.get(type(lead.memberships[0].plein), world.other)
        lead_b = db.session.get(User, world.lead_b_id)  # plein B's own lead invites
        _, token = service.create_invitation(plein_b, "team@test.example", "team", by=lead_b)
        db.session.commit()
    response = client.post(f"/uitnodiging/{token}", data={})
    assert response.status_code == 303 and "/inloggen" in response.headers["Location"]
    login(client, "team")
    assert client.post(f"/uitnodiging/{token}", data={}).status_code == 303
    with app.app_context():
        roles = db.session.scalars(select(Membership.role).where(
            Membership.user_id == world.team_id, Membership.plein_id == world.other)).all()
        assert roles == ["team"]


def test_only_an_admin_invites_into_the_mt_even_without_the_pages(client, world, app):
    """The members page offers the MT seat to admins only; the service holds the same
    rule, and accepting checks that the invitation's maker is still an admin."""
    with app.app_context():
        lead = db.session.get(User, world.lead_id)
        plein = lead.memberships[0].plein
        with pytest.raises(ServiceError, match="Alleen de beheerder"):
            service.create_invitation(plein, "directie@test.example", "mt", by=lead)
        admin = db.session.get(User, world.admin_id)
        _, token = service.create_invitation(plein, "nonmember@test.example", "mt", by=admin)
        admin.is_admin = False  # no longer an admin before the link is used
        db.session.commit()
    login(client, "nonmember")
    refused = client.post(f"/uitnodiging/{token}", data={})
    assert refused.status_code in (409, 410)
    assert "geldt niet meer" in text_of(refused)
    with app.app_context():
        assert not db.session.scalars(select(Membership).where(
            Membership.user_id == world.nonmember_id)).all()


def test_invitation_for_someone_else_is_refused_when_logged_in(client, world, app):
    with app.app_context():
        lead = db.session.get(User, world.lead_id)
        plein = lead.memberships[0].plein
        _, token = service.create_invitation(plein, "nonmember@test.example", "team", by=lead)
        db.session.commit()
    login(client, "partner")
    response = client.post(f"/uitnodiging/{token}", data={})
    assert response.status_code == 422
    assert "maar deze uitnodiging is voor nonmember@test.example" in text_of(response)


def test_partner_invitation_needs_an_organisation(client, world, app):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "org@test.example", "role": "partner", "partner_id": "0"})
    assert response.status_code == 422
    assert "Kies de organisatie waarvoor deze persoon tekent" in text_of(response)
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "org@test.example", "role": "partner",
                                 "new_partner": "  Taalhuis   Alfa "}, follow_redirects=True)
    assert response.status_code == 200
    assert "Taalhuis Alfa" in text_of(response)


def test_partner_of_another_plein_cannot_be_chosen(client, world, app):
    with app.app_context():
        from plein.accounts.models import Plein
        from plein.partners import service as partners

        foreign = partners.find_or_create(db.session.get(Plein, world.other), "Elders")
        db.session.commit()
        foreign_id = foreign.id
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "x@test.example", "role": "partner",
                                 "partner_id": str(foreign_id)})
    assert response.status_code == 422
    assert "Kies de organisatie waarvoor deze persoon tekent" in text_of(response)
    assert 'id="partner_id-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Invitation).where(
            Invitation.email == "x@test.example")) is None


def test_bad_email_keeps_what_was_typed(client, world):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen",
                           data={"email": "geen-adres", "role": "team"})
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres in" in text_of(response)
    assert 'value="geen-adres"' in response.get_data(as_text=True)


def test_last_lead_cannot_be_removed(client, world, app):
    login(client, "admin")
    with app.app_context():
        lead_membership = db.session.scalar(select(Membership.id).where(
            Membership.user_id == world.lead_id))
    response = client.post(f"/p/{world.plein}/leden/{lead_membership}/verwijderen")
    assert response.status_code == 409
    assert "enige projectleider" in text_of(response)


def test_removed_member_loses_access_at_once(app, world):
    team, lead = app.test_client(), app.test_client()
    login(team, "team")
    login(lead, "lead")
    assert team.get(f"/p/{world.plein}/").status_code == 200
    response = lead.post(f"/p/{world.plein}/leden/{world.team_membership}/verwijderen")
    assert response.status_code == 303
    assert team.get(f"/p/{world.plein}/").status_code == 404
    assert "Team heeft de rol Projectteam in dit plein niet meer." in text_of(
        lead.get(response.headers["Location"]))


def test_invalid_password_on_accept_keeps_name(client, world):
    response = client.post(f"/uitnodiging/{world.token}",
                           data={"name": "Bewaar Mij", "password": "kort", "confirm": "kort"})
    assert response.status_code == 422
    assert "10 tot 128 tekens" in text_of(response)
    assert 'value="Bewaar Mij"' in response.get_data(as_text=True)
    assert PASSWORD not in response.get_data(as_text=True)


def test_a_new_link_replaces_the_old_one_for_the_same_person(client, world, app):
    login(client, "lead")
    for _ in range(2):
        client.post(f"/p/{world.plein}/leden/uitnodigen",
                    data={"email": "twee@test.example", "role": "team"})
    with app.app_context():
        rows = db.session.scalars(select(Invitation).where(
            Invitation.email == "twee@test.example").order_by(Invitation.id)).all()
        assert [inv.revoked_at is None for inv in rows] == [False, True]
    html = client.get(f"/p/{world.plein}/leden/").get_data(as_text=True)
    assert html.count("<td>twee@test.example</td>") == 1  # one open invitation listed


def test_link_revoked_while_being_accepted_is_refused(app, world):
    """The invitation is claimed with a conditional UPDATE: an accept that read it as
    open just before the lead's revoke committed is still refused."""
    with app.app_context():
        stale = service.invitation_by_token(world.token)  # read while still open
        lead = app.test_client()
        login(lead, "lead")
        revoke = f"/p/{world.plein}/leden/uitnodiging/{world.invitation}/intrekken"
        assert lead.post(revoke).status_code == 303
        try:
            service.accept_invitation(stale, name="Tweede", password="een-lang-wachtwoord")
        except service.InvitationUnusable as error:
            assert "niet meer geldig" in str(error)
        else:
            raise AssertionError("second use accepted")
        db.session.rollback()
        assert db.session.scalar(select(User).where(User.name == "Tweede")) is None


def test_logged_in_user_cannot_create_an_account_for_someone_else(client, world, app):
    login(client, "team")
    page = client.get(f"/uitnodiging/{world.token}")
    assert "Je bent ingelogd als team@test.example" in text_of(page)
    response = client.post(f"/uitnodiging/{world.token}", data=NEW)
    assert response.status_code == 422
    with app.app_context():
        assert service.user_by_email("new@test.example") is None
        assert db.session.get(Invitation, world.invitation).used_at is None


def test_failed_invite_rolls_back_the_new_partner_and_its_audit_event(client, world, app):
    from plein.partners.models import Partner

    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", data={
        "email": "partner@test.example", "role": "partner", "new_partner": "Nieuwe Stichting"})
    assert response.status_code == 422
    assert "is al lid met de rol Partnerorganisatie" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Partner).where(Partner.name == "Nieuwe Stichting")) is None
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.summary.contains("Nieuwe Stichting"))) is None
