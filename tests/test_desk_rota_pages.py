"""The desk rota's page and the partners' hours, driven through the forms they render:
the lead puts someone on the rota, a partner user puts itself on and swaps its own
organisation's shift and cannot touch another's; every refusal shown next to its
field."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.extensions import db
from plein.programme.models import DeskShift, DeskSwap
from plein.timeutil import local_today
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _option(form, name, label_start):
    field = form[name]
    return next(value for value, _sel, text in field.options if text.startswith(label_start))


def _open_tuesday_afternoon(app, world):
    from plein.programme import service

    with app.app_context():
        service.set_day_part(world.model("plein"), weekday=1, part="afternoon", is_open=True,
                             starts=None, ends=None, theme_id=0, by=world.user("lead"))
        db.session.commit()


def test_the_lead_puts_a_colleague_on_the_rota_and_a_refusal_keeps_what_was_typed(web,
                                                                                  world):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/balie")
    # the world's plein is closed on Tuesday afternoon: the shift is there, the desk not
    assert ("Dinsdagmiddag (het plein is dan dicht: geen dienst) Ayla (vrijwilliger), "
            "Welzijn Alfa") in visible_text(page)
    form = form_for(page, "/programma/balie")
    form["weekday"], form["part"] = "3", "morning"
    form["person_id"] = _option(form, "person_id", "Team (Bibliotheek)")
    form["first_name"] = "Bo"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies een persoon of vul een voornaam in, niet allebei." in visible_text(refused)
    form = form_for(refused, "/programma/balie")
    assert (form["weekday"].value, form["first_name"].value) == ("3", "Bo")
    form["first_name"] = ""
    done = form.submit(status=303).follow()
    assert "Donderdagochtend: Team, Bibliotheek staat op het rooster." in visible_text(done)
    # nobody chosen at all
    form = form_for(done, "/programma/balie")
    form["person_id"] = "0"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies wie er aan de balie staat" in visible_text(refused)


def test_a_partner_puts_itself_on_and_swaps_its_own_shift(web, world, app):
    _open_tuesday_afternoon(app, world)
    web.login("partner")
    page = web.get(f"/p/{world.plein}/programma/balie")
    form = form_for(page, "/programma/balie")
    # only itself, or a volunteer of its own organisation
    assert [text for _v, _s, text in form["person_id"].options] == [
        "(een vrijwilliger: vul de voornaam in)", "Ikzelf (Partner)"]
    assert [text for _v, _s, text in form["partner_id"].options] == ["Welzijn Alfa"]
    form["weekday"], form["part"] = "1", "afternoon"
    form["person_id"] = _option(form, "person_id", "Ikzelf")
    done = form.submit(status=303).follow()
    assert "Dinsdagmiddag: Partner, Welzijn Alfa staat op het rooster." in visible_text(done)
    # next Tuesday, Ayla is away and nobody stands in
    tuesday = local_today() + timedelta(days=(1 - local_today().weekday()) % 7 or 7)
    swap = form_for(done, f"/balie/{world.shift}/ruil")
    swap[f"swap-{world.shift}-on"] = tuesday.strftime("%d-%m-%Y")
    swap[f"swap-{world.shift}-reason"] = "Vakantie"
    done = swap.submit(status=303).follow()
    text = visible_text(done)
    assert f"{tuesday:%d-%m-%Y}: niemand aan de balie voor deze dienst." in text
    assert f"{tuesday:%d-%m-%Y}: niemand (Vakantie)" in text
    ahead = text[text.index("De komende twee weken"):text.index("Het vaste rooster")]
    assert f"dinsdag {tuesday:%d-%m} middag Partner (Welzijn Alfa)" in ahead
    # a date that is not a Tuesday is refused next to the field
    swap = form_for(done, f"/balie/{world.shift}/ruil")
    swap[f"swap-{world.shift}-on"] = (tuesday + timedelta(days=1)).strftime("%d-%m-%Y")
    refused = swap.submit(status=422)
    assert_errors_visible(web, refused)
    assert "is geen dinsdag" in visible_text(refused)
    # and the swap is undone with the button next to it
    undo = form_for(refused, f"/balie/{world.shift}/herstel")
    done = undo.submit(status=303).follow()
    assert "De dienst is weer zoals op het rooster." in visible_text(done)
    with app.app_context():
        assert db.session.scalar(select(DeskSwap)) is None


def test_a_partner_cannot_touch_another_organisations_shift(web, world, app):
    from plein.programme import rota

    with app.app_context():
        other = rota.add_shift(world.model("plein"), weekday=3, part="morning", person_id=0,
                               partner_id=world.schuld, first_name="Sem",
                               by=world.user("lead"))
        db.session.commit()
        other_id = other.id
    web.login("partner")
    page = web.get(f"/p/{world.plein}/programma/balie")
    # it sees the shift, without a button for it
    assert "Sem (vrijwilliger), Schuldhulp Alfa" in visible_text(page)
    assert f"/balie/{other_id}/" not in page.text
    token = form_for(page, "/programma/balie")["csrf_token"].value
    for action in ("weg", "ruil", "herstel"):
        web.post(f"/p/{world.plein}/programma/balie/{other_id}/{action}",
                 {"csrf_token": token, f"swap-{other_id}-on": "10-12-2026",
                  "on": "10-12-2026"}, status=404)
    with app.app_context():
        assert db.session.get(DeskShift, other_id) is not None
        assert db.session.scalar(select(DeskSwap)) is None


def test_the_lead_sees_who_plans_less_than_promised_and_the_partner_its_own_figure(
        web, contract_world, app):
    from plein.agreements import service as agreements

    world = contract_world
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        agreement = agreements.agreement_of(plein)
        agreements.set_commitment(
            plein, agreement, agreements.get_party(agreement, world.welzijn_party), by=lead,
            expected_version=agreement.version_id, hours="5", hours_period="week",
            money="0", money_explanation="", knowledge="", means="", tasks="")
        agreements.publish(plein, agreement, by=lead)
        db.session.commit()
    web.login("lead")
    text = visible_text(web.get(f"/p/{world.plein}/programma/inzet")).replace("\u00ad", "")
    # 5 a week: 20 in four weeks; the weekly two-hour spreekuur gives 8 (one date of
    # it may fall on a closing day or be cancelled in the world: at most 8)
    assert "Minder gepland dan beloofd (1)" in text
    assert "Welzijn Alfa 20 uur contract: 5 uur per week" in text
    assert "Te weinig gepland" in text
    # the lead's dashboard lists it with what needs attention
    dashboard = visible_text(web.get(f"/p/{world.plein}/")).replace("\u00ad", "")
    assert "Welzijn Alfa plant" in dashboard
    assert "van de 20 beloofde uren in de komende 4 weken" in dashboard
    web.reset()
    web.login("partner")
    home = visible_text(web.get(f"/p/{world.plein}/partner"))
    assert "In het contract belooft Welzijn Alfa 5 uur per week; dat is 20 uur in 4 weken." \
        in home
    assert "uur minder dan beloofd" in home
