"""Referral agreements and "Wie kan helpen bij …?": a partner keeps its own agreement
(another's is 404), the desk finds partners by theme or word with their agreement and
when they are next on the plein (from the programme, hidden offer left out)."""

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent
from plein.desk.models import ReferralAgreement
from plein.extensions import db
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _agreement_page(web, world, partner_id):
    return web.get(f"/p/{world.plein}/balie/afspraken/{partner_id}")


def test_a_partner_keeps_its_own_agreement(web, world, app):
    web.login("partner")  # Welzijn
    page = _agreement_page(web, world, world.welzijn)
    form = form_for(page, f"/afspraken/{world.welzijn}")
    refused = form.submit(status=422)  # no way chosen, no contact
    assert_errors_visible(web, refused)
    assert "Kies minstens één manier" in visible_text(refused)
    form = form_for(refused, f"/afspraken/{world.welzijn}")
    form["ways"] = ["call", "card"]
    form["contact"] = "Balie Welzijn, 0123-456789"
    form["reachable"] = "ma-vr 9-12"
    form["needs"] = "Bel mij op 0612345678"
    refused = form.submit(status=422)
    assert "zonder telefoonnummer" in visible_text(refused)
    form = form_for(refused, f"/afspraken/{world.welzijn}")
    form["needs"] = "Waar de vraag over gaat."
    done = form.submit(status=303).follow()
    assert "De doorverwijsafspraak met Welzijn Alfa is opgeslagen." in visible_text(done)
    text = visible_text(done)
    assert "Bellen, Verwijskaart meegeven" in text and "Balie Welzijn, 0123-456789" in text
    with app.app_context():
        agreement = db.session.scalar(select(ReferralAgreement))
        assert (agreement.partner_id, agreement.ways) == (world.welzijn, "call,card")
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "desk.agreement")).startswith("Doorverwijsafspraak met")
    # opened again: what is stored is in the form, the ways ticked
    again = form_for(_agreement_page(web, world, world.welzijn), f"/afspraken/{world.welzijn}")
    ticked = [box._value for box in again.fields["ways"] if box.checked]
    assert (ticked, again["contact"].value) == (["call", "card"],
                                                "Balie Welzijn, 0123-456789")
    # another organisation's agreement: not found, reading nor saving
    web.get(f"/p/{world.plein}/balie/afspraken/{world.schuld}", status=404)
    web.post(f"/p/{world.plein}/balie/afspraken/{world.schuld}",
             {"csrf_token": form_for(done, "/uitloggen")["csrf_token"].value,
              "ways": "call", "contact": "x", "version": "0"}, status=404)


def test_the_lead_keeps_any_agreement_and_a_stale_edit_is_refused(web, world, app):
    web.login("lead")
    form = form_for(_agreement_page(web, world, world.schuld), f"/afspraken/{world.schuld}")
    form["ways"] = ["walk"]
    form["contact"] = "Intake schuldhulp, 0123-000000"
    stale = form_for(_agreement_page(web, world, world.schuld), f"/afspraken/{world.schuld}")
    form.submit(status=303)
    stale["ways"] = ["mail"]
    stale["contact"] = "iets anders"
    refused = stale.submit(status=409)
    assert_errors_visible(web, refused)
    assert "Intake schuldhulp, 0123-000000" in visible_text(refused)  # what is stored now
    assert 'value="iets anders"' in refused.text  # what was typed stays


