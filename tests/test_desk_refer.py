"""Warm referrals from the desk, through the pages: with and without consent, refusals
shown and nothing stored, a partner that left."""

import pytest
from sqlalchemy import func, select

from plein.audit import AuditEvent
from plein.desk.models import Referral, Tally
from plein.extensions import db
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _referrals(app, plein_id):
    with app.app_context():
        return db.session.scalars(select(Referral).where(Referral.plein_id == plein_id)
                                  .order_by(Referral.id)).all()


def _count(app, model, plein_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(
            model.plein_id == plein_id))


def _form(web, world):
    return form_for(web.get(f"/p/{world.plein}/balie/doorverwijzen"), "/balie/doorverwijzen")


def _fill(form, partner="Welzijn Alfa", theme="Werk", **fields):
    form["partner_id"] = form["partner_id"].options[
        [label for _v, _s, label in form["partner_id"].options].index(partner)][0]
    form["theme_id"] = form["theme_id"].options[
        [label for _v, _s, label in form["theme_id"].options].index(theme)][0]
    for name, value in fields.items():
        form[name] = value
    return form


def test_team_refers_a_visitor_who_asks_to_be_called(web, world, app):
    web.login("team")
    page = web.get(f"/p/{world.plein}/balie/doorverwijzen")
    text = visible_text(page)
    assert "uiterlijk na 30 dagen" in text and "Wat we bewaren en waarom" in text
    form = _fill(form_for(page, "/balie/doorverwijzen"), question="huurtoeslag",
                 first_name="Fatima", phone="06 12345678", consent=True)
    done = form.submit(status=303).follow()
    assert "Doorverwezen naar Welzijn Alfa voor Werk." in visible_text(done)
    assert "Welzijn Alfa ziet de vraag om contact op te nemen" in visible_text(done)
    [referral] = _referrals(app, world.plein)
    assert (referral.first_name, referral.phone, referral.email) == (
        "Fatima", "06 12345678", "")
    assert referral.consent_at is not None and referral.keep_until is not None
    # it counts as a contact, "doorverwezen", without any personal data
    with app.app_context():
        tally = db.session.get(Tally, referral.tally_id)
        assert (tally.help, tally.topic, tally.partner_id) == ("referred", "", None)
        summaries = " ".join(db.session.scalars(select(AuditEvent.summary)))
    assert "Fatima" not in summaries and "12345678" not in summaries
    # the desk sees its status
    assert "Nog niet opgepakt" in visible_text(done)


def test_details_without_consent_are_refused_and_not_stored(web, world, app):
    web.login("team")
    form = _fill(_form(web, world), first_name="Fatima", phone="06 12345678")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "geen toestemming gegeven" in visible_text(refused)
    assert _referrals(app, world.plein) == [] and _count(app, Tally, world.plein) == 0
    # consent without details, both a phone and an e-mail address, a bad number
    for fields, message in (
            ({"first_name": "", "phone": "", "consent": True}, "Vul de voornaam en een"),
            ({"first_name": "Fatima", "phone": "0612345678", "email": "f@voorbeeld.nl"},
             "telefoon óf e-mail"),
            ({"phone": "12", "email": ""}, "Vul een telefoonnummer in"),
            ({"phone": "", "email": "geen adres"}, "geldig e-mailadres"),
            ({"email": "", "first_name": ""}, "Vul de voornaam en een")):
        form = form_for(refused, "/balie/doorverwijzen")
        for name, value in fields.items():
            form[name] = value
        refused = form.submit(status=422)
        assert message in visible_text(refused), message
    assert _referrals(app, world.plein) == []
    # without any details: the visitor contacts the partner, nothing personal kept
    form = form_for(refused, "/balie/doorverwijzen")
    form["first_name"], form["phone"], form["email"], form["consent"] = "", "", "", False
    form.submit(status=303)
    [referral] = _referrals(app, world.plein)
    assert not referral.has_personal and referral.consent_at is None


def test_a_phone_number_in_the_question_is_refused_with_the_tally_rule(web, world, app):
    web.login("lead")
    refused = _fill(_form(web, world), question="bel haar op 0612345678").submit(status=422)
    assert_errors_visible(web, refused)
    assert "geen telefoonnummer" in visible_text(refused)
    assert _referrals(app, world.plein) == []


def test_a_partner_that_left_cannot_be_referred_to(web, world, app):
    from plein.partners.models import Partner

    web.login("team")
    form = _form(web, world)
    with app.app_context():
        db.session.get(Partner, world.schuld).status = "stopped"
        db.session.commit()
    form = _fill(form, "Schuldhulp Alfa")  # the page was opened before it left
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Schuldhulp Alfa doet niet (meer) mee" in visible_text(refused)
    assert "Schuldhulp Alfa" not in [label for _v, _s, label in
                                     form_for(refused, "/balie/doorverwijzen")
                                     ["partner_id"].options]
    assert _referrals(app, world.plein) == []


def test_the_tally_of_a_referral_is_no_mis_tap_to_undo(web, world, app):
    web.login("team")
    _fill(_form(web, world)).submit(status=303)
    desk = web.get(f"/p/{world.plein}/balie/")
    assert "Vandaag geteld: 1 contact" in visible_text(desk)
    assert "Ongedaan maken" not in visible_text(desk)
    [referral] = _referrals(app, world.plein)
    web.post(f"/p/{world.plein}/balie/ongedaan", {
        "tally_id": referral.tally_id,
        "csrf_token": form_for(desk, "/balie/turven")["csrf_token"].value}, status=422)
    assert _count(app, Tally, world.plein) == 1
