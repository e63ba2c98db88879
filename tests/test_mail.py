"""The outbox and its sender against a real SMTP server (aiosmtpd, tests/mailserver.py):
what arrives (headers, Dutch characters, links, attachments), retries while the server
is down, a bad address, a sender killed mid-batch, two senders at once."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from plein.extensions import db
from plein.mail import delivery, outbox, sender
from plein.mail.models import Kind, OutboxMessage, Status
from plein.timeutil import utcnow
from tests.conftest import TEST_CONFIG


def _status(key):
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key)
                             .execution_options(populate_existing=True))


def _queue_many(count, plein=None):
    for n in range(count):
        outbox.queue(Kind.INVITATION, f"mens{n}@test.example", f"test:{n}",
                     subject=f"bericht {n}", template="mail/blocked", plein=plein)
    db.session.commit()


def test_a_message_arrives_whole(ctx, world, smtp):
    plein = world.model("plein")
    plein.name = "Plein Oosterpoort – café"
    user = world.user("team")
    user.name = "Zoë Ĳzerman"
    outbox.queue(Kind.SECURITY, user, "test:dutch", subject="één wijziging", plein=plein,
                 template="mail/password_changed", link="https://plein.test/inloggen",
                 attachments=[outbox.attachment("bewijs.json", "application/json",
                                                '{"organisatie": "Café Één"}')],
                 by_admin=False)
    outbox.queue(Kind.ASSIGNED, user, "test:optional", subject="actiepunt", plein=plein,
                 template="mail/blocked", link="https://plein.test/punt/1")
    db.session.commit()

    result = sender.deliver()
    assert (result.sent, result.retry, result.failed) == (3, 0, 0)  # + the world's invitation
    mail = next(m for m in smtp.received if m["Subject"].endswith("één wijziging"))
    assert mail["Subject"] == "Plein Oosterpoort – café: één wijziging"
    assert mail["To"] == "team@test.example"
    assert mail["From"].addresses[0].addr_spec == "plein@bibliotheek.test"
    assert mail["Message-ID"].endswith("@bibliotheek.test>")
    assert mail["Auto-Submitted"] == "auto-generated"
    raw = mail.as_bytes()
    assert raw.isascii() or b"=?utf-8?" in raw  # Dutch characters travel encoded
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Beste Zoë Ĳzerman" in text and "https://plein.test/inloggen" in text
    assert 'href="https://plein.test/inloggen"' in html and "Zoë" in html
    # security mail: no unsubscribe; a choosable kind carries the header and the link
    assert mail["List-Unsubscribe"] is None
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "bewijs.json"
    assert "Café Één" in attached.get_content().decode() if isinstance(
        attached.get_content(), bytes) else "Café Één" in attached.get_content()
    optional = next(m for m in smtp.received if m["Subject"].endswith("actiepunt"))
    link = optional["List-Unsubscribe"].strip("<>")
    assert "/afmelden/assigned/" in link
    assert optional["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in optional.get_body(("plain",)).get_content()
    assert _status("test:dutch").status == Status.SENT


def test_a_server_that_refuses_then_accepts_loses_nothing_and_sends_nothing_twice(
        ctx, world, smtp):
    _queue_many(5)
    smtp.refuse = "421 4.3.2 Even niet, probeer het later"
    first = sender.deliver()
    assert (first.sent, first.retry) == (0, 6)
    waiting = _status("test:0")
    assert waiting.status == Status.QUEUED and waiting.attempts == 1
    assert "421 4.3.2 Even niet" in waiting.last_error
    assert waiting.next_attempt_at > utcnow()
    assert sender.deliver().sent == 0  # not due yet: nothing is tried again at once

    smtp.refuse = None
    later = utcnow() + timedelta(minutes=sender.DELAYS[0] + 1)
    assert sender.deliver(now=later).sent == 6
    assert sender.deliver(now=later + timedelta(hours=1)).sent == 0
    addresses = [m["To"] for m in smtp.received]
    assert sorted(addresses) == sorted({*addresses}) and len(addresses) == 6


def test_a_server_that_is_down_then_back(ctx, world, smtp, monkeypatch):
    _queue_many(2)
    monkeypatch.setitem(ctx_app(), "MAIL_PORT", smtp.port + 1 if smtp.port < 65535 else 1)
    result = sender.deliver()
    assert result.retry == 3 and not smtp.received
    assert "niet bereikbaar" in _status("test:1").last_error
    monkeypatch.setitem(ctx_app(), "MAIL_PORT", smtp.port)
    assert sender.deliver(now=utcnow() + timedelta(minutes=2)).sent == 3


def ctx_app():
    from flask import current_app

    return current_app.config


def test_after_the_last_try_a_message_has_failed_with_the_servers_answer(ctx, world, smtp):
    smtp.refuse = "451 4.7.1 Greylisted"
    now = utcnow()
    for _ in range(sender.MAX_ATTEMPTS):
        sender.deliver(now=now)
        now += timedelta(hours=7)
    message = _status(f"invitation:{world.invitation}")
    assert message.status == Status.FAILED
    assert message.attempts == sender.MAX_ATTEMPTS
    assert "451 4.7.1 Greylisted" in message.last_error
    assert sender.deliver(now=now + timedelta(days=1)).retry == 0  # failed stays failed


def test_a_bad_address_fails_with_the_answer_and_blocks_nothing(ctx, world, smtp):
    _queue_many(3)
    smtp.bad["mens1@test.example"] = "550 5.1.1 Deze mailbox bestaat niet"
    result = sender.deliver()
    assert (result.sent, result.failed, result.retry) == (3, 1, 0)
    bad = _status("test:1")
    assert bad.status == Status.FAILED and bad.attempts == 1
    assert "550 5.1.1 Deze mailbox bestaat niet" in bad.last_error
    assert {m["To"] for m in smtp.received} == {
        "new@test.example", "mens0@test.example", "mens2@test.example"}


def test_a_sent_invitation_keeps_no_token_in_the_outbox(ctx, world, smtp):
    sender.deliver()
    [mail] = smtp.to("new@test.example")
    assert world.token in mail.get_body(("plain",)).get_content()
    stored = _status(f"invitation:{world.invitation}")
    assert stored.status == Status.SENT and stored.link == ""
    assert world.token not in stored.body_text + stored.body_html
    assert "link verwijderd na verzending" in stored.body_text


def _env(app, port):
    env = {**os.environ, "FLASK_APP": "plein",
           "PLEIN_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PLEIN_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
           "PLEIN_SEAL_KEY": TEST_CONFIG["SEAL_KEY"], "PLEIN_MAIL_SERVER": "127.0.0.1",
           "PLEIN_MAIL_PORT": str(port), "PLEIN_MAIL_SECURITY": "none",
           "PLEIN_MAIL_SENDER": "plein@bibliotheek.test"}
    env.pop("FLASK_DEBUG", None)
    return env


def test_a_sender_killed_mid_batch_loses_and_doubles_nothing(app, ctx, world, smtp):
    _queue_many(5)
    db.session.remove()
    smtp.hold_rcpt_after = 2  # the third message waits at RCPT TO until the kill
    process = subprocess.Popen([sys.executable, "-m", "flask", "plein", "send-mail"],
                               env=_env(app, smtp.port), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        assert smtp.holding.wait(30), process.communicate(timeout=5)
    finally:
        process.kill()
        process.wait()
    smtp.release()
    assert len(smtp.received) == 2
    stuck = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == Status.SENDING))
    assert stuck == 4  # claimed by the dead sender: not lost, not sent again at once
    assert sender.deliver().sent == 0
    after_lease = utcnow() + sender.LEASE + timedelta(minutes=1)
    assert sender.deliver(now=after_lease).sent == 4
    addresses = [m["To"] for m in smtp.received]
    assert len(addresses) == 6 == len(set(addresses))


def test_two_senders_at_once_send_each_message_once(app, ctx, world, smtp):
    _queue_many(40)
    db.session.remove()
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                while (result := sender.deliver(limit=5)).sent:
                    results.append(result.sent)
                db.session.remove()
        except Exception as error:  # pragma: no cover (shown by the assertion)
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(results) == 41
    ids = [m["Message-ID"] for m in smtp.received]
    assert len(ids) == 41 == len(set(ids))


def test_without_a_server_messages_wait_and_show_on_the_console(ctx, world, capsys):
    assert not sender.configured()
    assert delivery.print_queued() == 1
    shown = capsys.readouterr().err
    assert "Aan: new@test.example" in shown and "/uitnodiging/" in shown
    assert _status(f"invitation:{world.invitation}").status == Status.QUEUED


def test_send_mail_without_a_server_sends_nothing(app, world):
    result = app.test_cli_runner().invoke(args=["plein", "send-mail"])
    assert result.exit_code == 0
    assert "Geen mailserver ingesteld" in result.output and "1 bericht" in result.output


def test_the_same_key_is_queued_once(ctx, world):
    user = world.user("team")
    first = outbox.queue(Kind.SECURITY, user, "test:once", subject="a",
                         template="mail/blocked")
    again = outbox.queue(Kind.SECURITY, user, "test:once", subject="a",
                         template="mail/blocked")
    assert first is not None and again is None
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.key == "test:once")) == 1


def test_in_development_a_request_delivers_what_it_queued(app, world, smtp, web,
                                                          monkeypatch):
    from tests.forms import form_for

    monkeypatch.setitem(app.config, "MAIL_AFTER_REQUEST", True)
    page = web.login("lead").get(f"/p/{world.plein}/leden/")
    form = form_for(page, "/uitnodigen")
    form["email"], form["role"] = "nieuwkomer@test.example", "team"
    form.submit(status=200)
    deadline = time.monotonic() + 10
    while not smtp.to("nieuwkomer@test.example") and time.monotonic() < deadline:
        time.sleep(0.05)
    [mail] = smtp.to("nieuwkomer@test.example")
    assert "/uitnodiging/" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login_at_the_server(app, ctx, world, tmp_path, monkeypatch, security):
    """PLEIN_MAIL_SECURITY=starttls (TLS after EHLO) or ssl (TLS from the first byte,
    port 465) with a user name: the password only over TLS, the certificate checked."""
    import shutil
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.mailserver import Recorder, free_port

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins = []

    def authenticator(_server, _session, _envelope, _mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=True)

    recorder, port = Recorder(), free_port()
    # ssl: the whole connection is TLS (aiosmtpd's auth_require_tls only knows STARTTLS)
    tls = ({"tls_context": server_tls, "require_starttls": True, "auth_require_tls": True}
           if security == "starttls" else {"ssl_context": server_tls, "auth_require_tls": False})
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **tls,
                            authenticator=authenticator)
    controller.start()
    trusting = ssl.create_default_context
    monkeypatch.setattr(sender.ssl, "create_default_context",
                        lambda: trusting(cafile=str(cert)))
    for key_, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                        "MAIL_SECURITY": security, "MAIL_USERNAME": "plein",
                        "MAIL_PASSWORD": "geheim-wachtwoord"}.items():
        monkeypatch.setitem(app.config, key_, value)
    try:
        assert sender.deliver().sent == 1
    finally:
        controller.stop()
    assert logins == [(b"plein", b"geheim-wachtwoord")]
    assert recorder.to("new@test.example")
