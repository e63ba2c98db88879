"""flask plein create-admin and demo."""

from sqlalchemy import func, select

from plein import demo
from plein.accounts.models import User
from plein.extensions import db
from tests.conftest import login


def row_counts(app):
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t))
                for t in db.metadata.sorted_tables}


def test_demo_prints_logins_and_running_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["plein", "demo"])
    assert first.exit_code == 0, first.output
    for email, *_ in demo.USERS:
        assert email in first.output
    assert demo.PASSWORD in first.output
    after_first = row_counts(app)
    assert after_first["users"] == 7 and after_first["partners"] == 12
    assert after_first["scores"] > 50 and after_first["decisions"] == 2
    assert after_first["memberships"] == 6
    # issue 16: Taalmaatjes joined version 2 by a toetreding, and signed it
    assert after_first["agreement_accessions"] == 1 and after_first["accession_answers"] == 1
    assert after_first["plans"] == 1 and after_first["plan_snapshots"] == 1
    assert after_first["support_reviews"] == 1 and after_first["review_conditions"] == 2
    assert after_first["budget_lines"] == 7

    second = runner.invoke(args=["plein", "demo"])
    assert second.exit_code == 0, second.output
    assert row_counts(app) == after_first


def test_demo_logins_work_for_every_role(app, demo_loaded):
    for email, _name, role, _org in demo.USERS:
        client = app.test_client()
        assert login(client, email, demo.PASSWORD).status_code == 303, role
        landing = client.get("/", follow_redirects=True)
        assert landing.status_code == 200


def test_demo_plan_is_supported_on_conditions_that_are_now_checklist_items(app, demo_loaded):
    from plein.accounts.models import Plein
    from plein.plan import service as plans
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        plein = db.session.scalar(select(Plein))
        assert plein.current_phase == "preparation"  # the MT's support opened the gate
        snapshot = plans.latest_snapshot(plein)
        [review] = snapshot.reviews
        assert review.decision == "conditional" and review.user.email == "mt@lindeburg.example"
        items = db.session.scalars(select(ChecklistItem).where(
            ChecklistItem.id.in_([c.item_id for c in review.conditions]))).all()
        assert {(i.phase, i.required) for i in items} == {("preparation", True)}
        budget = plans.budget(snapshot.data["budget"])
        assert budget.costs == 22500 and budget.gap == 11500


def test_create_admin_with_flags(app):
    result = app.test_cli_runner().invoke(args=[
        "plein", "create-admin", "--email", "Baas@Test.Example", "--name", "Baas",
        "--password", "een-goed-wachtwoord"])
    assert result.exit_code == 0, result.output
    assert "Beheerder baas@test.example is aangemaakt." in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "baas@test.example"))
        assert user.is_admin and user.active


def test_create_admin_prompts(app):
    result = app.test_cli_runner().invoke(
        args=["plein", "create-admin"],
        input="prompt@test.example\nPrompt\neen-goed-wachtwoord\neen-goed-wachtwoord\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.is_admin).where(User.email == "prompt@test.example"))


def test_create_admin_asks_in_dutch(app):
    result = app.test_cli_runner().invoke(
        args=["plein", "create-admin"],
        input="nl@test.example\nNl\neen-goed-wachtwoord\nander-wachtwoord\n"
              "een-goed-wachtwoord\neen-goed-wachtwoord\n")
    assert result.exit_code == 0, result.output
    assert "Herhaal het wachtwoord" in result.output
    assert "Repeat" not in result.output and "Error" not in result.output
    assert "De twee wachtwoorden zijn niet gelijk." in result.output
    assert "Maak de eerste beheerder" in app.test_cli_runner().invoke(
        args=["plein", "create-admin", "--help"]).output


def test_create_admin_refuses_short_password_and_duplicates(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["plein", "create-admin", "--email", "k@test.example",
                                "--name", "K", "--password", "kort"])
    assert short.exit_code == 1 and "10 tot 128 tekens" in short.output
    ok = ["plein", "create-admin", "--email", "k@test.example", "--name", "K",
          "--password", "een-goed-wachtwoord"]
    assert runner.invoke(args=ok).exit_code == 0
    again = runner.invoke(args=ok)
    assert again.exit_code == 1 and "bestaat al" in again.output


def test_demo_refuses_in_production(db_url):
    from tests.conftest import make_app

    app = make_app(db_url, ENV="production")
    result = app.test_cli_runner().invoke(args=["plein", "demo"])
    assert result.exit_code == 1
    assert "hoort niet in productie" in result.output
    assert row_counts(app)["users"] == 0


def test_create_admin_validates_email_and_name(app):
    runner = app.test_cli_runner()
    bad_email = runner.invoke(args=["plein", "create-admin", "--email", "geen-adres",
                                    "--name", "K", "--password", "een-goed-wachtwoord"])
    assert bad_email.exit_code == 1 and "geldig e-mailadres" in bad_email.output
    long_name = runner.invoke(args=["plein", "create-admin", "--email", "k@test.example",
                                    "--name", "K" * 121, "--password", "een-goed-wachtwoord"])
    assert long_name.exit_code == 1 and "hoogstens 120 tekens" in long_name.output


def test_demo_outbox_holds_an_example_of_every_kind_of_message(app, demo_loaded):
    from plein.mail.models import Kind, OutboxMessage

    with app.app_context():
        kinds = set(db.session.scalars(select(OutboxMessage.kind)))
        assert kinds == set(Kind.values())
        signing = db.session.scalars(select(OutboxMessage.to_address).where(
            OutboxMessage.kind == Kind.SIGNING)).all()
        assert sorted(set(signing)) == ["schuldhulp@lindeburg.example",
                                        "welzijn@lindeburg.example"]
