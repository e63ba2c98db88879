"""Samenwerkingscontract pages: who reads and signs what, over HTTP."""

import pytest
from sqlalchemy import func, select

from plein.accounts.models import Plein, User
from plein.agreements import service
from plein.agreements.models import Signature
from plein.extensions import db
from tests.conftest import login, text_of

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back

SIGN = {"function": "teamleider", "has_read": "y"}


def test_partner_reads_signs_and_the_lead_sees_it(app, contract_world):
    world = contract_world
    partner, lead = app.test_client(), app.test_client()
    login(partner, "partner")
    home = text_of(partner.get(f"/p/{world.plein}/partner"))
    assert "Versie 1 staat klaar" in home and "nog niet getekend" in home
    page = partner.get(f"/p/{world.plein}/contract/versie/1")
    assert page.status_code == 200
    assert "Jouw antwoord namens Welzijn Alfa" in text_of(page)
    assert "(jouw organisatie)" in text_of(page)
    signed = partner.post(f"/p/{world.plein}/contract/versie/1/tekenen", data=SIGN,
                          headers={"User-Agent": "TestBrowser/1.0"})
    assert signed.status_code == 303
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        # the signer's name is the account's (issue 14 pt 1), not typed
        assert (signature.signer_name, signature.user_agent) == ("Partner",
                                                                 "TestBrowser/1.0")
        assert signature.ip_address == "127.0.0.1"
    login(lead, "lead")
    overview = text_of(lead.get(f"/p/{world.plein}/contract/"))
    assert "Welzijn Alfa Getekend" in overview and "Bibliotheek Alfa Nog niet getekend" in overview
    again = partner.post(f"/p/{world.plein}/contract/versie/1/tekenen", data=SIGN)
    assert again.status_code in (409, 422)
    with app.app_context():
        assert db.session.scalar(select(func.count(Signature.id))) == 1


def test_signing_needs_the_checkbox_and_declining_a_reason(client, contract_world):
    world = contract_world
    login(client, "partner")
    unread = client.post(f"/p/{world.plein}/contract/versie/1/tekenen",
                         data={**SIGN, "has_read": ""})
    assert unread.status_code == 422 and "Vink aan dat je versie 1 hebt gelezen" in text_of(unread)
    assert 'value="teamleider"' in unread.get_data(as_text=True)
    no_reason = client.post(f"/p/{world.plein}/contract/versie/1/weigeren", data={"reason": ""})
    assert no_reason.status_code == 422 and "Geef een reden." in text_of(no_reason)


def test_a_stale_sign_form_is_refused_and_points_to_the_new_version(app, contract_world):
    world = contract_world
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        service.update_sections(plein, agreement, {"term": "Twee jaar."}, by=lead,
                                expected_version=agreement.version_id)
        service.publish(plein, agreement, by=lead)
        db.session.commit()
    client = app.test_client()
    login(client, "partner")
    response = client.post(f"/p/{world.plein}/contract/versie/1/tekenen", data=SIGN)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/contract/versie/2")
    assert "nieuwe versie (versie 2)" in text_of(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Signature.id))) == 0


def test_other_partner_and_other_plein_get_404(app, contract_world):
    world = contract_world
    outsider = app.test_client()
    login(outsider, "partner2")  # Schuldhulp is no party to version 1
    assert outsider.get(f"/p/{world.plein}/contract/versie/1").status_code == 404
    assert outsider.post(f"/p/{world.plein}/contract/versie/1/tekenen",
                         data=SIGN).status_code == 404
    lead_b = app.test_client()
    login(lead_b, "lead_b@test.example")
    assert lead_b.get(f"/p/{world.plein}/contract/versie/1").status_code == 404
    with app.app_context():
        other = db.session.get(Plein, world.other)
        service.start(other, by=db.session.get(User, world.lead_b_id))
        db.session.commit()
    # a party id of plein A used under plein B's URL
    response = lead_b.post(f"/p/{world.other}/contract/partijen/{world.welzijn_party}",
                           data={"version": 1, "hours": "2", "hours_period": "week"})
    assert response.status_code == 404


def test_adding_a_party_without_ja_asks_for_confirmation(client, contract_world, app):
    world = contract_world
    login(client, "lead")
    asked = client.post(f"/p/{world.plein}/contract/partijen",
                        data={"partner_id": world.schuld})
    assert asked.status_code == 422
    assert "geen ‘ja’" in text_of(asked) and "Ja, ook zonder" in text_of(asked)
    confirmed = client.post(f"/p/{world.plein}/contract/partijen",
                            data={"partner_id": world.schuld, "confirmed": "y"})
    assert confirmed.status_code == 303
    draft = text_of(client.get(f"/p/{world.plein}/contract/concept"))
    assert "Schuldhulp Alfa" in draft


def test_compare_print_and_verify_pages(client, contract_world, app):
    world = contract_world
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        party = service.get_party(agreement, world.welzijn_party)
        service.set_commitment(plein, agreement, party, by=lead,
                               expected_version=agreement.version_id, hours="6",
                               hours_period="week", money="", money_explanation="",
                               knowledge="", means="", tasks="")
        service.publish(plein, agreement, by=lead)
        db.session.commit()
    login(client, "mt")
    diff = text_of(client.get(f"/p/{world.plein}/contract/vergelijk?van=1&naar=2"))
    assert "Partijen en inbreng gewijzigd" in diff and "6 uur per week" in diff
    printed = text_of(client.get(f"/p/{world.plein}/contract/versie/2/afdrukken"))
    assert "SHA-256" in printed and "Versie 2 gepubliceerd" in printed
    assert "Alles klopt" in text_of(client.get(f"/p/{world.plein}/contract/controle"))
    assert client.post(f"/p/{world.plein}/contract/publiceren").status_code == 403


def test_parties_list_who_may_sign_and_print_shows_superseding(client, contract_world, app):
    world = contract_world
    login(client, "lead")
    draft = text_of(client.get(f"/p/{world.plein}/contract/concept"))
    assert "Tekent namens deze partij: Partner" in draft  # the Welzijn user
    assert "Tekent namens deze partij: Lead" in draft  # the library: its projectleider
    client.post(f"/p/{world.plein}/contract/versie/1/tekenen", data=SIGN)
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        lead = db.session.get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        service.update_sections(plein, agreement, {"term": "Drie jaar."}, by=lead,
                                expected_version=agreement.version_id)
        service.publish(plein, agreement, by=lead)
        db.session.commit()
    printed = text_of(client.get(f"/p/{world.plein}/contract/versie/1/afdrukken"))
    assert "Versie 1 gepubliceerd" in printed and "Versie 1 getekend namens" in printed
    assert "Versie 2 gepubliceerd" in printed and "1 eerder antwoord vervangen" in printed
    assert "Vervangen door nieuwe versie" in printed
