"""The communication pages through the forms they render: a target group with its goal
(made into a results goal), the content calendar (month, list, buffer dates), a
partner's own items, the late items on the dashboard, monitoring, every refusal with
its message, and stale edits."""

from datetime import timedelta

import pytest

from plein.audit import AuditEvent
from plein.communication.models import Audience, CalendarItem, ChannelFigure
from plein.desk.models import Tally
from plein.extensions import db
from plein.results.models import Goal
from plein.timeutil import local_today
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world
P = "/p/{}/communicatie"


def _day(days):
    return (local_today() + timedelta(days=days)).strftime("%d-%m-%Y")


def _choose(form, name, label):
    for value, _selected, text in form[name].options:
        if text == label:
            form[name] = value
            return
    raise AssertionError(f"no option {label!r} for {name}")


def _audience_form(web, world, **values):
    form = form_for(web.get(P.format(world.plein) + "/doelgroepen/nieuw"), "/doelgroepen/nieuw")
    for name, value in values.items():
        form[name] = value
    return form


def test_lead_adds_a_target_group_and_follows_its_goal_in_the_results(app, web, world):
    web.login("lead")
    form = _audience_form(web, world, name="Jongeren in Noord", age="16 tot 23 jaar",
                          area="Noord", media_use="Instagram en TikTok",
                          goal="Weet dat het plein helpt bij een eerste baan", target="30",
                          unit="%", goal_date=_day(120), tone="Luchtig, je-vorm",
                          core_message="Hulp bij je cv? Kom langs op het plein.")
    for box in form.fields["means"]:
        box.checked = box._value in ("social", "other")
    form["means_other"] = "Jongerenwerker"
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert "De doelgroep 'Jongeren in Noord' is toegevoegd." in text
    assert "Weet dat het plein helpt bij een eerste baan: 30 % vóór" in text
    assert "Sociale media, Jongerenwerker" in text
    section = page.html.find("h3", string="Jongeren in Noord").find_parent("section")
    action = section.find("form")["action"]
    goal_form = form_for(page, action)
    done = goal_form.submit(status=303).follow()
    assert "Het doel staat nu bij de resultaten: 'Jongeren in Noord: Weet dat het plein" in (
        visible_text(done))
    with app.app_context():
        audience = db.session.scalar(db.select(Audience).where(
            Audience.name == "Jongeren in Noord"))
        goal = db.session.get(Goal, audience.results_goal_id)
        assert goal.source == "manual" and goal.target == 30 and goal.unit == "%"
    again = visible_text(web.get(P.format(world.plein)))
    assert "gevolgd bij de resultaten" in again
    printed = visible_text(web.get(P.format(world.plein) + "/afdrukken"))
    assert "Communicatieplan Plein Alfa" in printed and "Jongeren in Noord" in printed


def test_a_target_that_is_no_number_and_a_past_date_are_refused(web, world):
    web.login("team")
    form = _audience_form(web, world, name="Ouderen", goal="Komt langs", target="veel",
                          goal_date=_day(-3))
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Vul een getal in, bijvoorbeeld 250 of 7,5." in visible_text(refused)
    again = form_for(refused, "/doelgroepen/nieuw")
    assert again["name"].value == "Ouderen" and again["target"].value == "veel"
    again["target"] = "40"
    refused = again.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Die datum is al voorbij" in visible_text(refused)
    again = form_for(refused, "/doelgroepen/nieuw")
    again["goal_date"], again["target"], again["unit"] = _day(30), "140", "%"
    refused = again.submit(status=422)
    assert "Een percentage is hoogstens 100." in visible_text(refused)


def test_the_plan_names_one_responsible_person(app, web, world):
    web.login("lead")
    page = web.get(P.format(world.plein))
    assert "Er is nog niemand verantwoordelijk" in visible_text(page)
    form = form_for(page, "/communicatie")
    _choose(form, "responsible_id", "Team")
    done = form.submit(status=303).follow()
    assert "Verantwoordelijk voor de communicatieplanning: Team" in visible_text(done)
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent).where(
            AuditEvent.action == "communication.plan")) is not None


