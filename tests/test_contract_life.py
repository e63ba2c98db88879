"""Issue 16 pts 4-6: the contract as PDF, its dates and reminders, partners joining by
an addendum (toetreding) and leaving (opzegging), and verify covering both."""

import io
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from plein import seal as sealing
from plein.agreements import addenda, integrity, service, terms
from plein.agreements.models import (
    Accession,
    AccessionAnswer,
    ContractReminder,
    Immutable,
    Withdrawal,
)
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for
from tests.test_seals import owner_sql

PARTNER = frozenset({"partner"})
COMMITMENT = dict(hours="3", hours_period="week", money="0", money_explanation="",
                  knowledge="schuldhulp", means="", tasks="Spreekuur op dinsdag")


def _joined(world, sign=True):
    """Schuldhulp joins version 1 by an addendum (and signs it); commits."""
    plein, lead = world.model("plein"), world.user("lead")
    agreement = service.agreement_of(plein)
    accession = addenda.accede(plein, agreement, world.model("schuld"), by=lead,
                               confirmed=True, **COMMITMENT)
    if sign:
        addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                       roles=PARTNER, sign=True, function="teamleider", has_read=True)
    db.session.commit()
    return agreement, accession


@pytest.fixture
def joined(ctx, contract_world):
    agreement, accession = _joined(contract_world)
    return {"agreement": agreement.id, "accession": accession.id,
            "answer": accession.answer.id}


# -- joining -------------------------------------------------------------------------------

def test_an_addendum_is_chained_to_the_version_and_only_the_new_party_signs(
        ctx, contract_world):
    world = contract_world
    plein = world.model("plein")
    agreement = service.agreement_of(plein)
    version = service.current_version(agreement)
    _agreement, accession = _joined(world, sign=False)
    content = addenda.content_of(accession)
    assert content["version_sha256"] == version.sha256 and content["previous"] == ""
    assert content["party"]["party"] == "Schuldhulp Alfa"
    assert accession.sha256 == sealing.fingerprint(accession.canonical)
    # the others are not asked: Welzijn's user cannot answer it, nor the lead
    for role in ("partner", "lead"):
        with pytest.raises(ServiceError, match="Alleen de toetredende organisatie"):
            addenda.answer(plein, agreement, accession, user=world.user(role),
                           roles=PARTNER if role == "partner" else frozenset({"lead"}),
                           sign=True, function="x", has_read=True)
    # the version itself keeps its parties and answers: nobody signs again
    assert [row.name for row in service.overview(version)] == ["Bibliotheek Alfa",
                                                               "Welzijn Alfa"]
    reply = addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                           roles=PARTNER, sign=True, function="teamleider", has_read=True)
    assert reply.answer == "signed" and reply.fingerprint == accession.sha256
    with pytest.raises(ServiceError, match="al geantwoord"):
        addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                       roles=PARTNER, sign=True, function="teamleider", has_read=True)
    # the new party is in the draft, for the next version
    assert any(p.partner_id == world.schuld for p in agreement.parties)
    assert world.schuld in addenda.parties_now(version, agreement)
    assert integrity.verify_all() == []
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"agreement.accede", "agreement.accession_sign"} <= actions


def test_joining_is_refused_for_a_party_or_twice(ctx, contract_world):
    world = contract_world
    plein, lead = world.model("plein"), world.user("lead")
    agreement = service.agreement_of(plein)
    with pytest.raises(ServiceError, match="al partij in versie 1"):
        addenda.accede(plein, agreement, world.model("welzijn"), by=lead, **COMMITMENT)
    with pytest.raises(service.NeedsConfirmation):
        addenda.accede(plein, agreement, world.model("schuld"), by=lead, **COMMITMENT)
    db.session.rollback()
    _joined(world, sign=False)
    with pytest.raises(ServiceError, match="al een toetreding"):
        addenda.accede(plein, agreement, world.model("schuld"), by=lead, confirmed=True,
                       **COMMITMENT)


def test_an_addendum_and_its_answer_never_change(joined):
    accession = db.session.get(Accession, joined["accession"])
    accession.canonical = "{}"
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AccessionAnswer, joined["answer"]))
    with pytest.raises(Immutable):
        db.session.flush()


