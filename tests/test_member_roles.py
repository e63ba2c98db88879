"""Invitations only as good as their maker's right to invite; changing a member's role
instead of a second membership; what the invitation pages say."""

from sqlalchemy import select

from plein.accounts import service
from plein.accounts.models import Invitation, Membership, Plein, User
from plein.audit import AuditEvent
from plein.extensions import db
from tests.conftest import login, make_app, text_of
from tests.forms import assert_errors_visible, form_for, visible_text
from tests.worlds import PASSWORD

NEW = {"name": "Nieuwe Leider", "password": "een-lang-wachtwoord",
       "confirm": "een-lang-wachtwoord"}


def _invite(app, world, email="nieuw@test.example", role="lead", by="lead"):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        inviter = db.session.get(User, world.ids[f"{by}_id"])
        invitation, token = service.create_invitation(plein, email, role, by=inviter)
        db.session.commit()
        return invitation.id, token


def _revocations(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.summary).where(
            AuditEvent.action == "invitation.revoke").order_by(AuditEvent.id)).all()


def test_blocking_the_inviter_revokes_their_open_invitations(app, world):
    invitation_id, token = _invite(app, world)
    admin = app.test_client()
    login(admin, "admin")
    blocked = admin.post(f"/beheer/gebruikers/{world.lead_id}/blokkeren")
    assert blocked.status_code == 303
    assert ("Lead is geblokkeerd. De 2 uitnodigingen van Lead die nog openstonden, werken "
            "niet meer.") in text_of(admin.get(blocked.headers["Location"]))
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).revoked_at is not None
        # the world's own invitation, made by the lead too
        assert db.session.get(Invitation, world.invitation).revoked_at is not None
    assert _revocations(app) == [
        "Uitnodiging voor new@test.example ingetrokken: het account is geblokkeerd",
        "Uitnodiging voor nieuw@test.example ingetrokken: het account is geblokkeerd"]
    refused = app.test_client().post(f"/uitnodiging/{token}", data=NEW)
    assert refused.status_code == 410
    assert "Deze uitnodiging is ingetrokken." in text_of(refused)


def test_removing_the_inviters_role_revokes_their_invitations_in_that_plein(app, world):
    with app.app_context():  # a second lead, who stays, removes the first
        plein = db.session.get(Plein, world.plein)
        service.add_membership(plein, db.session.get(User, world.nonmember_id), "lead")
        db.session.commit()
    invitation_id, _token = _invite(app, world)
    other = app.test_client()
    login(other, "nonmember")
    with app.app_context():
        lead_membership = db.session.scalar(select(Membership.id).where(
            Membership.user_id == world.lead_id, Membership.plein_id == world.plein))
    assert other.post(f"/p/{world.plein}/leden/{lead_membership}/verwijderen").status_code == 303
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).revoked_at is not None
    assert "Lead is geen projectleider meer" in _revocations(app)[-1]


def test_accepting_checks_that_the_inviter_may_still_invite(app, world):
    """An invitation whose maker lost the right by another road (a role taken away
    directly in the database, an old invitation) is refused when it is used."""
    _invitation_id, token = _invite(app, world)
    with app.app_context():
        db.session.execute(Membership.__table__.update().where(
            Membership.user_id == world.lead_id).values(role="team"))
        db.session.commit()
    page = app.test_client().get(f"/uitnodiging/{token}")
    assert page.status_code == 410
    assert "wie hem maakte mag geen mensen meer uitnodigen" in text_of(page)
    assert app.test_client().post(f"/uitnodiging/{token}", data=NEW).status_code == 410
    with app.app_context():
        assert service.user_by_email("nieuw@test.example") is None


def test_a_used_invitation_says_it_was_used_not_expired(app, world):
    assert app.test_client().post(f"/uitnodiging/{world.token}", data=NEW).status_code == 303
    again = app.test_client().get(f"/uitnodiging/{world.token}")
    assert again.status_code == 410
    assert "Al gebruikt" in text_of(again) and "Verlopen" not in text_of(again)


def test_inviting_a_member_offers_to_change_their_role(app, web, world):
    page = web.login("lead").get(f"/p/{world.plein}/leden/")
    form = form_for(page, "/leden/uitnodigen")
    form["email"], form["role"] = "team@test.example", "lead"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "is al lid met de rol Projectteam" in visible_text(refused)
    assert "Team is al lid" in visible_text(refused)
    offer = form_for(refused, f"/leden/{world.team_membership}/rol")
    assert offer["change-role"].value == "lead"  # the role the invitation asked for
    done = offer.submit(status=303).follow()
    assert "Team is nu projectleider." in visible_text(done)
    with app.app_context():
        roles = db.session.scalars(select(Membership.role).where(
            Membership.user_id == world.team_id)).all()
        assert roles == ["lead"]  # changed, not a second membership
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "member.role")) == "Rol van Team: Projectteam → Projectleider"


def test_only_an_admin_grants_or_takes_the_mt_role(app, web, world):
    page = web.login("lead").get(f"/p/{world.plein}/leden/")
    form = form_for(page, f"/leden/{world.team_membership}/rol")
    assert "mt" not in [value for value, *_ in form["change-role"].options]  # not offered
    form["change-role"].force_value("mt")  # and refused when forced
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Alleen de beheerder van de installatie" in visible_text(refused)
    admin = web.__class__(app).login("admin")
    page = admin.get(f"/p/{world.plein}/leden/")
    form = form_for(page, f"/leden/{world.team_membership}/rol")
    form["change-role"] = "mt"
    assert "Team is nu directie / mt." in visible_text(form.submit(status=303).follow())


