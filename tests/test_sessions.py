"""Sessions end when they should: idle, too old, logout, password change, blocking."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from plein.accounts.models import LoginSession
from plein.config import ConfigError
from plein.extensions import db
from plein.timeutil import utcnow
from tests.conftest import HTMX, login, make_app, text_of
from tests.forms import form_for, visible_text
from tests.worlds import PASSWORD

pytestmark = pytest.mark.shared_world  # one world for the module; each test rolled back

IDLE_TEXT = "Je was een tijd niet actief, daarom ben je uitgelogd."
OLD_TEXT = "Je was lang ingelogd; log voor de veiligheid opnieuw in"
ENDED_TEXT = "Je sessie is beëindigd. Log opnieuw in om verder te gaan."
NEW = "a-brand-new-passphrase"


def sessions_of(app, user_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginSession)
                                 .where(LoginSession.user_id == user_id))


def age_sessions(app, user_id, *, idle=timedelta(0), age=timedelta(0)):
    """Pretend the user's sessions were last used ``idle`` ago and began ``age`` ago."""
    with app.app_context():
        now = utcnow()
        db.session.execute(update(LoginSession).where(LoginSession.user_id == user_id)
                           .values(last_seen_at=now - idle, created_at=now - age))
        db.session.commit()


def copy_of(app, browser):
    thief = app.test_client()
    thief.set_cookie("plein_session", browser.get_cookie("plein_session").value)
    return thief


def test_idle_session_ends_with_a_dutch_message(app, client, world):
    login(client, "team")
    age_sessions(app, world.team_id, idle=timedelta(minutes=481), age=timedelta(minutes=481))
    response = client.get(f"/p/{world.plein}/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")
    page = client.get(response.headers["Location"])
    assert IDLE_TEXT in text_of(page)
    assert sessions_of(app, world.team_id) == 0  # the dead session is forgotten
    assert client.get(f"/p/{world.plein}/").status_code == 302  # and stays dead


def test_session_used_within_the_idle_limit_lives_on_and_its_clock_restarts(app, client,
                                                                            world):
    login(client, "team")
    age_sessions(app, world.team_id, idle=timedelta(minutes=470), age=timedelta(hours=9))
    assert client.get(f"/p/{world.plein}/").status_code == 200
    with app.app_context():
        last_seen = db.session.scalar(select(LoginSession.last_seen_at))
        assert utcnow() - last_seen < timedelta(minutes=1)


def test_idle_limit_is_configurable(db_url, world):
    short = make_app(db_url, SESSION_IDLE_MINUTES=5)
    client = short.test_client()
    login(client, "team")
    age_sessions(short, world.team_id, idle=timedelta(minutes=6))
    assert client.get(f"/p/{world.plein}/").status_code == 302


@pytest.mark.parametrize("key", ["SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS",
                                 "LOGIN_MAX_PER_ACCOUNT", "TRUSTED_PROXIES"])
def test_nonsense_limits_stop_the_app_from_starting(db_url, key):
    with pytest.raises(ConfigError, match=f"PLEIN_{key}"):
        make_app(db_url, **{key: -1})
    with pytest.raises(ConfigError):
        make_app(db_url, **{key: "8 uur"})


def test_session_ends_after_its_absolute_lifetime_however_busy(app, client, world):
    login(client, "lead")
    age_sessions(app, world.lead_id, idle=timedelta(minutes=1), age=timedelta(hours=12))
    response = client.get(f"/p/{world.plein}/")
    assert response.status_code == 302
    assert OLD_TEXT in text_of(client.get(response.headers["Location"]))


