"""Issue 14 pts 1, 3, 6, 7 and issue 13 pts 10, 11: who signs, what partners see of the
contract, the print view's log, the plein's own check, placeholders and confirmation."""

import json

import pytest
from sqlalchemy import select, text

from plein.accounts import service as accounts
from plein.accounts.models import Membership, Plein, User
from plein.agreements import service
from plein.agreements.models import Signature
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners import service as partners
from plein.partners.models import Partner
from tests.conftest import append_only_lifted, login, text_of
from tests.worlds import fill_placeholders

PARTNER = frozenset({"partner"})


def _get(model, ident):
    return db.session.get(model, ident)


# -- pt 1: only a partner's own users sign for it -----------------------------------

def test_a_lead_cannot_invite_themself_as_partner_contact(app, world):
    """The review's attack: the lead invites their own e-mail for Schuldhulp."""
    client = app.test_client()
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", data={
        "email": "lead@test.example", "role": "partner", "partner_id": world.schuld})
    assert response.status_code == 422
    assert "Lead (lead@test.example) is al lid met de rol Projectleider" in text_of(response)
    # an installation admin holds no membership, and is refused for being an admin
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", data={
        "email": "admin@test.example", "role": "partner", "partner_id": world.schuld})
    assert response.status_code == 422
    assert "kan daarom niet ook namens een partnerorganisatie meedoen" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Membership.id)).where(
            Membership.user_id == world.lead_id, Membership.role == "partner")) == 0


@pytest.mark.parametrize("role", ["lead", "team", "mt", "admin"])
def test_library_side_people_get_no_partner_membership(ctx, world, role):
    plein = _get(Plein, world.plein)
    user = _get(User, getattr(world, f"{role}_id"))
    schuld = _get(Partner, world.schuld)
    with pytest.raises(ServiceError, match="is al lid|namens een partnerorganisatie"):
        accounts.create_invitation(plein, user.email, "partner", by=_get(User, world.lead_id),
                                   partner=schuld)
    with pytest.raises(ServiceError, match="namens een partnerorganisatie"):
        accounts.add_membership(plein, user, "partner", schuld)


def test_accepting_a_partner_invitation_as_a_library_person_is_refused(ctx, world):
    """An invitation sent before the person got a library role cannot be used after."""
    plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
    invitation, _token = accounts.create_invitation(
        plein, "later@test.example", "partner", by=lead, partner=_get(Partner, world.schuld))
    newcomer = accounts.create_user("later@test.example", "Later", "x" * 12)
    accounts.add_membership(plein, newcomer, "team")
    with pytest.raises(ServiceError, match="namens een partnerorganisatie"):
        accounts.accept_invitation(invitation, user=newcomer)
    partner_user = _get(User, world.partner_id)
    with pytest.raises(ServiceError, match="geen rol voor de bibliotheek"):
        accounts.add_membership(plein, partner_user, "team")


def test_an_old_double_membership_cannot_sign_and_is_listed(app, contract_world):
    """Data from before the rule: the lead also holds a Welzijn membership."""
    world = contract_world
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO memberships (plein_id, user_id, role, partner_id, "
                          "created_at) VALUES (:p, :u, 'partner', :w, CURRENT_TIMESTAMP)"),
                     {"p": world.plein, "u": world.lead_id, "w": world.welzijn})
    with app.app_context():
        plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        version = service.current_version(agreement)
        with pytest.raises(ServiceError, match="eigen organisatie"):
            service.sign(plein, agreement, version, world.welzijn, user=lead,
                         roles=frozenset({"lead", "partner"}), function="directeur",
                         has_read=True)
        db.session.rollback()
    deploy = app.test_cli_runner().invoke(args=["plein", "check-deploy"])
    assert "lead@test.example is in plein 'Plein Alfa' partner én werkt er" in deploy.output
    admin = app.test_client()
    login(admin, "admin")
    page = text_of(admin.get("/beheer/controle"))
    assert "Lead (lead@test.example) in Plein Alfa" in page


def test_the_signer_is_the_account_and_every_signature_shows_it(app, contract_world):
    world = contract_world
    partner = app.test_client()
    login(partner, "partner")
    signed = partner.post(f"/p/{world.plein}/contract/versie/1/tekenen", data={
        "name": "Fatima Schuldhulp", "function": "directeur", "has_read": "y"})
    assert signed.status_code == 303
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert (signature.signer_name, signature.user_id) == ("Partner", world.partner_id)
    page = text_of(partner.get(f"/p/{world.plein}/contract/versie/1"))
    assert "Welzijn Alfa : Getekend — Partner, directeur" in page
    assert "(account: Partner, partner@test.example)" in page
    assert "Fatima" not in page