def _item_form(web, world, datum=None):
    url = P.format(world.plein) + "/kalender/nieuw" + (f"?datum={datum}" if datum else "")
    return form_for(web.get(url), "/kalender/nieuw")


def test_lead_adds_an_item_from_the_month_view(web, world):
    web.login("lead")
    month = web.get(P.format(world.plein) + "/kalender")
    day = (local_today() + timedelta(days=1))
    add = next(a for a in month.html.find_all("a", class_="comm-add")
               if day.isoformat() in a["href"]) if day.month == local_today().month else None
    form = (form_for(web.get(add["href"]), "/kalender/nieuw") if add else
            _item_form(web, world, day.isoformat()))
    assert form["on"].value == day.strftime("%d-%m-%Y")
    _choose(form, "means", "Lokale krant")
    form["channel"], form["message"] = "Wijkkrant", "Interview met de trekker"
    form["buffer_on"] = day.strftime("%d-%m-%Y")
    page = form.submit(status=303).follow()
    text = visible_text(page)
    assert f"Het item op {day:%d-%m-%Y} staat in de contentkalender." in text
    assert "Lokale krant (Wijkkrant): Interview met de trekker" in text
    listing = visible_text(web.get(P.format(world.plein) + "/kalender?weergave=lijst"))
    assert "Interview met de trekker" in listing


def test_a_buffer_after_the_date_and_a_past_date_are_refused(web, world):
    web.login("team")
    form = _item_form(web, world)
    _choose(form, "means", "Flyer")
    form["on"], form["buffer_on"], form["message"] = _day(10), _day(12), "Flyer Noord"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies een bufferdatum vóór de datum zelf" in visible_text(refused)
    again = form_for(refused, "/kalender/nieuw")
    assert again["message"].value == "Flyer Noord"
    again["on"], again["buffer_on"] = _day(-2), ""
    refused = again.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Die datum is al voorbij" in visible_text(refused)


def test_a_stale_item_edit_is_409_with_both_versions(web, world):
    web.login("lead")
    url = P.format(world.plein) + f"/kalender/{world.library_item}/bewerken"
    mine, theirs = form_for(web.get(url), "/bewerken"), form_for(web.get(url), "/bewerken")
    theirs["message"] = "Flyer (bijgesteld)"
    theirs.submit(status=303)
    mine["message"] = "Mijn flyertekst"
    refused = mine.submit(status=409)
    assert_errors_visible(web, refused)
    assert "Flyer (bijgesteld)" in visible_text(refused)
    assert form_for(refused, "/bewerken")["message"].value == "Mijn flyertekst"


def test_a_partner_sees_and_moves_on_only_its_own_items(app, web, world):
    with app.app_context():
        from tests.worlds import add_communication

        add_communication(world.model("plein"), world.user("lead"), world.model("schuld"),
                          name="Ouders Schuld")
        db.session.commit()
    web.login("partner")
    page = web.get(P.format(world.plein) + "/kalender/partner")
    text = visible_text(page)
    assert "Bericht via Welzijn Alfa" in text and "Bericht via Schuldhulp Alfa" not in text
    assert "Flyer Ouders Alfa" not in text
    form = form_for(page, f"/kalender/{world.calendar_item}/status")
    form["status"] = "published"
    done = form.submit(status=303).follow()
    assert "is nu 'verstuurd / gepubliceerd'" in visible_text(done)
    with app.app_context():
        assert db.session.get(CalendarItem, world.calendar_item).status == "published"
        other = db.session.scalar(db.select(CalendarItem).where(
            CalendarItem.message == "Bericht via Schuldhulp Alfa"))
        other_id = other.id
    token = form["csrf_token"].value
    web.post(P.format(world.plein) + f"/kalender/{other_id}/status",
             {"csrf_token": token, "status": "ready", "version": "1"}, status=404)
    web.post(P.format(world.plein) + f"/kalender/{world.library_item}/status",
             {"csrf_token": token, "status": "ready", "version": "1"}, status=404)
    with app.app_context():
        assert db.session.get(CalendarItem, other_id).status == "idea"


