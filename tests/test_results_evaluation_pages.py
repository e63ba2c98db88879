"""The evaluation pages through the forms they render: the lead plans and records a
moment and its improvement points land on the roadmap; partners answer the
questionnaire from their home page (two users of one organisation share one answer);
who sees which answers before and after closing; every refusal with its message."""

from datetime import timedelta

import pytest

from plein.accounts import service as accounts
from plein.extensions import db
from plein.partners import service as partners
from plein.results import questionnaire
from plein.results.evaluation_models import Survey
from plein.timeutil import local_today
from tests.forms import Web, assert_errors_visible, form_for, visible_text
from tests.worlds import PASSWORD

pytestmark = pytest.mark.shared_world

TODAY = local_today()


def _tick(form, name, label):
    """Tick the checkbox of ``name`` whose label text is ``label``."""
    page = form.response
    box = next(i for i in page.html.find_all("input", attrs={"name": name})
               if i.parent.get_text(strip=True) == label)
    form.get(name, index=[f.id for f in form.fields[name]].index(box["id"])).checked = True


def _choose(form, name, label):
    for value, _selected, text in form[name].options:
        if text == label:
            form[name] = value
            return
    raise AssertionError(f"no option {label!r} for {name}")


def test_lead_records_a_moment_whose_improvement_point_lands_on_the_roadmap(web, world):
    web.login("lead")
    listing = web.get(f"/p/{world.plein}/resultaten/evaluaties")
    form = form_for(listing, "/evaluaties/nieuw")
    form["title"] = "Voorjaarsevaluatie"
    form["planned_on"] = (TODAY - timedelta(days=3)).strftime("%d-%m-%Y")
    page = form.submit(status=303).follow()
    assert "'Voorjaarsevaluatie' is gepland op" in visible_text(page)
    record = form_for(page, "/verslag")
    record["held_on"] = (TODAY - timedelta(days=2)).strftime("%d-%m-%Y")
    _tick(record, "people_ids", "Lead")
    _tick(record, "partner_ids", "Welzijn Alfa")
    record["went_well"] = "Iedereen kwam."
    page = record.submit(status=303).follow()
    text = visible_text(page)
    assert "is vastgelegd als gehouden" in text and "Iedereen kwam." in text
    assert "Van de bibliotheek Lead Partners Welzijn Alfa" in text
    point = form_for(page, "/verbeterpunten")
    point["title"] = "Wachtruimte opknappen"
    point["explanation"] = "Te weinig stoelen."
    _choose(point, "owner_id", "Team")
    point["due_date"] = (TODAY + timedelta(days=40)).strftime("%d-%m-%Y")
    page = point.submit(status=303).follow()
    text = visible_text(page)
    assert "'Wachtruimte opknappen' staat nu in het stappenplan (Borging)." in text
    assert "Wachtruimte opknappen Open Team" in text
    # on the roadmap, with a link back; its status there is what the moment shows
    item_link = page.html.find("a", string="Wachtruimte opknappen")["href"]
    item = web.get(item_link)
    assert "Te weinig stoelen." in visible_text(item)
    assert item.html.find("a", href=page.request.path) is not None
    roadmap = visible_text(web.get(f"/p/{world.plein}/stappenplan/?fase=assurance"))
    assert "Wachtruimte opknappen" in roadmap
    # the yearly item "Evalueren en verbeteren" was marked done: next time a year on
    listing = visible_text(web.get(f"/p/{world.plein}/resultaten/evaluaties"))
    held = TODAY - timedelta(days=2)
    assert "In het stappenplan: Evalueren en verbeteren" in listing
    assert f"volgende keer uiterlijk {held.replace(year=held.year + 1):%d-%m-%Y}" in listing


def test_refusals_are_shown_and_the_typing_kept(web, world):
    web.login("team")
    page = web.get(f"/p/{world.plein}/resultaten/evaluaties/{world.evaluation}")
    record = form_for(page, "/verslag")
    record["held_on"] = (TODAY + timedelta(days=1)).strftime("%d-%m-%Y")
    record["went_well"] = "Nog even wachten"
    refused = record.submit(status=422)
    assert_errors_visible(web, refused)
    assert "kies een datum tot en met vandaag" in visible_text(refused)
    assert form_for(refused, "/verslag")["went_well"].value == "Nog even wachten"
    record = form_for(refused, "/verslag")
    record["held_on"] = TODAY.strftime("%d-%m-%Y")
    refused = record.submit(status=422)
    assert "Vink aan wie er meededen" in visible_text(refused)
    # a planned moment has no points yet: the form is not even offered
    assert not [f for f in page.forms.values() if "/verbeterpunten" in (f.action or "")]


def test_an_improvement_point_needs_an_owner_and_a_deadline(web, world):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/resultaten/evaluaties/{world.evaluation}")
    record = form_for(page, "/verslag")
    record["held_on"] = TODAY.strftime("%d-%m-%Y")
    _tick(record, "people_ids", "Mt")
    page = record.submit(status=303).follow()
    point = form_for(page, "/verbeterpunten")
    point["title"] = "Folder vernieuwen"
    _choose(point, "owner_id", "Kies iemand")
    refused = point.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Dit veld is verplicht." in visible_text(refused)
    point = form_for(refused, "/verbeterpunten")
    point["due_date"] = (TODAY + timedelta(days=9)).strftime("%d-%m-%Y")
    refused = point.submit(status=422)
    assert "Kies wie het verbeterpunt oppakt." in visible_text(refused)
    assert form_for(refused, "/verbeterpunten")["title"].value == "Folder vernieuwen"