def test_who_can_help_finds_by_theme_and_word_with_the_next_time_on_the_plein(
        web, world, app):
    from tests.conftest import add_referral

    with app.app_context():
        add_referral(world)  # Welzijn's agreement; Welzijn has a weekly spreekuur
        from plein.programme.models import Theme

        theme_name = db.session.get(Theme, world.theme).name
    web.login("team")
    page = web.get(f"/p/{world.plein}/balie/wie-kan-helpen?thema={world.theme}")
    text = visible_text(page)
    assert f"1 organisatie gevonden voor {theme_name}" in text
    assert f"aanbod over {theme_name}: Spreekuur Alfa" in text
    assert "Weer op het plein:" in text and "(Spreekuur Alfa)" in text
    assert "Balie Welzijn, 0123-456789" in text and "Bellen" in text
    # a word from the agreement; a word nobody knows
    text = visible_text(web.get(f"/p/{world.plein}/balie/wie-kan-helpen?q=werkdagen"))
    assert "Welzijn Alfa" in text and "doorverwijsafspraak" in text
    text = visible_text(web.get(f"/p/{world.plein}/balie/wie-kan-helpen?q=zzzz"))
    assert "Geen organisatie gevonden" in text
    # a hidden spreekuur is no "next time" any more
    with app.app_context():
        from plein.programme import visibility

        activity = world.model("activity")
        visibility.hide(world.model("plein"), activity, "reden", by=world.user("lead"),
                        expected_version=activity.version_id)
        db.session.commit()
    text = visible_text(web.get(f"/p/{world.plein}/balie/wie-kan-helpen"))
    assert "Welzijn Alfa" in text and "de komende weken niet volgens het programma" in text
    assert "Spreekuur Alfa" not in text


def test_the_finder_answers_htmx_with_its_results_only(web, world, app):
    web.login("partner")
    page = web.get(f"/p/{world.plein}/balie/wie-kan-helpen")
    fragment = web.get(f"/p/{world.plein}/balie/wie-kan-helpen?q=alfa",
                       headers={"HX-Request": "true"})
    assert "<h1>" not in fragment.text and "Welzijn Alfa" in fragment.text
    assert len(fragment.body) < len(page.body)
    # a partner user may fill in its own organisation's agreement, not another's
    assert f"/afspraken/{world.welzijn}" in fragment.text
    assert f"/afspraken/{world.schuld}" not in fragment.text


def test_the_next_time_skips_cancelled_dates_and_what_ended_today(app, world):
    """The world's Spreekuur Alfa (Welzijn): Tuesdays 14:00-16:00 from 1 December 2026,
    8 December cancelled."""
    from datetime import date, datetime

    from plein.desk import finder

    with app.app_context():
        plein = world.model("plein")

        def next_of(now):
            [welzijn] = [h for h in finder.find(plein, now, word="welzijn")]
            return welzijn.next.on if welzijn.next else None

        assert next_of(datetime(2026, 12, 7, 9, 0)) == date(2026, 12, 15)  # 8th cancelled
        assert next_of(datetime(2026, 12, 15, 13, 0)) == date(2026, 12, 15)
        assert next_of(datetime(2026, 12, 15, 15, 59)) == date(2026, 12, 15)  # still on
        assert next_of(datetime(2026, 12, 15, 16, 0)) == date(2026, 12, 22)  # it ended


def test_the_roadmap_items_about_registration_and_referral_point_to_the_desk(web, world,
                                                                            app):
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        items = dict(db.session.execute(select(ChecklistItem.default_key, ChecklistItem.id)
                                        .where(ChecklistItem.plein_id == world.plein,
                                               ChecklistItem.default_key.in_(
                                                   ("warm-referral", "registration",
                                                    "new-offer")))).all())
    web.login("team")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{items['warm-referral']}")
    assert "Nog leeg." in visible_text(page)
    assert page.html.select_one(".answer-link a")["href"] == (
        f"/p/{world.plein}/balie/wie-kan-helpen")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{items['registration']}")
    assert page.html.select_one(".answer-link a")["href"] == f"/p/{world.plein}/balie/cijfers"
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{items['new-offer']}")
    assert page.html.select_one(".answer-link a")["href"] == f"/p/{world.plein}/#signals-title"
    with app.app_context():
        from tests.conftest import add_referral

        add_referral(world)
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{items['warm-referral']}")
    assert "Ingevuld." in visible_text(page)