def problems():
    found = " ".join(integrity.verify_all())
    assert found, "verify did not notice"
    return found


def test_a_changed_addendum_is_detected_even_with_its_hash_recomputed(joined):
    accession = db.session.get(Accession, joined["accession"])
    text = accession.canonical.replace('"hours":"3.00"', '"hours":"30.00"')
    owner_sql(("UPDATE agreement_accessions SET canonical = :c, sha256 = :h WHERE id = :i",
               {"c": text, "h": sealing.fingerprint(text), "i": accession.id}),
              ("UPDATE accession_answers SET fingerprint = :h WHERE id = :a",
               {"h": sealing.fingerprint(text), "a": joined["answer"]}))
    found = problems()
    assert "toetreding 1: de gegevens passen niet bij het zegel" in found
    assert "Antwoord op toetreding 1: de gegevens passen niet bij het zegel" in found


@pytest.mark.parametrize("statements, expected", [
    ([("UPDATE accession_answers SET signer_name = 'Iemand' WHERE id = :answer", {})],
     "Antwoord op toetreding 1: de gegevens passen niet bij het zegel"),
    ([("DELETE FROM accession_answers WHERE id = :answer", {})],
     "Antwoord op toetreding"),
    ([("DELETE FROM accession_answers WHERE id = :answer", {}),
      ("DELETE FROM agreement_accessions WHERE id = :accession", {})],
     "Toetreding"),
    ([("UPDATE agreement_accessions SET canonical = 'x' WHERE id = :accession", {})],
     "toetreding 1: de tekst past niet meer bij de vingerafdruk"),
])
def test_tampering_with_addenda_is_detected(joined, statements, expected):
    owner_sql(*[(sql, {**joined, **params}) for sql, params in statements])
    found = problems()
    assert expected in found
    if "DELETE" in statements[-1][0]:
        assert "staat in het logboek maar is uit de database verdwenen" in found


def test_the_database_refuses_to_change_or_delete_an_addendum(joined):
    from sqlalchemy.exc import DBAPIError

    for sql in ("DELETE FROM accession_answers WHERE id = :answer",
                "UPDATE agreement_accessions SET sha256 = 'x' WHERE id = :accession"):
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(db.text(sql), joined)


# -- leaving -------------------------------------------------------------------------------

def test_a_party_leaves_with_date_and_reason(ctx, contract_world):
    world = contract_world
    plein, lead = world.model("plein"), world.user("lead")
    agreement = service.agreement_of(plein)
    with pytest.raises(ServiceError, match="reden|waarom"):
        addenda.withdraw(plein, agreement, world.model("welzijn"), by=lead,
                         leaves_on=date(2027, 6, 30), reason=" ")
    with pytest.raises(ServiceError, match="geen partij"):
        addenda.withdraw(plein, agreement, world.model("schuld"), by=lead,
                         leaves_on=date(2027, 6, 30), reason="stopt")
    row = addenda.withdraw(plein, agreement, world.model("welzijn"), by=lead,
                           leaves_on=date(2027, 6, 30), reason="Subsidie gestopt")
    db.session.commit()
    row_id = row.id
    assert row.sha256 == sealing.fingerprint(row.canonical)
    assert not any(p.partner_id == world.welzijn for p in agreement.parties)
    assert world.welzijn not in addenda.parties_now(service.current_version(agreement),
                                                    agreement)
    assert integrity.verify_all() == []
    owner_sql(("UPDATE agreement_withdrawals SET reason = 'Ruzie' WHERE id = :i",
               {"i": row_id}))
    assert f"opzegging {row_id}: de gegevens passen niet bij het zegel" in problems()
    owner_sql(("DELETE FROM agreement_withdrawals WHERE id = :i", {"i": row_id}))
    assert f"Opzegging {row_id} staat in het logboek" in problems()


# -- dates and reminders -------------------------------------------------------------------