# -- pt 3 and issue 13 pt 11: what a partner sees -----------------------------------

@pytest.fixture
def two_parties(app, contract_world):
    """Version 2 has Schuldhulp too; Welzijn signed version 1 and the Schuldhulp user
    signed version 2."""
    world = contract_world
    with app.app_context():
        plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        v1 = service.current_version(agreement)
        service.sign(plein, agreement, v1, world.welzijn, user=_get(User, world.partner_id),
                     roles=PARTNER, function="coördinator", has_read=True)
        schuld = service.add_party(plein, agreement, _get(Partner, world.schuld), by=lead,
                                   confirmed=True)
        service.set_commitment(plein, agreement, schuld, by=lead,
                               expected_version=agreement.version_id, hours="4",
                               hours_period="week", money="2500",
                               money_explanation="budgetcoaching", knowledge="",
                               means="", tasks="Spreekuur")
        v2 = service.publish(plein, agreement, by=lead)
        service.sign(plein, agreement, v2, world.schuld, user=_get(User, world.partner2_id),
                     roles=PARTNER, function="directeur", has_read=True)
        db.session.commit()
    return world


def test_a_partner_sees_every_party_commitment_and_answer(app, two_parties):
    world = two_parties
    client = app.test_client()
    login(client, "partner")  # Welzijn
    page = text_of(client.get(f"/p/{world.plein}/contract/versie/2"))
    assert "Schuldhulp Alfa" in page and "€ 2.500,00 — budgetcoaching" in page
    assert "Schuldhulp Alfa : Getekend — Partner2, directeur" in page
    assert "partner2@test.example" not in page  # another organisation's e-mail
    assert "Een controlegetal dat uit de hele tekst" in page
    # what a partner never sees
    for hidden in ("Tekenbevoegd", "afwegingstabel", "Begroting"):
        assert hidden not in page


@pytest.mark.parametrize("role, status", [
    ("partner", 200), ("partner2", 200), ("lead", 200), ("team", 200), ("mt", 200),
    ("admin", 200), ("lead_b@test.example", 404),
])
def test_print_and_compare_per_role(app, two_parties, role, status):
    world = two_parties
    client = app.test_client()
    login(client, role)
    printed = client.get(f"/p/{world.plein}/contract/versie/2/afdrukken")
    assert printed.status_code == status
    compared = client.get(f"/p/{world.plein}/contract/vergelijk?van=1&naar=2")
    expected = 404 if role == "partner2" else status  # Schuldhulp is no party to version 1
    assert compared.status_code == expected
    if status == 200:
        assert "Schuldhulp Alfa" in text_of(printed) and "Welzijn Alfa" in text_of(printed)
        shown = "partner2@test.example" in printed.get_data(as_text=True)
        assert shown == (role in ("partner2", "lead", "team", "mt", "admin"))


def test_a_partner_compares_with_the_version_it_signed(app, two_parties):
    world = two_parties
    client = app.test_client()
    login(client, "partner")
    page = text_of(client.get(f"/p/{world.plein}/contract/vergelijk"))
    assert "Versie 1 en versie 2" in page
    assert "€ 2.500,00 (budgetcoaching)" in page and "2500.00" not in page
    outsider = app.test_client()
    login(outsider, "partner2")
    assert outsider.get(f"/p/{world.plein}/contract/versie/1/afdrukken").status_code == 404
    assert "versie 1" not in text_of(outsider.get(f"/p/{world.plein}/contract/vergelijk"))


def test_after_declining_the_partner_sees_the_reason_and_what_happens(app, contract_world):
    world = contract_world
    client = app.test_client()
    login(client, "partner")
    client.post(f"/p/{world.plein}/contract/versie/1/weigeren",
                data={"reason": "De uren kloppen niet"})
    page = text_of(client.get(f"/p/{world.plein}/contract/versie/1"))
    assert "Jouw reden: “De uren kloppen niet”" in page
    assert "Wat nu? De projectleider ziet je reden" in page
    home = text_of(client.get(f"/p/{world.plein}/partner"))
    assert "Jullie reden: “De uren kloppen niet”" in home