def test_expired_htmx_request_is_sent_to_the_login_page(app, client, world):
    login(client, "lead")
    age_sessions(app, world.lead_id, idle=timedelta(hours=9))
    response = client.get(f"/p/{world.plein}/", headers=HTMX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/inloggen")
    assert IDLE_TEXT in text_of(client.get(response.headers["HX-Redirect"]))


def test_an_icon_still_on_its_way_does_not_undo_a_password_change(app, web, world):
    """The icon of the password page is still on its way, asked for with the cookie of
    then, when the new password is saved. Its answer comes last: had it carried that old
    cookie, as Flask sends by default, the browser would hold the ended session again
    (logged out, the "gewijzigd" message lost)."""
    page = web.login("team").get("/account/wachtwoord")
    icon_request = app.test_client()  # sent with the cookie the page had
    icon_request.set_cookie("plein_session", web.cookies["plein_session"])
    form = form_for(page, "/account/wachtwoord")
    form["current"], form["new"], form["confirm"] = PASSWORD, NEW, NEW
    saved = form.submit(status=303)
    late = icon_request.get("/static/favicon.svg")
    assert late.status_code == 200
    assert "Set-Cookie" not in late.headers  # else the browser would store it last
    after = saved.maybe_follow()
    assert after.status_code == 200
    assert "Je wachtwoord is gewijzigd." in visible_text(after)
    assert "plein_session=" in after.headers["Set-Cookie"]  # a page renews it: idle clock
    assert web.get(f"/p/{world.plein}/").status_code == 200


def test_logout_ends_this_session_only(app, world):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "team")
    login(phone, "team")
    copied = copy_of(app, laptop)
    assert copied.get(f"/p/{world.plein}/").status_code == 200
    assert laptop.post("/uitloggen").status_code == 303
    assert laptop.get(f"/p/{world.plein}/").status_code == 302
    assert copied.get(f"/p/{world.plein}/").status_code == 302  # a copy dies with it
    assert phone.get(f"/p/{world.plein}/").status_code == 200  # the phone stays in
    assert sessions_of(app, world.team_id) == 1


def test_password_change_keeps_this_browser_and_ends_the_others(app, world):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "team")
    login(phone, "team")
    old_laptop_cookie = copy_of(app, laptop)
    response = laptop.post("/account/wachtwoord",
                           data={"current": PASSWORD, "new": NEW, "confirm": NEW})
    assert response.status_code == 303
    assert laptop.get(f"/p/{world.plein}/").status_code == 200  # re-issued, still in
    # the laptop's old cookie (copied before the change) is as dead as the phone
    for other in (old_laptop_cookie, phone):
        response = other.get(f"/p/{world.plein}/")
        assert response.status_code == 302
        assert ENDED_TEXT in text_of(other.get(response.headers["Location"]))
    assert sessions_of(app, world.team_id) == 1


def test_admin_password_reset_ends_every_session(app, world):
    laptop, phone, admin = app.test_client(), app.test_client(), app.test_client()
    login(laptop, "team")
    login(phone, "team")
    login(admin, "admin")
    response = admin.post(f"/beheer/gebruikers/{world.team_id}/wachtwoord",
                          data={"reset-password": NEW})
    assert response.status_code == 303
    assert laptop.get(f"/p/{world.plein}/").status_code == 302
    assert phone.get(f"/p/{world.plein}/").status_code == 302
    assert sessions_of(app, world.team_id) == 0


def test_blocked_user_is_out_on_the_very_next_request_whatever_the_table_says(app, client,
                                                                              world):
    login(client, "team")
    with app.app_context():  # blocked behind the app's back: the session row remains
        world.user("team").active = False
        db.session.commit()
    assert client.get(f"/p/{world.plein}/").status_code == 302
    assert sessions_of(app, world.team_id) == 0


def test_removed_member_gets_404_on_the_very_next_request(app, world):
    member, lead = app.test_client(), app.test_client()
    login(member, "team")
    assert member.get(f"/p/{world.plein}/stappenplan/").status_code == 200
    login(lead, "lead")
    response = lead.post(f"/p/{world.plein}/leden/{world.team_membership}/verwijderen")
    assert response.status_code == 303
    response = member.get(f"/p/{world.plein}/stappenplan/")
    assert response.status_code == 404
    assert "Plein Alfa" not in text_of(response)
    assert member.get("/").status_code == 200  # still logged in, just not in that plein
