"""Who gets which message, and who does not; preferences; the unsubscribe link."""

import pytest
from sqlalchemy import select

from plein.accounts import service
from plein.extensions import db
from plein.mail import outbox, preferences
from plein.mail.models import Choice, Kind, OutboxMessage, Status
from tests.forms import assert_errors_visible, form_for, visible_text
from tests.worlds import PASSWORD


def messages(kind=None):
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return db.session.scalars(stmt).all()


def to(kind):
    return sorted(m.to_address for m in messages(kind))


def test_an_invitation_is_mailed_to_the_invited_address(ctx, world):
    [mail] = messages(Kind.INVITATION)
    assert mail.to_address == "new@test.example" and mail.user_id is None
    assert mail.subject == "Plein Alfa: uitnodiging om mee te doen als projectteam"
    assert f"/uitnodiging/{world.token}" in mail.body_text
    assert mail.link.endswith(f"/uitnodiging/{world.token}")
    assert "Lead nodigt je uit" in mail.body_text and mail.unsubscribe_url == ""


def test_a_published_version_asks_only_the_parties_own_users_to_sign(ctx, contract_world):
    # Welzijn is the only partner party; Schuldhulp's user (partner2) is no party
    assert to(Kind.SIGNING) == ["partner@test.example"]
    [mail] = messages(Kind.SIGNING)
    assert "namens Welzijn Alfa" in mail.body_text
    assert mail.link.endswith(f"/p/{contract_world.plein}/contract/versie/1")
    assert mail.subject.startswith("Plein Alfa: versie 1 van het samenwerkingscontract")


def test_a_blocked_partner_user_is_not_asked(ctx, contract_world):
    from plein.agreements import service as agreements

    plein, lead = contract_world.model("plein"), contract_world.user("lead")
    service.set_active(contract_world.user("partner"), False, by=contract_world.user("admin"))
    agreement = agreements.agreement_of(plein)
    agreement.sections[0].body += " Aangevuld."
    agreements.publish(plein, agreement, by=lead)
    db.session.commit()
    assert [m.key.split(":")[1] for m in messages(Kind.SIGNING)] == [
        str(agreement.versions[0].id)]


def test_a_changed_password_and_a_blocked_account_are_mailed(ctx, world):
    team = world.user("team")
    service.change_password(team, PASSWORD, "een-nieuw-wachtwoord")
    service.set_active(team, False, by=world.user("admin"))
    db.session.commit()
    assert to(Kind.SECURITY) == ["team@test.example", "team@test.example"]
    changed, blocked = messages(Kind.SECURITY)
    assert "wachtwoord" in changed.subject and "geblokkeerd" in blocked.subject
    assert "Was jij dit niet?" in changed.body_text


def test_security_and_signing_mails_cannot_be_switched_off(ctx, world):
    team = world.user("team")
    with pytest.raises(service.ServiceError):
        preferences.set_choices(team, {Kind.SECURITY: Choice.OFF}, by=team)
    assert preferences.user_for_token("security", preferences.token_for(team, "security")) is None
    assert outbox.queue(Kind.SECURITY, team, "t:1", subject="x", template="mail/blocked")


def test_preferences_off_and_digest(ctx, world):
    team = world.user("team")
    preferences.set_choices(team, {Kind.ASSIGNED: Choice.OFF,
                                   Kind.DECLINED: Choice.DAILY}, by=team)
    assert outbox.queue(Kind.ASSIGNED, team, "t:off", subject="x",
                        template="mail/blocked") is None
    held = outbox.queue(Kind.DECLINED, team, "t:held", subject="x", template="mail/blocked",
                        link="https://plein.test/contract")
    assert held.status == Status.HELD and held.digest == "daily"