def test_the_only_lead_keeps_the_role(app, web, world):
    with app.app_context():
        lead_membership = db.session.scalar(select(Membership.id).where(
            Membership.user_id == world.lead_id))
    page = web.login("lead").get(f"/p/{world.plein}/leden/")
    form = form_for(page, f"/leden/{lead_membership}/rol")
    form["change-role"] = "team"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Dit is de enige projectleider." in visible_text(refused)


def test_invitation_links_use_the_configured_host(db_url, world):
    app = make_app(db_url, TRUSTED_HOSTS=["plein.bibliotheek.nl", "localhost"])
    client = app.test_client()
    client.post("/inloggen", data={"email": "lead@test.example", "password": PASSWORD},
                headers={"Host": "localhost"})
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", headers={"Host": "localhost"},
                           data={"email": "gast@test.example", "role": "team"})
    assert response.status_code == 200
    assert 'value="http://plein.bibliotheek.nl/uitnodiging/' in response.get_data(as_text=True)


def test_login_in_english_leads_to_the_login_page(client):
    response = client.get("/login?next=/p/1/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/inloggen?next=/p/1/"


# --- the admin's forms, as the pages render them ------------------------------------

def test_admin_creates_a_plein_with_a_lead_through_the_form(app, web, world):
    page = web.login("admin").get("/beheer/")
    form = form_for(page, "/beheer/pleinen")
    form["name"], form["organisation"] = "Plein\x07 Gamma ", "Bibliotheek\tGamma"
    form["lead_id"] = str(world.team_id)
    done = form.submit(status=303).follow()
    assert "Plein Plein Gamma is aangemaakt." in visible_text(done)
    with app.app_context():
        plein = db.session.scalar(select(Plein).where(Plein.name == "Plein Gamma"))
        assert plein.organisation == "Bibliotheek Gamma"
        assert [m.user_id for m in plein.memberships] == [world.team_id]


def test_admin_cannot_appoint_a_blocked_account(app, web, world):
    with app.app_context():
        db.session.get(User, world.team_id).active = False
        db.session.commit()
    page = web.login("admin").get("/beheer/")
    form = form_for(page, "/beheer/pleinen")
    form["name"], form["organisation"] = "Plein Delta", "Bibliotheek Delta"
    form.fields["lead_id"][0].force_value(str(world.team_id))  # listed only while active
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies een bestaand, actief account." in visible_text(refused)


def test_admin_account_form_shows_a_taken_address_next_to_the_field(app, web, world):
    page = web.login("admin").get("/beheer/gebruikers")
    form = form_for(page, "/beheer/gebruikers")
    form["name"], form["email"] = "Nog een Team", "TEAM@test.example"
    form["password"] = "een-goed-wachtwoord"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert 'id="email-error"' in refused.text
    assert "Er bestaat al een account met dit e-mailadres." in visible_text(refused)


def test_admin_resets_a_password_through_the_rows_form(app, web, world):
    page = web.login("admin").get("/beheer/gebruikers")
    form = form_for(page, f"/beheer/gebruikers/{world.mt_id}/wachtwoord")
    form["reset-password"] = "kort"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert 'id="reset-password-error"' in refused.text  # the summary's link has a target
    form = form_for(refused, f"/beheer/gebruikers/{world.mt_id}/wachtwoord")
    form["reset-password"] = "tijdelijk-wachtwoord-1"
    done = form.submit(status=303).follow()
    assert "Nieuw wachtwoord voor Mt ingesteld." in visible_text(done)
    web.__class__(app).login("mt", "tijdelijk-wachtwoord-1")  # a 303, or the test fails


def test_a_wrong_password_is_in_the_summary_too(web, world):
    form = form_for(web.get("/inloggen"), "/inloggen")
    form["email"], form["password"] = "lead@test.example", "niet-het-wachtwoord"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    web.login("team")
    form = form_for(web.get("/account/wachtwoord"), "/account/wachtwoord")
    form["current"], form["new"] = "niet-het-wachtwoord", "een-nieuw-wachtwoord"
    form["confirm"] = "een-nieuw-wachtwoord"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Het huidige wachtwoord klopt niet." in visible_text(refused)


def test_invited_person_fills_in_the_rendered_form(app, web, world):
    page = web.get(f"/uitnodiging/{world.token}")
    form = form_for(page, f"/uitnodiging/{world.token}")
    form["name"], form["password"], form["confirm"] = " Nieuwe\x01 Collega ", "kort", "kort"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    form = form_for(refused, f"/uitnodiging/{world.token}")
    assert form["name"].value == "Nieuwe Collega"  # kept, and cleaned
    form["password"] = form["confirm"] = "een-lang-wachtwoord"
    welcome = form.submit(status=303).follow()
    assert "Welkom bij Plein Alfa" in visible_text(welcome)
    with app.app_context():
        assert service.user_by_email("new@test.example").name == "Nieuwe Collega"
