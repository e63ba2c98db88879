"""Issue 16, the contract's life in mail: reminders before the evaluation and end dates
(from `flask plein daily-mail`), a toetreding's signing request and its reminder, its
answer, and an opzegging. Per message: who receives it and who does not."""

from datetime import date, timedelta

from sqlalchemy import select

from plein.agreements import addenda, life_notices, service, terms
from plein.extensions import db
from plein.mail import preferences, sender
from plein.mail.models import Choice, Kind, OutboxMessage, Status
from plein.timeutil import local_date
from tests.forms import Web, form_for, visible_text
from tests.test_seals import owner_sql

PARTNER = frozenset({"partner"})
COMMITMENT = dict(hours="3", hours_period="week", money="0", money_explanation="",
                  knowledge="schuldhulp", means="", tasks="Spreekuur op dinsdag")


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).all()


def to(kind):
    return sorted(m.to_address for m in messages(kind))


def _accede(world):
    """Schuldhulp (partner2's organisation) joins version 1 by toetreding 1; commits."""
    plein = world.model("plein")
    agreement = service.agreement_of(plein)
    accession = addenda.accede(plein, agreement, world.model("schuld"),
                               by=world.user("lead"), confirmed=True, **COMMITMENT)
    db.session.commit()
    return plein, agreement, accession


def _answer(world, sign):
    plein, agreement, accession = _accede(world)
    extra = dict(function="teamleider", has_read=True) if sign else dict(
        reason="Eerst moet ons bestuur akkoord geven.")
    addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                   roles=PARTNER, sign=sign, **extra)
    db.session.commit()
    return plein, agreement, accession


# -- joining -------------------------------------------------------------------------------

def test_a_toetreding_asks_only_the_joining_organisations_users(ctx, contract_world):
    _accede(contract_world)
    # partner2 speaks for Schuldhulp; Welzijn's user (already a party) is not asked,
    # nor the lead, team or MT
    assert to(Kind.ACCESSION) == ["partner2@test.example"]
    [mail] = messages(Kind.ACCESSION)
    assert mail.subject.startswith("Plein Alfa: toetreding 1 tot het samenwerkingscontract")
    assert mail.link.endswith(f"/p/{contract_world.plein}/contract/toetreding/1")
    assert "Alleen Schuldhulp Alfa tekent" in mail.body_text
    assert mail.link in mail.body_text and f'href="{mail.link}"' in mail.body_html
    assert mail.status == Status.QUEUED and mail.unsubscribe_url == ""  # mandatory


def test_an_unanswered_toetreding_is_reminded_once_per_step(ctx, contract_world):
    _plein, _agreement, accession = _accede(contract_world)
    day = local_date(accession.published_at)
    assert life_notices.remind_accessions(day + timedelta(days=6)) == 0
    assert life_notices.remind_accessions(day + timedelta(days=7)) == 1
    assert life_notices.remind_accessions(day + timedelta(days=8)) == 0  # same step
    db.session.commit()
    reminders = [m for m in messages(Kind.REMINDER) if m.key.startswith("remind_accession")]
    assert [m.to_address for m in reminders] == ["partner2@test.example"]
    assert "toetreding 1 wacht nog op jullie antwoord" in reminders[0].subject
    # once answered, no more reminders
    addenda.answer(contract_world.model("plein"), _agreement, accession,
                   user=contract_world.user("partner2"), roles=PARTNER, sign=True,
                   function="teamleider", has_read=True)
    assert life_notices.remind_accessions(day + timedelta(days=14)) == 0


def test_a_signed_toetreding_tells_the_lead_and_informs_the_other_parties(
        ctx, contract_world):
    _answer(contract_world, sign=True)
    assert to(Kind.ACCESSION_ANSWER) == ["lead@test.example"]
    [answer] = messages(Kind.ACCESSION_ANSWER)
    assert answer.subject == "Plein Alfa: Schuldhulp Alfa heeft toetreding 1 getekend"
    assert "teamleider" in answer.body_text
    # Welzijn, the other partner party, is informed; the new party itself is not, and
    # nobody is asked to sign again
    assert to(Kind.JOINED) == ["partner@test.example"]
    [joined] = messages(Kind.JOINED)
    assert "hoeven niets te tekenen" in joined.body_text
    assert joined.link.endswith("/contract/toetreding/1")
    assert to(Kind.SIGNING) == ["partner@test.example"]  # only version 1's own request


