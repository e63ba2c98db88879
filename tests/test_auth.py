"""Logging in and out, sessions that end, passwords."""

import pytest
from sqlalchemy import select

from plein.accounts import service
from plein.accounts.models import User
from plein.audit import AuditEvent
from plein.extensions import db
from tests.conftest import login, text_of
from tests.worlds import PASSWORD, email_for

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back

WRONG = "Dit e-mailadres en wachtwoord horen niet bij elkaar."


def test_login_lands_on_the_plein_dashboard(client, world):
    response = login(client, "lead")
    assert response.status_code == 303
    page = client.get("/", follow_redirects=True)
    assert page.request.path == f"/p/{world.plein}/"
    assert "Plein Alfa" in text_of(page)
    assert "Fase: Oriëntatie" in text_of(page)


def test_login_email_is_case_insensitive(client, world):
    assert login(client, "LEAD@Test.Example").status_code == 303


def test_failed_login_does_not_reveal_whether_the_account_exists(client, world):
    unknown = client.post("/inloggen", data={"email": "nobody@test.example",
                                             "password": PASSWORD})
    wrong = client.post("/inloggen", data={"email": email_for("lead"),
                                           "password": "not-the-password"})
    assert unknown.status_code == wrong.status_code == 422
    assert WRONG in text_of(unknown) and WRONG in text_of(wrong)
    # the pages differ only in the email echoed back into the form
    assert text_of(unknown).replace("nobody@test.example", "X") == text_of(wrong).replace(
        email_for("lead"), "X")


def test_empty_login_form_gets_dutch_messages(client, world):
    response = client.post("/inloggen", data={})
    assert response.status_code == 422
    assert "Dit veld is verplicht." in text_of(response)


def test_login_renews_the_session(client, world):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "lead")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{world.lead_id}:")


def test_next_parameter_only_goes_to_our_own_site(client, world):
    response = client.post("/inloggen?next=//evil.example/x",
                           data={"email": email_for("lead"), "password": PASSWORD})
    assert response.headers["Location"] == "/"
    response = client.post(f"/inloggen?next=/p/{world.plein}/leden",
                           data={"email": email_for("admin"), "password": PASSWORD})
    assert response.headers["Location"] == f"/p/{world.plein}/leden"


def test_copied_session_cookie_is_dead_after_logout(app, world):
    browser = app.test_client()
    login(browser, "lead")
    stolen = browser.get_cookie("plein_session").value
    assert browser.get(f"/p/{world.plein}/").status_code == 200

    browser.post("/uitloggen")
    thief = app.test_client()
    thief.set_cookie("plein_session", stolen)
    response = thief.get(f"/p/{world.plein}/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_logout_is_logged_and_shows_dutch_message(client, world, app):
    login(client, "team")
    page = client.post("/uitloggen", follow_redirects=True)
    assert "Je bent uitgelogd." in text_of(page)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "user.logout" in actions and "user.login" in actions


def test_logout_needs_post(client, world):
    login(client, "team")
    assert client.get("/uitloggen").status_code == 405


def test_password_change_ends_other_sessions(app, world):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "team")
    login(phone, "team")
    response = laptop.post("/account/wachtwoord", data={
        "current": PASSWORD, "new": "a-brand-new-passphrase", "confirm": "a-brand-new-passphrase"})
    assert response.status_code == 303
    assert laptop.get(f"/p/{world.plein}/").status_code == 200  # this browser stays in
    assert phone.get(f"/p/{world.plein}/").status_code == 302  # the other one is out
    assert login(app.test_client(), "team", "a-brand-new-passphrase").status_code == 303
    assert login(app.test_client(), "team", PASSWORD).status_code == 422