def test_the_daily_overview_bundles_held_messages_once_a_day(app, world):
    from datetime import date

    with app.app_context():
        team = world.user("team")
        preferences.set_choices(team, {Kind.DECLINED: Choice.DAILY,
                                       Kind.REVIEW_GIVEN: Choice.WEEKLY}, by=team)
        for n in range(2):
            outbox.queue(Kind.DECLINED, team, f"t:d{n}", subject=f"geweigerd {n}",
                         template="mail/blocked", link=f"https://plein.test/{n}")
        outbox.queue(Kind.REVIEW_GIVEN, team, "t:w", subject="oordeel",
                     template="mail/blocked")
        db.session.commit()
    runner = app.test_cli_runner()
    tuesday, monday = "2026-12-08", "2026-12-14"
    assert runner.invoke(args=["plein", "daily-mail", "--today", tuesday]).exit_code == 0
    assert runner.invoke(args=["plein", "daily-mail", "--today", tuesday]).exit_code == 0
    with app.app_context():
        [daily] = messages(Kind.DIGEST)
        assert daily.to_address == "team@test.example" and daily.status == Status.QUEUED
        assert "geweigerd 0" in daily.body_text and "https://plein.test/1" in daily.body_text
        assert "oordeel" not in daily.body_text  # weekly: waits for Monday
        assert date.fromisoformat(tuesday).isoformat() in daily.key
    runner.invoke(args=["plein", "daily-mail", "--today", monday])
    with app.app_context():
        weekly = messages(Kind.DIGEST)[-1]
        assert "oordeel" in weekly.body_text and "week" in weekly.subject
        assert {m.status for m in messages() if m.key.startswith("t:")} == {Status.BUNDLED}


def test_unsubscribe_link_switches_only_its_kind_off(app, world, web):
    with app.app_context():
        team = world.user("team")
        good = preferences.token_for(team, "assigned")
    page = web.get(f"/afmelden/assigned/{good}")
    assert "geen e-mails meer krijgen over ‘actiepunt aan jou toegewezen’" in visible_text(page)
    done = form_for(page, "/afmelden/").submit(status=200)
    assert "Afgemeld" in visible_text(done)
    with app.app_context():
        choices = preferences.choices_of(world.user("team"))
        assert choices[Kind.ASSIGNED] == Choice.OFF
        assert choices[Kind.DECLINED] == Choice.NOW
    # another kind with this token, a changed token, a kind that stays on: refused
    for url in (f"/afmelden/declined/{good}", f"/afmelden/assigned/{good[:-2]}xx",
                f"/afmelden/security/{good}", "/afmelden/assigned/abc"):
        refused = web.get(url, status=404)
        assert "Deze afmeldlink werkt niet" in visible_text(refused)


def test_one_click_unsubscribe_from_the_mail_program(app, world, client):
    with app.app_context():
        token = preferences.token_for(world.user("mt"), "review_requested")
    response = client.post(f"/afmelden/review_requested/{token}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        assert preferences.choices_of(world.user("mt"))[Kind.REVIEW_REQUESTED] == Choice.OFF


def test_preferences_page(app, world, web):
    page = web.login("team").get("/account/berichten")
    assert "Verzoek om het samenwerkingscontract te tekenen" in visible_text(page)
    form = form_for(page, "/account/berichten")
    form["assigned"] = "weekly"
    done = form.submit(status=303).follow()
    assert "Je berichtinstellingen zijn opgeslagen." in visible_text(done)
    with app.app_context():
        assert preferences.choices_of(world.user("team"))[Kind.ASSIGNED] == Choice.WEEKLY
    form = form_for(done, "/account/berichten")
    form["assigned"].force_value("sometimes")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)


def test_admin_sees_the_outbox_and_resends_a_failed_message(app, world, web):
    with app.app_context():
        message = db.session.get(OutboxMessage, world.message)
        message.status, message.attempts = Status.FAILED, 7
        message.last_error = "Geweigerd door de mailserver: 550 5.1.1 onbekend"
        db.session.commit()
    page = web.login("admin").get("/beheer/berichten")
    text = visible_text(page)
    assert "new@test.example" in text and "550 5.1.1 onbekend" in text and "Mislukt" in text
    assert "geen mailserver ingesteld" in text.lower()
    detail = web.get(f"/beheer/berichten/{world.message}")
    assert "/uitnodiging/" in visible_text(detail)
    filtered = web.get("/beheer/berichten?status=sent")
    assert "new@test.example" not in visible_text(filtered)
    app.config["MAIL_SERVER"] = "127.0.0.1"  # the button shows with a server only
    try:
        detail = web.get(f"/beheer/berichten/{world.message}")
        done = form_for(detail, "/opnieuw").submit(status=303).follow()
    finally:
        app.config["MAIL_SERVER"] = None
    assert "gaat opnieuw de deur uit" in visible_text(done)
    with app.app_context():
        message = db.session.get(OutboxMessage, world.message)
        assert (message.status, message.attempts, message.last_error) == (Status.QUEUED, 0, "")
        from plein.audit import AuditEvent

        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.resend"))
    again = form_for(detail, "/opnieuw").submit(status=303)  # queued: may go again now
    assert again.status_int == 303
