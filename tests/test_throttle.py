"""Login throttling: counted in the database, so it holds across app processes; and the
security events in the audit log."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from plein.accounts import throttle
from plein.accounts.models import LoginAttempt
from plein.audit import AuditEvent
from plein.extensions import db
from tests.conftest import HTMX, login, make_app, text_of
from tests.worlds import PASSWORD, email_for

LOCKED = "Er is te vaak geprobeerd in te loggen."
WRONG = "not-the-password"


def attempt(client, who="lead", password=WRONG, ip="10.0.0.1", **kwargs):
    email = who if "@" in who else email_for(who)
    return client.post("/inloggen", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip}, **kwargs)


def actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def shift_attempts(app, by):
    with app.app_context():
        for row in db.session.scalars(select(LoginAttempt)):
            row.created_at -= by
        db.session.commit()


def test_sixth_wrong_password_is_refused_with_429_in_dutch(app, client, world):
    for _ in range(5):
        assert attempt(client).status_code == 422
    refused = attempt(client)
    assert refused.status_code == 429
    assert LOCKED in text_of(refused)
    assert "Wacht 15 minuten" in text_of(refused)
    assert 899 <= int(refused.headers["Retry-After"]) <= 900
    # not even the right password is checked now
    assert attempt(client, password=PASSWORD).status_code == 429
    assert client.get(f"/p/{world.plein}/").status_code == 302


def test_lockout_looks_the_same_for_an_unknown_account(app, world, monkeypatch):
    # one fixed clock: on a loaded machine the two lockouts began a second apart, and
    # Retry-After then said 900 and 899
    now = throttle.utcnow()
    monkeypatch.setattr(throttle, "utcnow", lambda: now)
    known, unknown = app.test_client(), app.test_client()
    for _ in range(5):
        attempt(known, "lead", ip="10.0.0.1")
        attempt(unknown, "nobody@test.example", ip="10.0.0.2")
    a, b = attempt(known, "lead", ip="10.0.0.1"), attempt(unknown, "nobody@test.example",
                                                         ip="10.0.0.2")
    assert a.status_code == b.status_code == 429
    assert text_of(a) == text_of(b)
    assert a.headers["Retry-After"] == b.headers["Retry-After"]


def test_the_count_is_shared_by_separate_app_processes(db_url, world):
    """Two app instances (as two gunicorn workers) share nothing but the database."""
    first, second = make_app(db_url).test_client(), make_app(db_url).test_client()
    for number in range(5):
        assert attempt(first if number % 2 else second).status_code == 422
    assert attempt(first).status_code == 429
    assert attempt(second).status_code == 429


def test_concurrent_attempts_never_get_more_than_the_limit(db_url, world):
    apps = [make_app(db_url), make_app(db_url)]
    results = []

    def fire(app):
        results.append(attempt(app.test_client()).status_code)

    threads = [threading.Thread(target=fire, args=(apps[n % 2],)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) <= {422, 429}
    # the attempts take turns: exactly the limit gets a password check, the rest 429
    assert results.count(422) == 5 and results.count(429) == 7
    assert attempt(apps[1].test_client()).status_code == 429


def test_per_address_limit_covers_many_accounts(app, client, world):
    for number in range(20):
        assert attempt(client, f"guess{number}@test.example").status_code == 422
    assert attempt(client, "lead", password=PASSWORD).status_code == 429
    # the same account from another address is not blocked
    assert attempt(client, "lead", password=PASSWORD, ip="10.0.0.9").status_code == 303


def test_successful_login_clears_the_account_counter(app, client, world):
    for _ in range(4):
        attempt(client)
    assert attempt(app.test_client(), password=PASSWORD).status_code == 303
    for _ in range(5):
        assert attempt(client).status_code == 422
    assert attempt(client).status_code == 429


def test_login_is_allowed_again_once_the_window_has_passed(app, client, world):
    for _ in range(5):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 429
    shift_attempts(app, timedelta(minutes=14))
    refused = attempt(client, password=PASSWORD)
    assert refused.status_code == 429
    assert 59 <= int(refused.headers["Retry-After"]) <= 60
    assert "Wacht een minuut" in text_of(refused)
    shift_attempts(app, timedelta(minutes=1))
    assert attempt(client, password=PASSWORD).status_code == 303


def test_old_attempts_are_pruned_when_a_new_one_is_written(app, client, world):
    for number in range(3):
        attempt(client, f"guess{number}@test.example")
    shift_attempts(app, timedelta(minutes=16))
    attempt(client, "other@test.example")
    with app.app_context():
        assert db.session.scalars(select(LoginAttempt.email)).all() == ["other@test.example"]


def test_htmx_lockout_shows_the_message(app, client, world):
    for _ in range(5):
        attempt(client)
    refused = attempt(client, headers=HTMX)
    assert refused.status_code == 429
    assert refused.headers["HX-Retarget"] == "#messages"
    assert LOCKED in text_of(refused)


def test_logins_failures_lockout_and_logout_are_audited(app, client, world):
    assert attempt(client, "nobody@test.example").status_code == 422
    for _ in range(5):
        attempt(client)
    for _ in range(3):  # refusals during the lockout write nothing
        assert attempt(client).status_code == 429
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.startswith("user.login")).order_by(AuditEvent.id)).all()
        assert [row.action for row in rows] == ["user.login_failed"] * 6 + ["user.login_locked"]
        assert rows[0].summary == "Mislukte inlogpoging voor nobody@test.example vanaf 10.0.0.1"
        assert rows[0].object_id is None
        assert rows[1].object_id == world.lead_id and rows[1].user_id is None
        assert "inloggen geblokkeerd voor 15 minuten" in rows[-1].summary
        assert all(row.plein_id is None for row in rows)
    login(client, "team")
    client.post("/uitloggen")
    assert actions(app)[-2:] == ["user.login", "user.logout"]


def test_refused_authorization_is_logged_without_telling_the_user(app, world, as_role):
    client = as_role("partner")
    forbidden = client.get(f"/p/{world.plein}/stappenplan/")
    assert forbidden.status_code == 403
    client.post("/uitloggen")
    client = as_role("nonmember")
    hidden = client.get(f"/p/{world.plein}/stappenplan/")
    missing = client.get("/p/999/stappenplan/")
    assert hidden.status_code == missing.status_code == 404
    assert text_of(hidden) == text_of(missing)  # a non-member learns nothing
    admin_only = client.get("/beheer/gebruikers")
    assert admin_only.status_code == 403
    with app.app_context():
        refused = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "access.refused").order_by(AuditEvent.id)).all()
        assert [(row.user_id, row.plein_id) for row in refused] == [
            (world.partner_id, None), (world.nonmember_id, None), (world.nonmember_id, None)]
        assert refused[0].summary.startswith(f"Geweigerd (403): GET /p/{world.plein}/stappen")
        assert "recht plein.view ontbreekt" in refused[0].summary
        assert f"geen lid van plein {world.plein}" in refused[1].summary
        assert "geen beheerder" in refused[2].summary
    # the admin sees them in the installation's logboek
    admin = app.test_client()
    login(admin, "admin")
    assert "Geweigerd (403)" in text_of(admin.get("/beheer/logboek"))


def test_a_failing_refusal_log_does_not_break_the_refusal(app, world, as_role, monkeypatch):
    from plein import audit

    def broken(*_args, **_kwargs):
        raise RuntimeError("database gone")

    client = as_role("partner")
    monkeypatch.setattr(audit, "security", broken)
    assert client.get(f"/p/{world.plein}/stappenplan/").status_code == 403


@pytest.mark.parametrize("proxies, expected", [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_client_address_behind_a_trusted_proxy(db_url, world, proxies, expected):
    app = make_app(db_url, TRUSTED_PROXIES=proxies)
    client = app.test_client()
    client.post("/inloggen", data={"email": email_for("lead"), "password": WRONG},
                headers={"X-Forwarded-For": "203.0.113.7"})
    with app.app_context():
        assert db.session.scalar(select(LoginAttempt.ip)) == expected
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.summary.endswith(f"vanaf {expected}"))) == 1


def test_someone_elses_attempts_do_not_lock_the_user_out_on_another_address(app, world):
    attacker, user = app.test_client(), app.test_client()
    for _ in range(5):
        assert attempt(attacker, ip="198.51.100.7").status_code == 422
    assert attempt(attacker, ip="198.51.100.7", password=PASSWORD).status_code == 429
    # the real user, from their own address, logs in as always
    assert attempt(user, ip="192.0.2.50", password=PASSWORD).status_code == 303


def test_a_login_forgives_only_its_own_address(app, world):
    for _ in range(4):
        attempt(app.test_client(), ip="198.51.100.7")
    assert attempt(app.test_client(), ip="192.0.2.50", password=PASSWORD).status_code == 303
    # the guesser does not get a fresh start from the real user's login
    assert attempt(app.test_client(), ip="198.51.100.7").status_code == 422
    assert attempt(app.test_client(), ip="198.51.100.7").status_code == 429


def test_guesses_from_many_addresses_meet_a_growing_delay_not_a_wall(db_url, world):
    app = make_app(db_url, LOGIN_MAX_PER_ACCOUNT=3, LOGIN_MAX_DELAY_SECONDS=5)
    client = app.test_client()
    address = iter(f"198.51.100.{n}" for n in range(1, 200))
    for _ in range(3):
        assert attempt(client, ip=next(address)).status_code == 422
    waits = []
    for _ in range(5):
        refused = attempt(client, ip=next(address), password=PASSWORD)
        assert refused.status_code == 429
        assert "Er is te vaak geprobeerd in te loggen." in text_of(refused)
        waits.append(int(refused.headers["Retry-After"]))
        shift_attempts(app, timedelta(seconds=waits[-1]))
        assert attempt(client, ip=next(address)).status_code == 422  # after the wait: a check
    assert waits == [1, 2, 4, 5, 5]  # doubling, up to the maximum: never a wall
    assert "Wacht 5 seconden" in text_of(attempt(client, ip=next(address)))
    shift_attempts(app, timedelta(seconds=5))
    assert attempt(client, ip="192.0.2.50", password=PASSWORD).status_code == 303
    assert actions(app).count("user.login_slowed") == 1
    assert "user.login_locked" not in actions(app)


def test_changing_the_password_has_the_limits_of_login(app, client, world):
    login(client, "team")
    data = {"current": WRONG, "new": "a-brand-new-passphrase",
            "confirm": "a-brand-new-passphrase"}
    for _ in range(5):
        wrong = client.post("/account/wachtwoord", data=data)
        assert wrong.status_code == 422
        assert "Het huidige wachtwoord klopt niet." in text_of(wrong)
    refused = client.post("/account/wachtwoord", data={**data, "current": PASSWORD})
    assert refused.status_code == 429
    assert LOCKED in text_of(refused)
    assert attempt(app.test_client(), "team", password=PASSWORD,  # still the old one
                   ip="192.0.2.50").status_code == 303
    assert actions(app).count("user.password_failed") == 5
    assert "user.login_locked" in actions(app)