def test_password_change_refuses_bad_input(client, world):
    login(client, "team")
    wrong = client.post("/account/wachtwoord", data={
        "current": "nope-nope-nope", "new": "a-brand-new-passphrase",
        "confirm": "a-brand-new-passphrase"})
    assert wrong.status_code == 422
    assert "Het huidige wachtwoord klopt niet." in text_of(wrong)
    short = client.post("/account/wachtwoord", data={
        "current": PASSWORD, "new": "short", "confirm": "short"})
    assert short.status_code == 422
    assert "Een wachtwoord heeft 10 tot 128 tekens." in text_of(short)
    mismatch = client.post("/account/wachtwoord", data={
        "current": PASSWORD, "new": "a-brand-new-passphrase", "confirm": "something-else-x"})
    assert "De wachtwoorden zijn niet gelijk." in text_of(mismatch)


def test_password_length_limits(ctx, world):
    for bad in ("x" * 9, "x" * 129):
        try:
            service.check_password_policy(bad)
        except service.ServiceError as error:
            assert "10 tot 128" in str(error)
        else:
            raise AssertionError(f"{len(bad)} characters accepted")
    service.check_password_policy("x" * 10)
    service.check_password_policy("x" * 128)


def test_passwords_are_stored_as_scrypt_hashes(ctx, world):
    user = db.session.get(User, world.lead_id)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_deactivation_ends_the_session_at_once(app, world):
    victim, admin = app.test_client(), app.test_client()
    login(victim, "team")
    assert victim.get(f"/p/{world.plein}/").status_code == 200
    login(admin, "admin")
    assert admin.post(f"/beheer/gebruikers/{world.team_id}/blokkeren").status_code == 303
    assert victim.get(f"/p/{world.plein}/").status_code == 302
    assert login(app.test_client(), "team").status_code == 422  # and cannot log in again
    assert admin.post(f"/beheer/gebruikers/{world.team_id}/activeren").status_code == 303
    assert login(app.test_client(), "team").status_code == 303


def test_admin_cannot_block_themselves(client, world):
    login(client, "admin")
    response = client.post(f"/beheer/gebruikers/{world.admin_id}/blokkeren")
    assert response.status_code == 409
    assert "eigen account" in text_of(response)


def test_email_unique_regardless_of_case(ctx, world):
    try:
        service.create_user("LEAD@TEST.EXAMPLE", "Twin", PASSWORD)
    except service.ServiceError as error:
        assert "bestaat al" in str(error)
    else:
        raise AssertionError("duplicate email accepted")


def test_admin_sets_a_new_password_and_old_sessions_end(app, world):
    user, admin = app.test_client(), app.test_client()
    login(user, "mt")
    login(admin, "admin")
    short = admin.post(f"/beheer/gebruikers/{world.mt_id}/wachtwoord",
                       data={"reset-password": "kort"})
    assert short.status_code == 422
    assert "Een wachtwoord heeft 10 tot 128 tekens." in text_of(short)
    ok = admin.post(f"/beheer/gebruikers/{world.mt_id}/wachtwoord",
                    data={"reset-password": "tijdelijk-wachtwoord-1"})
    assert ok.status_code == 303
    assert "Nieuw wachtwoord voor Mt ingesteld" in text_of(admin.get("/beheer/gebruikers"))
    assert user.get(f"/p/{world.plein}/").status_code == 302
    assert login(app.test_client(), "mt", "tijdelijk-wachtwoord-1").status_code == 303
    with app.app_context():
        assert "user.password_reset" in db.session.scalars(select(AuditEvent.action)).all()
    assert admin.post("/beheer/gebruikers/999999/wachtwoord",
                      data={"reset-password": "tijdelijk-wachtwoord-1"}).status_code == 404


def test_admin_cannot_reset_their_own_password_there(client, world):
    login(client, "admin")
    response = client.post(f"/beheer/gebruikers/{world.admin_id}/wachtwoord",
                           data={"reset-password": "een-ander-wachtwoord"})
    assert response.status_code == 422
    assert "Je eigen wachtwoord wijzig je via" in text_of(response)
    assert client.get("/beheer/gebruikers").status_code == 200  # still logged in


def test_installation_log_shows_events_without_a_plein(client, world):
    login(client, "admin")
    page = text_of(client.get("/beheer/logboek"))
    assert "admin@test.example logde in" in page
    assert "Account lead@test.example aangemaakt" in page
    assert "Plein Alfa" in page and "Plein Beta" in page  # events of every plein
