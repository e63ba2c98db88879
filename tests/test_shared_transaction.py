"""SharedTransaction, under ``pytest.mark.shared_world``: what a test commits, through
the test client or its own session, is seen while the test runs and gone afterwards."""

from sqlalchemy import func, select

from plein.accounts.models import LoginAttempt, LoginSession, Plein, User
from plein.extensions import db
from tests.conftest import login, text_of
from tests.database import SharedTransaction
from tests.worlds import build_world

LOCKED = "Er is te vaak geprobeerd in te loggen."


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_commits_are_seen_in_the_test_and_rolled_back_after_it(app, client):
    shared = SharedTransaction(app)
    try:
        with app.app_context():
            world = build_world()  # committed in the outer transaction: kept
        for _ in range(2):  # the second test starts from the same world again
            shared.begin_test()
            assert login(client, "admin").status_code == 303
            created = client.post("/beheer/pleinen", data={
                "name": "Plein Gamma", "organisation": "Bibliotheek Gamma", "location": ""})
            assert created.status_code == 303
            assert "Plein Gamma" in text_of(client.get("/beheer/"))
            blocked = client.post(f"/beheer/gebruikers/{world.mt_id}/blokkeren")
            assert blocked.status_code == 303
            with app.app_context():
                assert count(Plein) == 3
                assert count(LoginSession) == 1
                assert not world.user("mt").active
                world.user("team").name = "Team Twee"
                db.session.commit()
            assert login(app.test_client(), "mt").status_code == 422  # blocked
            shared.end_test()
            with app.app_context():
                assert count(Plein) == 2
                assert count(LoginSession) == 0
                assert world.user("mt").active and world.user("team").name == "Team"
            client = app.test_client()
    finally:
        shared.close()
    with app.app_context():  # the real session again: the outer transaction is gone
        assert count(Plein) == count(User) == 0


def test_the_login_throttle_counts_inside_a_test_and_forgets_after_it(app):
    shared = SharedTransaction(app)
    try:
        with app.app_context():
            build_world()
        for _ in range(2):
            shared.begin_test()
            client = app.test_client()
            for _ in range(5):
                assert login(client, "lead", password="wrong-password").status_code == 422
            refused = login(client, "lead")
            assert refused.status_code == 429 and LOCKED in text_of(refused)
            with app.app_context():
                assert count(LoginAttempt) == 5
            shared.end_test()
    finally:
        shared.close()
    with app.app_context():
        assert count(LoginAttempt) == 0


def test_a_session_left_open_at_the_end_of_a_test_does_not_break_the_next(app):
    shared = SharedTransaction(app)
    try:
        shared.begin_test()
        context = app.app_context()
        context.push()
        build_world()
        db.session.add(Plein(name="Half", organisation="Half"))
        db.session.flush()  # a savepoint of this session is open
        shared.end_test()
        context.pop()
        shared.begin_test()
        with app.app_context():
            assert count(Plein) == 0
        shared.end_test()
    finally:
        shared.close()
