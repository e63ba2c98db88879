"""The programme's pages, driven through the forms they render: setting a theme on a
day-part, adding an activity and its times, changing one date, closing days; every
refusal shown next to its field."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.extensions import db
from plein.programme.models import Activity, ClosingDay, DayPart
from plein.timeutil import local_today
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _option(form, name, label):
    """The value of the option of select ``name`` whose text is ``label``."""
    field = form[name]
    return next(value for value, _sel, text in field.options if text == label)


def _new_activity(web, world, **values):
    form = form_for(web.get(f"/p/{world.plein}/programma/aanbod/nieuw"), "/programma/aanbod")
    form["title"] = values.pop("title", "Spreekuur sollicitatiebrief")
    form["kind"] = "consultation"
    form["partner_id"] = _option(form, "partner_id", values.pop("partner", "Schuldhulp Alfa"))
    form["description"] = "Hulp bij je brief en je cv."
    for name, value in values.items():
        form[name] = value
    return form


def test_the_lead_sets_a_theme_adds_a_weekly_spreekuur_and_sees_it_in_the_week(web, world,
                                                                                 app):
    web.login("lead")
    setup = form_for(web.get(f"/p/{world.plein}/programma/inrichting"), "/programma/dagdelen")
    setup["weekday"], setup["part"] = "1", "afternoon"
    setup["theme_id"] = _option(setup, "theme_id", "Werk")
    page = setup.submit(status=303).follow()
    assert "Dinsdagmiddag is opgeslagen." in visible_text(page)
    assert "13:00–17:00 Werk" in visible_text(page)

    form = _new_activity(web, world)
    werk = next(f for f in form.fields["theme_ids"] if f._value == _theme_id(app, world))
    werk.checked = True
    page = form.submit(status=303).follow()
    assert "staat in het aanbod" in visible_text(page)
    times = form_for(page, "/tijden")
    times["rule"], times["weekday"] = "weekly", "1"
    times["starts"], times["ends"] = "14:00", "15.30"
    page = times.submit(status=303).follow()
    text = visible_text(page)
    assert "Tijden toegevoegd: elke dinsdag 14:00–15:30" in text
    # in the week view: its day-part, organisation and theme; next week too
    tuesday = local_today() - timedelta(days=local_today().weekday()) + timedelta(days=8)
    week = visible_text(web.get(f"/p/{world.plein}/programma/?week={tuesday.isoformat()}"))
    tuesday_text = week[week.index("Dinsdag"):week.index("Woensdag")]
    assert tuesday_text.startswith("Dinsdag 8-12 Middag 13:00–17:00 Thema: Werk")
    assert "Spreekuur sollicitatiebrief 14:00–15:30 · Schuldhulp Alfa" in tuesday_text
    with app.app_context():
        cell = db.session.scalar(select(DayPart).where(DayPart.plein_id == world.plein))
        assert (cell.weekday, cell.part, cell.theme.name) == (1, "afternoon", "Werk")


def _theme_id(app, world):
    from plein.programme.models import Theme

    with app.app_context():
        return str(db.session.scalar(select(Theme.id).where(
            Theme.plein_id == world.plein, Theme.name == "Werk")))


def test_a_commercial_partners_activity_without_cost_is_refused_visibly(web, world, app):
    web.login("team")
    partner_form = form_for(web.get(f"/p/{world.plein}/partners/nieuw"), "/partners/")
    partner_form["name"], partner_form["kind"] = "Sollicitatiebureau BV", "commercial"
    partner_form.submit(status=303)
    form = _new_activity(web, world, title="Cv-check", partner="Sollicitatiebureau BV")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "commerciële partner" in visible_text(refused)
    form = form_for(refused, "/programma/aanbod")
    assert form["title"].value == "Cv-check"  # what was typed stays
    form["cost"] = "Eerste gesprek gratis, daarna € 25 per gesprek"
    form["is_free"] = False
    form.submit(status=303)
    with app.app_context():
        assert db.session.scalar(select(Activity.cost).where(Activity.title == "Cv-check")
                                 ).startswith("Eerste gesprek gratis")


def test_times_refuse_an_end_before_the_start_and_every_other_week_without_a_date(web,
                                                                                  world):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}")
    times = form_for(page, "/tijden")
    times["rule"], times["start_date"] = "weekly", "01-12-2026"
    times["starts"], times["ends"] = "16:00", "14:00"
    refused = times.submit(status=422)
    assert_errors_visible(web, refused)
    assert "De eindtijd ligt voor de begintijd" in visible_text(refused)
    times = form_for(refused, "/tijden")
    assert times["starts"].value == "16:00"
    times["rule"], times["start_date"], times["weekday"] = "biweekly", "", "3"
    times["starts"], times["ends"] = "10:00", "11:00"
    refused = times.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Bij 'om de week' hoort een eerste datum" in visible_text(refused)
    times = form_for(refused, "/tijden")
    times["starts"] = "25:00"
    refused = times.submit(status=422)
    assert_errors_visible(web, refused)
    assert "'25:00' is geen tijd" in visible_text(refused)


def test_one_date_is_cancelled_with_a_reason_and_restored(web, world):
    web.login("lead")
    url = f"/p/{world.plein}/programma/aanbod/{world.activity}"
    page = web.get(url)
    first = next(link for link in page.html.select("a") if link.text.startswith("Wijzigen"))
    page = web.get(first["href"])
    change = form_for(page, "/wijziging")
    picked = change["on"].value
    assert picked  # the link chose the date
    change["change"] = "cancelled"
    refused = change.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Schrijf erbij waarom het niet doorgaat" in visible_text(refused)
    change = form_for(refused, "/wijziging")
    change["reason"] = "De adviseur is op cursus"
    page = change.submit(status=303).follow()
    assert f"{picked}: vervalt." in visible_text(page)
    assert "Vervalt: De adviseur is op cursus" in visible_text(page)
    # a date on which it does not take place
    change = form_for(page, "/wijziging")
    change["on"], change["change"], change["reason"] = "02-12-2026", "cancelled", "x"
    refused = change.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Op 02-12-2026 vindt dit aanbod niet plaats" in visible_text(refused)
    undo = next(f for f in page.forms.values() if f.action.endswith("/herstel")
                and f["on"].value == picked)
    page = undo.submit(status=303).follow()
    assert "De datum gaat weer door zoals gepland." in visible_text(page)


def test_a_public_holiday_becomes_a_closing_day_and_cancels_the_day(web, world, app):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/sluitingsdagen")
    suggestion = next(f for f in page.forms.values() if "reason" in f.fields
                      and f["reason"].value == "Tweede Kerstdag")
    page = suggestion.submit(status=303).follow()
    assert "is een sluitingsdag" in visible_text(page)
    add = form_for(page, "/sluitingsdagen", index=0)
    add["on"], add["reason"] = "31-02-2027", "Studiedag"
    refused = add.submit(status=422)
    assert_errors_visible(web, refused)
    with app.app_context():
        assert "Tweede Kerstdag" in db.session.scalars(select(ClosingDay.reason)).all()
    # the world's closing day (25-12-2026) cancels its Friday... and the Tuesday spreekuur
    # on a closing Tuesday shows as cancelled in the week view
    add = form_for(page, "/sluitingsdagen", index=0)
    add["on"], add["reason"] = "29-12-2026", "Inventaris"
    add.submit(status=303)
    week = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-29"))
    assert "Gesloten: Inventaris" in week
    assert "Spreekuur Alfa 14:00–16:00 · Welzijn Alfa · Huiskamer Vervalt: Inventaris" in week


def test_readers_see_the_programme_without_edit_controls_or_warnings(web, world):
    web.login("mt")
    page = web.get(f"/p/{world.plein}/programma/?week=2026-12-07")
    text = visible_text(page)
    assert "Spreekuur Alfa" in text and "Vervalt: Ziek" in text
    assert "Aanbod toevoegen" not in text and "Let op" not in text
    assert f'href="/p/{world.plein}/programma/"' in page.text  # the menu entry
    detail = web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}")
    assert not [f for f in detail.forms.values() if "/programma" in (f.action or "")]
    web.get(f"/p/{world.plein}/programma/aanbod/nieuw", status=403)


def test_a_partner_reads_the_week_without_warnings_and_may_add_its_own_offer(web, world):
    """(Keeping its own offer: tests/test_programme_own.py.)"""
    web.login("partner")
    page = web.get(f"/p/{world.plein}/programma/?week=2026-12-07")
    text = visible_text(page)
    assert "Spreekuur Alfa" in text and "Vervalt: Ziek" in text
    assert "Let op" not in text
    assert "Aanbod toevoegen" in text
    assert f'href="/p/{world.plein}/programma/"' in page.text  # the menu entry


def test_the_lead_sees_warnings_in_the_week(web, world):
    web.login("lead")
    setup = form_for(web.get(f"/p/{world.plein}/programma/inrichting"), "/programma/dagdelen")
    setup["weekday"], setup["part"] = "3", "morning"
    setup["theme_id"] = _option(setup, "theme_id", "Taal")
    setup.submit(status=303)
    text = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-07"))
    assert "Donderdagochtend 10-12 heeft thema Taal, maar geen aanbod met dat thema." in text


def test_lists_per_theme_and_per_organisation(web, world):
    web.login("team")
    text = visible_text(web.get(f"/p/{world.plein}/programma/aanbod"))
    assert "Welzijn Alfa (1) Spreekuur Alfa Spreekuur · Welzijn Alfa · Huiskamer" in text
    text = visible_text(web.get(f"/p/{world.plein}/programma/aanbod?per=thema"))
    assert "Digitaal (1) Spreekuur Alfa" in text


def test_a_theme_in_use_is_not_removed_and_the_refusal_shows(web, world):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/programma/inrichting")
    remove = form_for(page, f"/themas/{world.theme}/weg")
    refused = remove.submit(status=422)
    assert_errors_visible(web, refused)
    rename = form_for(refused, f"/themas/{world.theme}")
    rename[f"theme-{world.theme}-name"] = "Werk"  # a name that exists
    refused = rename.submit(status=422)
    assert_errors_visible(web, refused)
    assert "'Werk' staat al in de lijst." in visible_text(refused)


def test_a_week_that_cannot_be_read_shows_this_week(web, world):
    web.login("lead")
    today = local_today()
    for week in ("nonsense", "2026-02-30", "0001-01-01"):
        text = visible_text(web.get(f"/p/{world.plein}/programma/?week={week}"))
        assert f"Week {today.isocalendar().week}:" in text
        assert "(vandaag)" in text


def test_the_roadmap_items_about_the_offer_themes_and_registration_point_to_their_pages(web, world,
                                                                             app):
    from plein.programme import links
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        items = dict(db.session.execute(select(ChecklistItem.default_key, ChecklistItem.id)
                                        .where(ChecklistItem.plein_id == world.plein,
                                               ChecklistItem.default_key.in_(
                                                   ("visible-offer", "themes",
                                                    "registration")))).all())
    web.login("team")
    offer_page = f"/p/{world.plein}/stappenplan/punt/{items['visible-offer']}"
    offer = web.get(offer_page)  # the world has an activity, but no screen yet
    assert "het programma: folder en scherm: vul het daar in . Nog leeg." in visible_text(offer)
    assert offer.html.select_one(
        f'.answer-link a[href="/p/{world.plein}/programma/folder"]')
    with app.app_context():
        links.renew(world.model("plein"), links.LinkKind.SCREEN, by=world.user("lead"))
        db.session.commit()
    assert "folder en scherm: bekijk of wijzig het daar . Ingevuld." in visible_text(
        web.get(offer_page))
    registration = web.get(f"/p/{world.plein}/stappenplan/punt/{items['registration']}")
    assert "de balie: turven en cijfers: vul het daar in . Nog leeg." in visible_text(
        registration)  # no contact counted yet
    assert registration.html.select_one(".answer-link a")["href"] == \
        f"/p/{world.plein}/balie/cijfers"
    themes = web.get(f"/p/{world.plein}/stappenplan/punt/{items['themes']}")
    assert "thema's op dagdelen: vul het daar in . Nog leeg." in visible_text(themes)
    link = themes.html.select_one(".answer-link a")["href"]
    assert link == f"/p/{world.plein}/programma/inrichting#rooster"


def test_an_activity_of_a_stopped_partner_keeps_it_and_the_lead_is_warned(web, world, app):
    from plein.partners import service as partners

    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        partners.set_status(plein, world.model("welzijn"), "stopped", by=lead, force=True)
        db.session.commit()
    web.login("lead")
    edit = form_for(web.get(f"/p/{world.plein}/programma/aanbod/{world.activity}/bewerken"),
                    f"/aanbod/{world.activity}")
    assert edit["partner_id"].value == str(world.welzijn)  # still offered as its option
    edit["description"] = "Tijdelijk, tot er een opvolger is."
    edit.submit(status=303)
    with app.app_context():
        assert db.session.get(Activity, world.activity).partner_id == world.welzijn
    text = visible_text(web.get(f"/p/{world.plein}/programma/?week=2026-12-14"))
    assert "'Spreekuur Alfa' staat op het programma, maar Welzijn Alfa is gestopt als " \
           "partner." in text
