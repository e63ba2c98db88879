"""The goal pages through the forms they render: adding a measured goal and seeing its
progress, a goal from the plan's intended result, measurements by hand, every refusal
with its message, and a stale edit."""

from datetime import timedelta

import pytest

from plein.desk.models import Tally
from plein.extensions import db
from plein.programme import service as programme
from plein.timeutil import local_today
from tests.conftest import add_plan
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _choose(form, name, label):
    """Select the option of ``name`` whose text is ``label``."""
    for value, _selected, text in form[name].options:
        if text == label:
            form[name] = value
            return
    raise AssertionError(f"no option {label!r} for {name}")


def _new_goal(web, world, **values):
    page = web.get(f"/p/{world.plein}/resultaten/doelen/nieuw")
    form = form_for(page, "/doelen/nieuw")
    for name, value in values.items():
        form[name] = value
    return form


def test_lead_adds_a_measured_goal_and_sees_its_progress(app, web, world):
    today = local_today()
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        theme = programme.themes_of(plein)[0]
        for n in range(6):
            t = Tally(plein_id=plein.id, on=today - timedelta(days=n), part="morning",
                      week_of=today, month_of=(today - timedelta(days=n)).replace(day=1),
                      help="information", recorded_by_id=lead.id)
            t.themes = [theme]
            db.session.add(t)
        db.session.commit()
    web.login("lead")
    form = _new_goal(web, world, title="Meer vragen aan de balie",
                     starts_on=(today - timedelta(days=10)).strftime("%d-%m-%Y"),
                     deadline=(today + timedelta(days=355)).strftime("%d-%m-%Y"),
                     baseline="0", target="100")
    _choose(form, "source", "Contacten op het plein (geturfd)")
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert "Het doel 'Meer vragen aan de balie' is toegevoegd." in text
    assert "Nu: 6 contacten" in text and "Op koers" in text
    assert "Streefcijfer 100 contacten" in text
    assert page.html.find("svg", class_="chart-svg") is not None
    listing = visible_text(web.get(f"/p/{world.plein}/resultaten/doelen"))
    assert "Meer vragen aan de balie Op koers 6 van 100 contacten" in listing
    dashboard = visible_text(web.get(f"/p/{world.plein}/"))
    assert "Meer vragen aan de balie Op koers" in dashboard


def test_target_equal_to_baseline_is_refused_and_the_typing_kept(web, world):
    web.login("team")
    form = _new_goal(web, world, title="Even veel", baseline="12", target="12")
    _choose(form, "source", "Actieve partners (doen mee)")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "gelijk aan de nulmeting" in visible_text(refused)
    again = form_for(refused, "/doelen/nieuw")
    assert again["title"].value == "Even veel" and again["target"].value == "12"


def test_bad_numbers_and_dates_are_said_in_dutch(web, world):
    web.login("lead")
    form = _new_goal(web, world, title="Fout", baseline="veel", target="1,5",
                     deadline="31-02-2027")
    _choose(form, "source", "Zelf ingevoerde metingen")
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Vul een getal in, bijvoorbeeld 250 of 7,5." in text
    assert "Ongeldige datum" in text


def test_a_goal_from_the_plans_intended_result(app, web, world):
    with app.app_context():
        add_plan(world)
        db.session.commit()
    web.login("lead")
    page = web.get(f"/p/{world.plein}/resultaten/doelen")
    assert "Uit het plan: beoogd resultaat" in visible_text(page)
    link = next(a for a in page.html.find_all("a")
                if "Maak hier een doel van" in a.get_text())
    new = web.get(link["href"])
    form = form_for(new, "/doelen/nieuw")
    assert form["title"].value and form["why"].value.startswith("Uit het plan")


def test_a_measurement_by_hand_and_its_refusals(web, world):
    web.login("lead")
    url = f"/p/{world.plein}/resultaten/doelen/{world.goal}"
    form = form_for(web.get(url), "/metingen")
    form["value"], form["source"] = "7,5", "Bezoekersenquête"
    form["on"] = "01-06-2026"
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert "De meting van 01-06-2026 is opgeslagen." in text
    assert "7,5 Bezoekersenquête" in text
    form = form_for(page, "/metingen")
    form["value"], form["source"] = "", ""
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)


def test_a_stale_edit_is_409_with_both_versions(web, world):
    web.login("lead")
    url = f"/p/{world.plein}/resultaten/doelen/{world.goal}/bewerken"
    mine, theirs = form_for(web.get(url), "/bewerken"), form_for(web.get(url), "/bewerken")
    theirs["title"] = "Tevreden bezoekers (bijgesteld)"
    theirs.submit(status=303)
    mine["title"] = "Mijn titel"
    refused = mine.submit(status=409)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Tevreden bezoekers (bijgesteld)" in text
    assert form_for(refused, "/bewerken")["title"].value == "Mijn titel"


def test_the_mt_reads_goals_but_gets_no_forms(web, world):
    web.login("mt")
    page = web.get(f"/p/{world.plein}/resultaten/doelen/{world.goal}")
    assert "Tevreden bezoekers Alfa" in visible_text(page)
    assert not [f for f in page.forms.values() if "/metingen" in (f.action or "")]
    assert "Tevreden bezoekers Alfa" in visible_text(web.get(f"/p/{world.plein}/mt"))


def test_a_goal_says_why_it_has_no_figure(app, web, world):
    """A period without any tally says "geen gegevens", never 0; a removed theme and a
    partner that left are said on the goal's page."""
    from datetime import date

    from plein.programme.models import Theme
    from plein.results import goals

    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        theme = programme.add_named(plein, Theme, "Tijdelijk thema", by=lead)
        db.session.flush()
        common = dict(why="", kind="quantitative", owner_id=lead.id,
                      starts_on=date(2025, 1, 1), deadline=date(2025, 12, 31),
                      partner_id=0, unit="", baseline=0, target=50)
        empty = goals.create_goal(plein, by=lead, title="Leeg jaar", source="contacts",
                                  theme_id=0, **common)
        themed = goals.create_goal(plein, by=lead, title="Over een oud thema",
                                   source="contacts", theme_id=theme.id, **common)
        left = goals.create_goal(plein, by=lead, title="Met Welzijn",
                                 source="activities", theme_id=0,
                                 **{**common, "partner_id": world.welzijn})
        programme.remove_named(plein, theme, by=lead)
        world.model("welzijn").status = "stopped"
        db.session.commit()
        ids = empty.id, themed.id, left.id
    web.login("team")
    base = f"/p/{world.plein}/resultaten/doelen"
    text = visible_text(web.get(f"{base}/{ids[0]}"))
    assert "Nu: geen gegevens" in text and "Over deze periode is nog niets gemeten." in text
    assert "Geen gegevens" in text  # the standing
    assert "31-12-2025 geen gegevens" in text  # the table, month by month
    text = visible_text(web.get(f"{base}/{ids[1]}"))
    assert "Het thema 'Tijdelijk thema' is uit het programma gehaald" in text
    text = visible_text(web.get(f"{base}/{ids[2]}"))
    assert "Welzijn Alfa doet niet meer mee (gestopt)" in text
