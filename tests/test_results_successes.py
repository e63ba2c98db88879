"""Success stories (issue 19 point 4): what the service refuses (personal data, a date
to come, a partner's story without its own organisation), the collector and the
recurring checklist item that reminds them, the pages through the forms they render
(every refusal with its message, a stale edit), who sees which stories, and the
shareable ones on the public programme page."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from plein.errors import ServiceError
from plein.extensions import db
from plein.programme import links
from plein.programme.links import LinkKind
from plein.results import successes
from plein.results.success_models import SuccessStory
from plein.roadmap import service as roadmap
from tests.forms import Web, assert_errors_visible, form_for, visible_text
from tests.worlds import add_story

pytestmark = pytest.mark.shared_world
TODAY = date(2026, 12, 1)


def _story(world, **changes):
    fields = {"title": "Samen opgelost", "story": "De balie en Welzijn hielpen samen.",
              "happened_on": TODAY, "partner_ids": [world.welzijn], "shareable": False,
              "today": TODAY, **changes}
    return successes.create_story(world.model("plein"), by=world.user("team"), **fields)


@pytest.mark.parametrize(("field", "text", "said"), [
    ("story", "Bel haar terug op 06-1234 5678 voor een afspraak.", "telefoonnummer"),
    ("story", "Mail naar jan.jansen@example.org als het lukt.", "e-mailadres"),
    ("title", "Geholpen: +31 (0)20 123 45 67", "telefoonnummer"),
])
def test_personal_data_in_a_story_is_refused(app, world, field, text, said):
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _story(world, **{field: text})
        assert refused.value.field == field and said in str(refused.value)
        assert "zonder naam of contactgegevens" in str(refused.value)


def test_what_else_a_story_needs(app, world):
    with app.app_context():
        with pytest.raises(ServiceError, match="nog moet gebeuren"):
            _story(world, happened_on=TODAY + timedelta(days=1))
        with pytest.raises(ServiceError, match="Kies organisaties uit de lijst"):
            _story(world, partner_ids=[world.welzijn, 999_999])
        with pytest.raises(ServiceError, match="Vertel wat er gebeurde"):
            _story(world, story="   ")
        # a partner user's story is about its own organisation
        with pytest.raises(ServiceError, match="vink je eigen organisatie aan"):
            _story(world, partner_ids=[world.schuld], organisation=world.model("welzijn"))
        story = _story(world, title="Eerste keer samen", happened_on=TODAY,
                       partner_ids=[world.schuld, world.welzijn], shareable=True)
        assert [p.name for p in story.partners] == ["Schuldhulp Alfa", "Welzijn Alfa"]
        assert story.shareable
        # a partner's story stays inside the network until the library shares it
        own = _story(world, title="Van Welzijn", partner_ids=[world.welzijn],
                     organisation=world.model("welzijn"), shareable=True)
        assert own.shareable is False


def test_the_collector_owns_one_recurring_item_that_changes_hands(app, world):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        assert successes.collector(plein) is None
        item = successes.set_collector(plein, world.team_id, by=lead, today=TODAY)
        assert (item.phase, item.recurrence, item.owner_id) == ("assurance", "monthly",
                                                                world.team_id)
        assert item.due_date == date(2027, 1, 1) and item.title == "Succesverhalen verzamelen"
        successes.set_collector(plein, world.lead_id, by=lead, today=TODAY)
        db.session.commit()
        assert roadmap.items_from(plein, "successes:collect") == [item]
        assert item.owner_id == world.lead_id and successes.collector(plein).id == world.lead_id
        with pytest.raises(ServiceError, match="Kies wie de verhalen verzamelt"):
            successes.set_collector(plein, world.mt_id, by=lead)  # MT owns no items


def _tick(form, *ids):
    """Tick exactly these organisations."""
    for box in form.fields["partner_ids"]:
        box.checked = box._value in {str(i) for i in ids}


def _ticked(form):
    return [box._value for box in form.fields["partner_ids"] if box.checked]


def _new(web, world):
    return form_for(web.get(f"/p/{world.plein}/resultaten/succesverhalen/nieuw"), "/nieuw")


def test_a_team_member_writes_a_story_and_a_phone_number_is_refused(web, world, app):
    web.login("team")
    form = _new(web, world)
    page_text = visible_text(web.get(f"/p/{world.plein}/resultaten/succesverhalen/nieuw"))
    assert "Geen gegevens van bezoekers." in page_text
    form["title"] = "Formulier in één keer goed"
    form["story"] = "Mevrouw belt terug op 0612345678 als het gelukt is."
    _tick(form, world.welzijn)
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "mag geen telefoonnummer (of ander lang nummer) bevatten" in visible_text(refused)
    again = form_for(refused, "/nieuw")
    assert again["title"].value == "Formulier in één keer goed"  # nothing typed is lost
    again["story"] = "Samen met Welzijn is het formulier in één keer goed ingevuld."
    again["shareable"] = True
    done = again.submit(status=303).follow()
    text = visible_text(done)
    assert "Het verhaal 'Formulier in één keer goed' is opgeslagen." in text
    assert "met Welzijn Alfa · geschreven door Team" in text
    assert "Mag gedeeld worden buiten het netwerk" in text
    with app.app_context():
        story = db.session.scalar(select(SuccessStory).where(
            SuccessStory.title == "Formulier in één keer goed"))
        assert story.shareable and story.written_by_id == world.team_id


def test_a_partner_adds_a_story_of_its_own_organisation_and_sees_only_those(web, world,
                                                                            app):
    with app.app_context():
        add_story(world.model("plein"), world.user("lead"), world.model("schuld"),
                  title="Alleen Schuldhulp")
        db.session.commit()
    web.login("partner")
    form = _new(web, world)
    assert _ticked(form) == [str(world.welzijn)]  # its own, ticked
    form["title"] = "Taalvraag opgelost"
    form["story"] = "Een vraag over een brief werd dezelfde middag beantwoord."
    _tick(form, world.schuld)
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "vink je eigen organisatie aan" in visible_text(refused)
    again = form_for(refused, "/nieuw")
    _tick(again, world.welzijn, world.schuld)
    text = visible_text(again.submit(status=303).follow())
    assert "Taalvraag opgelost" in text and "Samen geholpen Alfa" in text
    assert "Alleen Schuldhulp" not in text  # Welzijn is not in that one
    assert "Wijzigen" not in text  # library staff edit
    web.get(f"/p/{world.plein}/resultaten/succesverhalen/{world.story}/bewerken", status=403)


def test_a_stale_edit_is_refused_and_both_versions_shown(web, world):
    web.login("lead")
    url = f"/p/{world.plein}/resultaten/succesverhalen/{world.story}/bewerken"
    first, second = form_for(web.get(url), "/bewerken"), form_for(web.get(url), "/bewerken")
    first["title"] = "Eerst opgeslagen"
    first.submit(status=303)
    second["title"] = "Later getypt"
    stale = second.submit(status=409)
    assert_errors_visible(web, stale)
    text = visible_text(stale)
    assert "Iemand anders heeft dit verhaal intussen gewijzigd." in text
    assert "Eerst opgeslagen" in text
    assert form_for(stale, "/bewerken")["title"].value == "Later getypt"


def test_the_lead_chooses_the_collector_on_the_page(web, world, app):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/resultaten/succesverhalen")
    assert "Nog niemand." in visible_text(page)
    form = form_for(page, "/verzamelaar")
    form["owner_id"] = "0"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Kies wie de verhalen verzamelt" in visible_text(refused)
    again = form_for(refused, "/verzamelaar")
    again["owner_id"] = str(world.team_id)
    text = visible_text(again.submit(status=303).follow())
    assert "Team verzamelt voortaan de succesverhalen" in text
    assert "Team verzamelt de verhalen." in text
    with app.app_context():
        (item,) = roadmap.items_from(world.model("plein"), "successes:collect")
        assert item.owner_id == world.team_id and item.recurrence == "monthly"
    # the MT reads who collects, but does not choose or write
    mt_page = Web(app).login("mt").get(f"/p/{world.plein}/resultaten/succesverhalen")
    assert "Team verzamelt de verhalen." in visible_text(mt_page)
    assert "/verzamelaar" not in mt_page.text and "/nieuw" not in mt_page.text


def test_shareable_stories_show_escaped_on_the_public_page(client, world, app):
    with app.app_context():
        plein = world.model("plein")
        add_story(plein, world.user("team"), world.model("welzijn"),
                  title="<script>alert(1)</script> Gedeeld", shareable=True)
        add_story(plein, world.user("team"), world.model("welzijn"), title="Binnenskamers")
        _link, token = links.renew(plein, LinkKind.PUBLIC, by=world.user("lead"))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(SuccessStory)) >= 3
    page = client.get(f"/programma/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Wat goed ging op het plein" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gedeeld" in body and "<script>" not in body
    assert "met Welzijn Alfa" in body
    assert "Binnenskamers" not in body and "Samen geholpen Alfa" not in body


def test_no_shareable_story_no_section(client, world, app):
    with app.app_context():
        _link, token = links.renew(world.model("plein"), LinkKind.PUBLIC,
                                   by=world.user("lead"))
        db.session.commit()
    assert "Wat goed ging" not in client.get(f"/programma/{token}").get_data(as_text=True)

