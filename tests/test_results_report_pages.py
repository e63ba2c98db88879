"""The voortgangsrapportage through the forms its pages render: the lead starts, writes
and publishes a report, the MT reads it on its overview and comments; editing a
published version is refused with the way out; partners read published versions only."""

import pytest

from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world


def _base(world):
    return f"/p/{world.plein}/resultaten/rapportages"


def test_lead_publishes_a_report_and_the_mt_reads_and_comments(app, web, report_world):
    world = report_world  # version 1 over July-September, a draft over October-December
    web.login("lead")
    listing = web.get(_base(world))
    assert "Er ligt een concept over de periode 01-10-2026 (kwartaal)." in visible_text(
        listing)
    draft = listing.click("Werk het concept bij")
    form = form_for(draft, f"/concept/{world.report}")
    form["text_goals"] = "De doelen over contacten liggen op koers."
    form["text_partners"] = "Welzijn Alfa tekende het contract."
    draft = form.submit(status=303).follow()
    assert "Het concept is opgeslagen." in visible_text(draft)
    assert "De doelen over contacten liggen op koers." in visible_text(draft)  # preview
    page = form_for(draft, "/publiceren").submit(status=303).follow()
    text = visible_text(page)
    assert "Versie 2 is gepubliceerd." in text
    assert "Voortgangsrapportage Plein Alfa, versie 2" in text
    assert "Kwartaal: 01-10-2026 tot en met 31-12-2026" in text
    assert "Welzijn Alfa tekende het contract." in text and "Vingerafdruk (SHA-256)" in text
    assert "Tevreden bezoekers Alfa" in text  # the world's goal, with its standing

    mt = Web(app).login("mt")
    overview = visible_text(mt.get(f"/p/{world.plein}/mt"))
    assert "Versie 2: kwartaal 01-10-2026 tot en met 31-12-2026" in overview
    version = mt.get(f"{_base(world)}/2")
    assert "Nieuwe versie maken" not in visible_text(version)  # the lead's, not the MT's
    form = form_for(version, "/2/reacties")
    form["body"] = "Wat verklaart de geldvragen?"
    page = form.submit(status=303).follow()
    assert "Je reactie is geplaatst." in visible_text(page)
    assert "Mt" in visible_text(page) and "Wat verklaart de geldvragen?" in visible_text(page)
    refused = form_for(page, "/2/reacties").submit(status=422)
    assert_errors_visible(web, refused)  # (the hook of `web` hears every request)
    answer = form_for(web.get(f"{_base(world)}/2"), "/2/reacties")
    answer["body"] = "Het spreekuur begon pas in november."
    assert "Het spreekuur begon pas in november." in visible_text(
        answer.submit(status=303).follow())
    printed = visible_text(mt.get(f"{_base(world)}/2/afdrukken"))
    assert "De doelen over contacten liggen op koers." in printed
    assert "Wat verklaart de geldvragen?" not in printed  # the thread is not on paper
    assert mt.get(f"{_base(world)}/2/pdf").content_type == "application/pdf"


def test_a_bad_period_is_refused_with_its_message(web, report_world):
    world = report_world
    web.login("lead")
    draft = web.get(f"{_base(world)}/concept/{world.report}")
    form_for(draft, "/publiceren").submit(status=303)
    form = form_for(web.get(_base(world)), "/rapportages/nieuw")
    form["starts_on"] = "15-07-2026"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Een periode begint op de eerste van een maand" in visible_text(refused)


def test_editing_a_published_version_is_refused_and_a_new_version_offered(web, report_world):
    world = report_world
    web.login("lead")
    draft = web.get(f"{_base(world)}/concept/{world.report}")
    stale = form_for(draft, f"/concept/{world.report}")
    form_for(draft, "/publiceren").submit(status=303)  # published in another tab
    stale["text_programme"] = "Nog een zin."
    refused = stale.submit(status=422)
    assert_errors_visible(web, refused)
    assert ("Versie 2 van de rapportage is gepubliceerd en verandert niet meer. Wil je iets "
            "aanpassen? Maak een nieuwe versie.") in visible_text(refused)
    again = web.get(f"{_base(world)}/concept/{world.report}").follow()  # to the version
    assert "Versie 2 van de rapportage is gepubliceerd" in visible_text(again)
    new = form_for(again, "/2/nieuwe-versie").submit(status=303).follow()
    assert "Een nieuw concept is begonnen op basis van versie 2." in visible_text(new)
    assert "Concept Alfa" in visible_text(new)  # the published texts to start from


def test_a_stale_draft_edit_shows_both_texts(web, report_world):
    world = report_world
    web.login("lead")
    draft = web.get(f"{_base(world)}/concept/{world.report}")
    first, second = (form_for(draft, f"/concept/{world.report}") for _ in range(2))
    first["text_goals"] = "Eerste tab."
    first.submit(status=303)
    second["text_goals"] = "Tweede tab."
    refused = second.submit(status=409)
    assert_errors_visible(web, refused)
    text = visible_text(refused)
    assert "Nu opgeslagen" in text and "Eerste tab." in text and "Tweede tab." in text


def test_partners_and_the_team_read_published_versions_only(web, report_world):
    world = report_world
    web.login("partner")
    home = web.get(f"/p/{world.plein}/partner")
    assert "Rapportages" in visible_text(home) and "Versie 1: kwartaal" in visible_text(home)
    listing = visible_text(web.get(_base(world)))
    assert "Versie 1" in listing and "Opstellen" not in listing and "concept" not in listing
    version = web.get(f"{_base(world)}/1")
    assert "Doelen Alfa liggen op koers." in visible_text(version)
    assert not [f for f in version.forms.values() if "reacties" in (f.action or "")]
    # the MT's thread with the lead is theirs; the counts hide small cells ("< 5")
    assert "Reacties" not in visible_text(version)
    assert "Warme doorverwijzingen < 5" in visible_text(version)
    assert "Concept Alfa" not in version.text
    web.get(f"{_base(world)}/concept/{world.report}", status=403)
    web.get(f"{_base(world)}/2", status=404)
    assert web.get(f"{_base(world)}/1/afdrukken").status_int == 200