def test_late_items_are_on_their_owners_dashboard(app, web, world):
    today = local_today()
    with app.app_context():
        for item_id in (world.library_item, world.calendar_item):
            item = db.session.get(CalendarItem, item_id)
            item.buffer_on = today - timedelta(days=1)
            item.on = today + timedelta(days=2)
        db.session.commit()
    web.login("lead")
    dashboard = visible_text(web.get(f"/p/{world.plein}/"))
    assert "Communicatie: te laat (1)" in dashboard
    assert "Flyer: Flyer Ouders Alfa" in dashboard
    assert "Bericht via Welzijn Alfa" not in dashboard
    web.reset()
    assert "Communicatie: te laat" not in visible_text(web.login("team").get(
        f"/p/{world.plein}/"))
    web.reset()
    home = visible_text(web.login("partner").get(f"/p/{world.plein}/partner"))
    assert "Communicatie: te laat (1)" in home and "Bericht via Welzijn Alfa" in home


def test_monitoring_counts_visits_and_takes_figures_by_hand(app, web, world):
    today = local_today()
    with app.app_context():
        lead = world.user("lead")
        for _ in range(3):
            db.session.add(Tally(plein_id=world.plein, on=today, part="morning",
                                 week_of=today, month_of=today.replace(day=1),
                                 help="information", recorded_by_id=lead.id))
        db.session.commit()
    web.login("lead")
    page = web.get(P.format(world.plein) + "/monitoring")
    text = visible_text(page)
    assert f"{today:%m-%Y} 3" in text
    assert page.html.find("svg", class_="chart-svg") is not None
    form = form_for(page, "/monitoring")
    _choose(form, "metric", "Paginaweergaven van de landingspagina")
    _choose(form, "audience_id", "Ouders Alfa")
    form["value"], form["source"] = "1.250", "websitestatistiek"
    done = form.submit(status=303).follow()
    text = visible_text(done)
    assert f"Het cijfer van {today:%d-%m-%Y} is opgeslagen." in text
    assert "Paginaweergaven van de landingspagina 1.250 Ouders Alfa websitestatistiek" in text
    form = form_for(done, "/monitoring")
    form["on"], form["value"], form["source"] = _day(2), "veel", ""
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Vul een getal in" in visible_text(refused)
    form = form_for(refused, "/monitoring")
    form["value"], form["source"] = "5", "telling"
    _choose(form, "metric", "Bereik op sociale media")
    refused = form.submit(status=422)
    assert "Een cijfer ligt niet in de toekomst" in visible_text(refused)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ChannelFigure.id))) == 1


def test_the_mt_reads_the_plan_and_calendar_but_gets_no_forms(web, world):
    web.login("mt")
    for path in ("", "/kalender", "/monitoring"):
        page = web.get(P.format(world.plein) + path)
        assert not [f for f in page.forms.values()
                    if "/communicatie" in (f.action or "")], path
    assert "Ouders Alfa" in visible_text(web.get(P.format(world.plein)))


def test_the_roadmap_item_points_to_the_plan(app, web, world):
    with app.app_context():
        from plein.roadmap import service as roadmap

        item = next(i for i in roadmap.items_of(world.model("plein"))
                    if i.default_key == "communication-plan")
        item_id = item.id
    web.login("lead")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{item_id}")
    link = page.html.find("p", class_="answer-link")
    assert "communicatie: het communicatieplan" in link.get_text()
    assert link.find("a")["href"].endswith("/communicatie")