def _second_welzijn_user(app, world):
    with app.app_context():
        user = accounts.create_user("collega@test.example", "Collega Welzijn", PASSWORD)
        accounts.add_membership(world.model("plein"), user, "partner",
                                world.model("welzijn"))
        db.session.commit()


def _fill(page, score, works):
    form = form_for(page, "/vragenlijst")
    form["satisfaction"] = str(score)
    form["referral"] = "partly"
    form["works"] = works
    form["referral_note"] = "Terugbellen duurt lang."
    return form


def test_two_users_of_one_organisation_give_one_answer(app, web, world):
    _second_welzijn_user(app, world)
    web.login("partner")
    home = web.get(f"/p/{world.plein}/partner")
    link = home.html.find("a", string=lambda s: s and "vragenlijst invullen" in s)
    page = web.get(link["href"])
    assert "geen namen, e-mailadressen, telefoonnummers" in visible_text(page)
    # personal data is refused, and nothing typed is lost
    refused = _fill(page, 4, "Mevrouw belt op 06-12345678").submit(status=422)
    assert_errors_visible(web, refused)
    assert "Laat persoonsgegevens van bezoekers weg" in visible_text(refused)
    stale_form = _fill(page, 2, "Weinig")  # made before anyone answered
    saved = _fill(refused, 4, "De korte lijnen").submit(status=303).follow()
    assert "de antwoorden van Welzijn Alfa zijn opgeslagen" in visible_text(saved)
    # a colleague sees that answer, filled in, and changes it: still one answer
    colleague = Web(app).login("collega@test.example")
    page = colleague.get(link["href"])
    assert "Laatst ingevuld door Partner" in visible_text(page)
    form = form_for(page, "/vragenlijst")
    assert form["works"].value == "De korte lijnen" and form["satisfaction"].value == "4"
    form["works"] = "De korte lijnen en het spreekuur"
    form.submit(status=303)
    # the first person's old page (no answer seen) is refused, with both texts shown
    stale = stale_form.submit(status=409)
    assert_errors_visible(web, stale)
    assert "De korte lijnen en het spreekuur" in visible_text(stale)
    assert form_for(stale, "/vragenlijst")["works"].value == "Weinig"
    with app.app_context():
        answers = questionnaire.answers_of(world.model("evaluation"))
        assert [(a.partner.name, a.works) for a in answers] == [
            ("Welzijn Alfa", "De korte lijnen en het spreekuur")]


def test_who_sees_which_answers_before_and_after_closing(app, web, world):
    with app.app_context():
        moment = world.model("evaluation")
        for role, partner, works in (("partner", "welzijn", "Welzijn: korte lijnen"),
                                     ("partner2", "schuld", "Schuldhulp: vaste plek")):
            questionnaire.answer(world.model("plein"), moment, world.model(partner),
                                 by=world.user(role), expected_version=0, satisfaction=3,
                                 works=works, change="", referral="yes",
                                 referral_note="")
        db.session.commit()
    url = f"/p/{world.plein}/resultaten/evaluaties/{world.evaluation}"
    # the MT reads every answer with its organisation, and has no buttons
    web.login("mt")
    page = web.get(url)
    text = visible_text(page)
    assert "Welzijn Alfa 3 Welzijn: korte lijnen" in text
    assert "Schuldhulp Alfa 3 Schuldhulp: vaste plek" in text
    assert not [f for f in page.forms.values() if "/p/" in (f.action or "")]
    # a partner sees only its own answer while open, and not the moment's page
    web.reset()
    web.login("partner2")
    own = visible_text(web.get(url + "/vragenlijst"))
    assert "Schuldhulp: vaste plek" in own and "Welzijn" not in own
    web.get(url, status=403)
    # the lead closes; now partners see the totals without organisations
    web.reset()
    web.login("lead")
    closed = form_for(web.get(url), "/vragenlijst/sluiten").submit(status=303).follow()
    assert "De vragenlijst is gesloten" in visible_text(closed)
    web.reset()
    web.login("partner")
    # two organisations answered: each could tell who wrote the other's text
    text = visible_text(web.get(url + "/vragenlijst"))
    assert "2 organisaties gaven antwoord." in text
    assert "Bij minder dan 3 antwoorden is te raden wie wat schreef" in text
    assert "Schuldhulp: vaste plek" not in text and "gemiddeld" not in text
    with app.app_context():  # a third organisation's answer, recorded before closing
        plein, lead = world.model("plein"), world.user("lead")
        third = partners.create_partner(plein, by=lead, name="Taalhuis Alfa")
        moment = world.model("evaluation")
        moment.survey = Survey.OPEN
        questionnaire.answer(plein, moment, third, by=lead, expected_version=0,
                             satisfaction=3, works="", change="", referral="partly",
                             referral_note="")
        moment.survey = Survey.CLOSED
        db.session.commit()
    page = web.get(url + "/vragenlijst")
    text = visible_text(page)
    assert "3 organisaties gaven antwoord." in text
    assert "Alle antwoorden samen" in text and "gemiddeld 3,0 van 5" in text
    assert "Schuldhulp: vaste plek" in text  # the text, not who wrote it
    assert "Schuldhulp Alfa" not in text
    assert not [f for f in page.forms.values() if "/vragenlijst" in (f.action or "")]