def test_dates_are_checked_and_reminders_handed_out_once(ctx, contract_world):
    world = contract_world
    plein, lead = world.model("plein"), world.user("lead")
    agreement = service.agreement_of(plein)
    today = date(2027, 1, 1)

    def set_(**values):
        dates = dict(start_date=date(2026, 9, 1), end_date=None, open_ended=False,
                     evaluation_date=None) | values
        return terms.set_terms(plein, agreement, by=lead,
                               expected_version=agreement.version_id, **dates)

    with pytest.raises(ServiceError, match="óf onbepaalde tijd"):
        set_(end_date=date(2027, 12, 31), open_ended=True)
    with pytest.raises(ServiceError, match="na de begindatum"):
        set_(end_date=date(2026, 1, 1))
    assert set_(end_date=today + timedelta(days=50), evaluation_date=today + timedelta(10))
    db.session.commit()
    due = terms.remind(today)
    assert sorted((r.kind, r.days_before) for r in due) == [("end", 60), ("evaluation", 14)]
    assert terms.remind(today) == [] and terms.due_reminders(today) == []
    # 36 days on the end date is 14 days away: its second reminder, once
    later = today + timedelta(days=36)
    assert [(r.kind, r.days_before) for r in terms.remind(later)] == [("end", 14)]
    assert terms.remind(later) == []
    assert db.session.scalar(select(db.func.count(ContractReminder.id))) == 3
    logged = db.session.scalars(select(AuditEvent.summary).where(
        AuditEvent.action == "agreement.reminder")).all()
    assert len(logged) == 3 and any("loopt af over 14 dagen" in s for s in logged)
    # onbepaalde tijd: no end reminders
    assert set_(open_ended=True)
    assert terms.upcoming(agreement, today) == []


# -- the PDF -------------------------------------------------------------------------------

def _pdf(client, world, role, number=1, status=200):
    from tests.conftest import login

    login(client, role)
    response = client.get(f"/p/{world.plein}/contract/versie/{number}/pdf")
    assert response.status_code == status
    return response


def test_the_pdf_has_the_fingerprint_on_every_page_and_every_party(app, joined,
                                                                   contract_world,
                                                                   tmp_path):
    world = contract_world
    version = service.current_version(service.agreement_of(world.model("plein")))
    response = _pdf(app.test_client(), world, "partner")
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 4  # the text, then a signature page per party and the addendum
    for number, text in enumerate(pages, start=1):
        flat = "".join(text.split())
        assert version.sha256 in flat, f"page {number} lacks the fingerprint"
    everything = "\n".join(pages)
    for name in ("Bibliotheek Alfa", "Welzijn Alfa", "Schuldhulp Alfa"):
        assert f"Ondertekening: {name}" in everything
    assert "teamleider" in everything and "Toetreding 1" in everything
    if shutil.which("pdftoppm"):
        source = tmp_path / "contract.pdf"
        source.write_bytes(response.data)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        str(source), str(tmp_path / "page")], check=True)
        png = next(tmp_path.glob("page*.png"))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
        shots = Path(__file__).parent / "screenshots"  # to look at (git-ignored)
        shots.mkdir(exist_ok=True)
        shutil.copy(png, shots / "contract-pdf-page-1.png")
        shutil.copy(source, shots / "contract.pdf")


def test_the_pdf_follows_the_print_views_access(app, contract_world):
    _pdf(app.test_client(), contract_world, "partner2", status=404)  # no party
    assert _pdf(app.test_client(), contract_world, "mt").data[:5] == b"%PDF-"


# -- the pages: forms as rendered -----------------------------------------------------------