def test_a_receipt_is_shown_and_downloadable_after_signing(app, contract_world, tmp_path):
    world = contract_world
    client = app.test_client()
    login(client, "partner")
    url = f"/p/{world.plein}/contract/versie/1"
    assert client.get(url + "/ontvangstbewijs").status_code == 404  # nothing signed yet
    client.post(url + "/tekenen", data={"function": "coördinator", "has_read": "y"})
    page = text_of(client.get(url))
    assert "Ontvangstbewijs" in page and "Zegel" in page
    download = client.get(url + "/ontvangstbewijs")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    receipt = json.loads(download.get_data(as_text=True))
    assert (receipt["organisatie"], receipt["ondertekenaar"], receipt["functie"]) == (
        "Welzijn Alfa", "Partner", "coördinator")
    path = tmp_path / "bewijs.json"
    path.write_bytes(download.get_data())
    checked = app.test_cli_runner().invoke(args=["plein", "verify-agreements", "--receipt",
                                                 str(path)])
    assert checked.exit_code == 0, checked.output


# -- pt 6: the print view's log is chosen by object and action -----------------------

def test_a_partner_name_that_looks_like_a_log_line_is_not_a_signing(app, contract_world):
    world = contract_world
    with app.app_context():
        plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
        fake = partners.find_or_create(plein, "Versie 1 getekend namens Gemeente – akkoord")
        # its log line reads "Versie 1 getekend namens Gemeente – akkoord toegevoegd als partij"
        service.add_party(plein, service.agreement_of(plein), fake, by=lead, confirmed=True)
        db.session.commit()
    client = app.test_client()
    login(client, "lead")
    printed = text_of(client.get(f"/p/{world.plein}/contract/versie/1/afdrukken"))
    assert "Versie 1 gepubliceerd" in printed
    assert "namens Gemeente" not in printed


# -- pt 7: the plein's check is about this plein ------------------------------------

def test_the_plein_check_looks_only_at_this_pleins_contract(app, contract_world):
    world = contract_world
    with app.app_context():
        other, lead_b = _get(Plein, world.other), _get(User, world.lead_b_id)
        beta = partners.find_or_create(other, "Partner Beta")
        agreement = service.start(other, by=lead_b)
        service.add_party(other, agreement, beta, by=lead_b, confirmed=True)
        fill_placeholders(other, agreement, lead_b)
        version = service.publish(other, agreement, by=lead_b)
        db.session.commit()
        with db.engine.begin() as conn, append_only_lifted(conn):
            conn.execute(text("UPDATE agreement_versions SET canonical = 'x' WHERE id = :i"),
                         {"i": version.id})
    client = app.test_client()
    login(client, "lead")
    page = text_of(client.get(f"/p/{world.plein}/contract/controle"))
    assert "Alles klopt" in page and "Contract 2" not in page
    admin = app.test_client()
    login(admin, "admin")
    everything = text_of(admin.get("/beheer/controle"))
    assert "Contract 2, versie 1: de tekst past niet meer" in everything
    # a signature of this plein removed behind the app's back shows on its own page
    with app.app_context():
        plein = _get(Plein, world.plein)
        agreement = service.agreement_of(plein)
        signature = service.sign(plein, agreement, service.current_version(agreement),
                                 world.welzijn, user=_get(User, world.partner_id),
                                 roles=PARTNER, function="f", has_read=True)
        db.session.commit()
        signature_id = signature.id
        with db.engine.begin() as conn, append_only_lifted(conn):
            conn.execute(text("DELETE FROM signatures WHERE id = :i"), {"i": signature_id})
    page = text_of(client.get(f"/p/{world.plein}/contract/controle"))
    assert f"Handtekening {signature_id} staat in het logboek" in page


# -- issue 13 pt 10: placeholders and confirmation ----------------------------------