def test_a_declined_toetreding_tells_the_lead_the_reason_and_no_one_else(
        ctx, contract_world):
    _answer(contract_world, sign=False)
    assert to(Kind.ACCESSION_ANSWER) == ["lead@test.example"]
    [mail] = messages(Kind.ACCESSION_ANSWER)
    assert mail.subject == "Plein Alfa: Schuldhulp Alfa tekent toetreding 1 niet"
    assert "Eerst moet ons bestuur akkoord geven." in mail.body_text
    assert "Eerst moet ons bestuur akkoord geven." in mail.body_html
    assert messages(Kind.JOINED) == []


# -- leaving -------------------------------------------------------------------------------

def test_a_leaving_party_is_announced_to_the_others_and_the_lead(ctx, contract_world):
    plein, agreement, _accession = _answer(contract_world, sign=True)
    addenda.withdraw(plein, agreement, contract_world.model("welzijn"),
                     by=contract_world.user("lead"), leaves_on=date(2027, 6, 30),
                     reason="Subsidie gestopt")
    db.session.commit()
    # the lead and Schuldhulp (party by its toetreding); not Welzijn, which leaves
    assert to(Kind.WITHDRAWN) == ["lead@test.example", "partner2@test.example"]
    for mail in messages(Kind.WITHDRAWN):
        assert mail.subject == ("Plein Alfa: Welzijn Alfa zegt het samenwerkingscontract "
                                "op per 30-06-2027")
        assert "Subsidie gestopt" in mail.body_text and "30-06-2027" in mail.body_html
        assert mail.link.endswith(f"/p/{contract_world.plein}/contract/versie/1")


# -- dates ---------------------------------------------------------------------------------

def _dates(world, day):
    plein = world.model("plein")
    agreement = service.agreement_of(plein)
    terms.set_terms(plein, agreement, by=world.user("lead"),
                    expected_version=agreement.version_id, start_date=day - timedelta(90),
                    end_date=day + timedelta(days=60), open_ended=False,
                    evaluation_date=day + timedelta(days=14))
    db.session.commit()