def test_the_lead_adds_a_joining_partner_and_it_signs(web, contract_world):
    world = contract_world
    page = web.login("lead").get(f"/p/{world.plein}/contract/toetreden")
    form = form_for(page, "/contract/toetreden")
    form["partner_id"] = str(world.schuld)
    form["hours"], form["tasks"] = "4", "Spreekuur schulden"
    refused = form.submit(status=422)  # no 'ja' in the afwegingstabel: confirm first
    assert_errors_visible(web, refused)
    assert "geen ‘ja’ besloten" in refused.text
    form = form_for(refused, "/contract/toetreden")
    form["confirmed"] = True
    done = form.submit(status=303).follow()
    assert "Toetreding 1 is vastgelegd" in done.text
    signer = Web(web.app).login("partner2")
    page = signer.get(f"/p/{world.plein}/contract/toetreding/1")
    sign = form_for(page, "/toetreding/1/tekenen")
    refused = sign.submit(status=422)
    assert "Vul je functie in" in refused.text
    sign = form_for(refused, "/toetreding/1/tekenen")
    sign["function"], sign["has_read"] = "coördinator", True
    done = sign.submit(status=303).follow()
    assert "Getekend" in done.text and "coördinator" in done.text
    # Welzijn, a party to version 1, sees the addendum but has nothing to sign
    other = Web(web.app).login("partner").get(f"/p/{world.plein}/contract/toetreding/1")
    assert "Schuldhulp Alfa" in other.text and "/tekenen" not in other.text


def test_the_lead_sets_the_dates_through_the_form(web, contract_world):
    world = contract_world
    page = web.login("lead").get(f"/p/{world.plein}/contract/looptijd")
    form = form_for(page, "/contract/looptijd")
    form["start_date"], form["end_date"], form["open_ended"] = "01-09-2026", "31-02-2027", False
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    form = form_for(refused, "/contract/looptijd")
    form["end_date"], form["evaluation_date"] = "", "01-03-2027"
    form["open_ended"] = True
    done = form.submit(status=303).follow()
    assert "voor onbepaalde tijd" in done.text and "01-03-2027" in done.text.replace(
        "1 maart 2027", "01-03-2027")


def test_the_lead_records_a_leaving(web, contract_world):
    world = contract_world
    page = web.login("lead").get(f"/p/{world.plein}/contract/toetreden")
    form = form_for(page, "/contract/opzeggen")
    form["leaving_partner"] = str(world.welzijn)
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    form = form_for(refused, "/contract/opzeggen")
    form["leaves_on"], form["reason"] = "30-06-2027", "Geen subsidie meer"
    done = form.submit(status=303).follow()
    assert "opzegging van Welzijn Alfa is vastgelegd" in done.text
    printed = web.get(f"/p/{world.plein}/contract/versie/1/afdrukken")
    assert "Opzeggingen" in printed.text and "Geen subsidie meer" in printed.text
    with web.app.app_context():
        assert db.session.scalar(select(db.func.count(Withdrawal.id))) == 1


def test_the_cli_checks_addenda_and_rotating_the_key_reseals_them(joined, app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["plein", "verify-agreements"]).exit_code == 0
    old_key = app.config["SEAL_KEY"]
    (tmp_path / "oud").write_text(old_key)
    app.config["SEAL_KEY"] = "een-nieuwe-zegelsleutel-van-voldoende-lengte-456"
    try:
        assert "toetreding 1: verzegeld met een andere sleutel" in problems()
        done = runner.invoke(args=["plein", "seal-agreements", "--old-key-file",
                                   str(tmp_path / "oud")])
        assert done.exit_code == 0, done.output
        assert integrity.verify_all() == []
        owner_sql(("UPDATE accession_answers SET signer_function = 'directeur' "
                   "WHERE id = :answer", joined))
        bad = runner.invoke(args=["plein", "verify-agreements"])
        assert bad.exit_code == 1 and "Antwoord op toetreding 1" in bad.output
    finally:
        app.config["SEAL_KEY"] = old_key


def test_the_joining_partner_finds_its_addendum_and_is_not_offered_the_versions_form(
        web, accession_world):
    world = accession_world
    partner = web.login("partner2")
    home = partner.get(f"/p/{world.plein}/partner")
    assert "treedt toe tot versie 1" in home.text
    page = home.click("Toetreding lezen en tekenen")
    assert form_for(page, "/toetreding/1/tekenen")
    version = partner.get(f"/p/{world.plein}/contract/versie/1")  # it reads what it joins
    assert "Toetreding 1: Schuldhulp Alfa" in version.text
    assert not [f for f in version.forms.values() if (f.action or "").endswith("/tekenen")]