def test_publishing_refuses_placeholders_and_lists_them(app, world):
    with app.app_context():
        plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
        agreement = service.start(plein, by=lead)
        service.add_party(plein, agreement, _get(Partner, world.welzijn), by=lead,
                          confirmed=True)
        db.session.commit()
        draft_version = agreement.version_id
    client = app.test_client()
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/contract/concept").get_data(as_text=True)
    assert '<a href="#section-term">Looptijd en evaluatie</a>: [datum], [datum]' in page
    refused = client.post(f"/p/{world.plein}/contract/publiceren",
                          data={"version": draft_version, "confirmed": "y"})
    assert refused.status_code == 422
    assert "Er staan nog 9 invulplekken uit het sjabloon" in text_of(refused)
    assert "[Schrap dit onderdeel als er geen commerciële partners meedoen.]" in text_of(refused)
    with app.app_context():
        plein = _get(Plein, world.plein)
        agreement = service.agreement_of(plein)
        fill_placeholders(plein, agreement, _get(User, world.lead_id))
        db.session.commit()
        draft_version = agreement.version_id
    unconfirmed = client.post(f"/p/{world.plein}/contract/publiceren",
                              data={"version": draft_version})
    assert unconfirmed.status_code == 422
    assert "Vink aan dat je weet dat alle partijen opnieuw moeten tekenen" in text_of(
        unconfirmed)
    published = client.post(f"/p/{world.plein}/contract/publiceren",
                            data={"version": draft_version, "confirmed": "y"})
    assert published.status_code == 303


def test_the_demo_has_a_sealed_contract_without_placeholders_and_receipts(app, demo_loaded):
    from plein import demo

    runner = app.test_cli_runner()
    verified = runner.invoke(args=["plein", "verify-agreements"])
    assert verified.exit_code == 0, verified.output
    with app.app_context():
        plein = db.session.scalar(select(Plein))
        version = service.current_version(service.agreement_of(plein))
        bodies = [s["body"] for s in service.version_content(version)["sections"]]
        assert bodies and not any("[" in body for body in bodies)
        plein_id, number = plein.id, version.number
    client = app.test_client()
    login(client, "welzijn@lindeburg.example", demo.PASSWORD)
    page = text_of(client.get(f"/p/{plein_id}/contract/versie/{number}"))
    assert "Ontvangstbewijs" in page and "Pieter Jansen (welzijn@lindeburg.example)" in page
    assert client.get(f"/p/{plein_id}/contract/versie/{number}/ontvangstbewijs").status_code \
        == 200


# -- the forms as the pages render them (WebTest) -----------------------------------

def test_publish_sign_and_decline_through_the_rendered_forms(app, contract_world, web):
    from tests.forms import assert_errors_visible, form_for

    world = contract_world
    with app.app_context():
        plein, lead = _get(Plein, world.plein), _get(User, world.lead_id)
        agreement = service.agreement_of(plein)
        service.add_party(plein, agreement, _get(Partner, world.schuld), by=lead,
                          confirmed=True)
        service.update_sections(plein, agreement, {"term": "Een jaar, [datum] open."},
                                by=lead, expected_version=agreement.version_id)
        db.session.commit()
    web.login("lead")
    draft = web.get(f"/p/{world.plein}/contract/concept")
    form = form_for(draft, "/publiceren")
    form["confirmed"] = True
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Er staat nog 1 invulplek uit het sjabloon" in refused.text
    form = form_for(web.get(f"/p/{world.plein}/contract/concept"), "/concept")
    form["section-term"] = "Een jaar, vanaf 1 maart 2027."
    form.submit(status=303)
    form = form_for(web.get(f"/p/{world.plein}/contract/concept"), "/publiceren")
    unconfirmed = form.submit(status=422)  # the box is not ticked
    assert_errors_visible(web, unconfirmed)
    form["confirmed"] = True
    form.submit(status=303)
    web.reset()

    web.login("partner2")  # Schuldhulp
    page = web.get(f"/p/{world.plein}/contract/versie/2")
    sign = form_for(page, "/tekenen")
    sign["function"] = "directeur"
    unread = sign.submit(status=422)
    assert_errors_visible(web, unread)
    sign = form_for(unread, "/tekenen")
    sign["has_read"] = True
    done = sign.submit(status=303).follow()
    assert "Ontvangstbewijs" in done.text and "Partner2" in done.text
    web.reset()
    web.login("partner")  # Welzijn declines
    decline = form_for(web.get(f"/p/{world.plein}/contract/versie/2"), "/weigeren")
    assert_errors_visible(web, decline.submit(status=422))
    decline = form_for(web.get(f"/p/{world.plein}/contract/versie/2"), "/weigeren")
    decline["reason"] = "Te weinig uren voor ons"
    declined = decline.submit(status=303).follow()
    assert "Jouw reden: “Te weinig uren voor ons”" in " ".join(declined.text.split())