def test_daily_mail_reminds_the_leads_of_the_dates_once(app, ctx, contract_world):
    day = date(2027, 3, 1)
    _dates(contract_world, day)
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["plein", "daily-mail", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    # the evaluation (14 days) and the end (60 days): one message each, to the lead only
    assert to(Kind.CONTRACT_DATE) == ["lead@test.example", "lead@test.example"]
    subjects = sorted(m.subject for m in messages(Kind.CONTRACT_DATE))
    assert subjects == ["Plein Alfa: evaluatie van het samenwerkingscontract over 14 dagen "
                        "(15-03-2027)",
                        "Plein Alfa: het samenwerkingscontract loopt af over 60 dagen "
                        "(30-04-2027)"]
    for mail in messages(Kind.CONTRACT_DATE):
        assert mail.link.endswith(f"/p/{contract_world.plein}/contract/looptijd")
        assert mail.link in mail.body_text
    # the end's second reminder, 14 days before it, once as well
    later = (day + timedelta(days=46)).isoformat()
    for _ in range(2):
        assert runner.invoke(args=["plein", "daily-mail", "--today", later]).exit_code == 0
    db.session.expire_all()
    assert len(messages(Kind.CONTRACT_DATE)) == 3


# -- preferences ---------------------------------------------------------------------------

def test_the_choosable_kinds_follow_each_persons_preference(ctx, contract_world):
    lead, partner = contract_world.user("lead"), contract_world.user("partner")
    preferences.set_choices(lead, {Kind.CONTRACT_DATE: Choice.OFF,
                                   Kind.ACCESSION_ANSWER: Choice.DAILY,
                                   Kind.WITHDRAWN: Choice.OFF}, by=lead)
    preferences.set_choices(partner, {Kind.JOINED: Choice.WEEKLY}, by=partner)
    db.session.commit()
    _dates(contract_world, date(2027, 3, 1))
    assert life_notices.dates_due(date(2027, 3, 1)) == 0  # the lead switched it off
    plein, agreement, _accession = _answer(contract_world, sign=True)
    [answer] = messages(Kind.ACCESSION_ANSWER)
    assert answer.status == Status.HELD and answer.digest == "daily"
    [joined] = messages(Kind.JOINED)
    assert joined.status == Status.HELD and joined.digest == "weekly"
    addenda.withdraw(plein, agreement, contract_world.model("welzijn"),
                     by=contract_world.user("lead"), leaves_on=date(2027, 6, 30),
                     reason="Subsidie gestopt")
    assert to(Kind.WITHDRAWN) == ["partner2@test.example"]
    # the signing request for a toetreding cannot be switched off
    assert Kind.ACCESSION not in preferences.choices_of(contract_world.user("partner2"))


def test_the_preferences_page_offers_the_new_kinds_to_whom_they_concern(
        app, contract_world, web):
    lead_page = visible_text(web.login("lead").get("/account/berichten"))
    for kind in (Kind.CONTRACT_DATE, Kind.ACCESSION_ANSWER, Kind.WITHDRAWN):
        assert kind.label in lead_page
    assert Kind.JOINED.label not in lead_page
    page = Web(app).login("partner").get("/account/berichten")
    text = visible_text(page)
    assert Kind.JOINED.label in text and Kind.WITHDRAWN.label in text
    assert Kind.CONTRACT_DATE.label not in text
    assert Kind.ACCESSION.label in text  # under "Altijd direct"
    form = form_for(page, "/account/berichten")
    form["joined"] = "off"
    form.submit(status=303)
    with app.app_context():
        assert preferences.choices_of(contract_world.user("partner"))[Kind.JOINED] \
            == Choice.OFF


# -- through a real SMTP server ------------------------------------------------------------

def test_the_toetreding_request_arrives_through_smtp(ctx, contract_world, smtp):
    plein = contract_world.model("plein")
    plein.name = "Plein Oosterpoort – café"
    db.session.commit()
    _accede(contract_world)
    assert sender.deliver().failed == 0
    [mail] = smtp.to("partner2@test.example")
    assert mail["Subject"].startswith("Plein Oosterpoort – café: toetreding 1")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "/contract/toetreding/1" in text and "/contract/toetreding/1" in html
    assert mail["List-Unsubscribe"] is None  # a signing request cannot be switched off
    assert not smtp.to("partner@test.example") or all(
        "toetreding" not in m["Subject"] for m in smtp.to("partner@test.example"))


# -- the receipt of a signed toetreding ----------------------------------------------------

def test_the_joining_party_gets_a_receipt_that_verify_accepts(app, ctx, contract_world,
                                                              tmp_path):
    import json
    from base64 import b64decode

    from plein.agreements.receipts import check_receipt

    _answer(contract_world, sign=True)
    # only the new party's own users get it; Welzijn is informed (JOINED), not receipted
    assert to(Kind.ALL_SIGNED) == ["partner2@test.example"]
    [mail] = messages(Kind.ALL_SIGNED)
    assert "ontvangstbewijs" in mail.body_text
    [attached] = json.loads(mail.attachments)
    assert attached["filename"] == "ontvangstbewijs-toetreding-1.json"
    text = b64decode(attached["data"]).decode()
    receipt = json.loads(text)
    assert receipt["organisatie"] == "Schuldhulp Alfa" and receipt["toetreding"] == 1
    assert receipt["antwoord"] == "getekend" and receipt["functie"] == "teamleider"
    assert check_receipt(text) == []
    good = tmp_path / "bewijs.json"
    good.write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["plein", "verify-agreements", "--receipt", str(good)])
    assert result.exit_code == 0, result.output
    # the signature changed in the database (its function rewritten past the triggers)
    owner_sql(("UPDATE accession_answers SET signer_function = 'directeur' "
               "WHERE id = :i", {"i": receipt["handtekening"]}))
    changed = check_receipt(text)
    assert any("verschilt van het ontvangstbewijs: function" in p for p in changed)
    assert any("in de database klopt niet" in p for p in changed)
    # a changed receipt, or one pointing at another toetreding, is refused
    receipt["gegevens"]["function"] = receipt["functie"] = "directeur"
    assert any("zegel past niet" in p for p in check_receipt(json.dumps(receipt)))
    receipt["gegevens"]["accession"] = "1 OR 1=1"
    assert check_receipt(json.dumps(receipt)) == [
        "Dit is geen ontvangstbewijs van plein (het bestand is onleesbaar of onvolledig)."]
    bad = tmp_path / "veranderd.json"
    receipt["gegevens"]["accession"] = 999
    bad.write_text(json.dumps(receipt), encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["plein", "verify-agreements", "--receipt", str(bad)])
    assert result.exit_code == 1 and "staat niet (meer) in de database" in result.output


def test_the_joining_party_downloads_its_receipt_from_the_toetreding(app, contract_world):
    from plein.agreements.receipts import check_receipt

    with app.app_context():
        _answer(contract_world, sign=True)
    base = f"/p/{contract_world.plein}/contract/toetreding/1"
    web = Web(app).login("partner2")
    page = web.get(base)
    assert "Ontvangstbewijs van jullie antwoord downloaden" in visible_text(page)
    download = page.click(href=f"{base}/ontvangstbewijs")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.json["organisatie"] == "Schuldhulp Alfa"
    with app.app_context():
        assert check_receipt(download.text) == []
    # Welzijn reads the toetreding but has no receipt of another organisation's answer
    other = Web(app).login("partner")
    assert "Ontvangstbewijs" not in visible_text(other.get(base))
    other.get(f"{base}/ontvangstbewijs", status=404)
