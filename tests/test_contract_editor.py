"""The contract editor's forms, submitted as the page renders them."""

import pytest

from plein.agreements.models import AgreementSection
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _draft(web, world):
    return web.get(f"/p/{world.plein}/contract/concept")


def test_sections_are_saved_through_the_rendered_form(web, contract_world, app):
    world = contract_world
    form = form_for(_draft(web.login("lead"), world), "/contract/concept")
    form["section-term"] = "Een jaar, vanaf 1 maart 2027; daarna elk jaar evalueren."
    page = form.submit(status=303).follow()
    assert "Concept opgeslagen." in visible_text(page)
    with app.app_context():
        term = db.session.scalars(db.select(AgreementSection).where(
            AgreementSection.key == "term")).one()
        assert term.body.startswith("Een jaar, vanaf 1 maart 2027")
    again = form_for(page, "/contract/concept").submit(status=303).follow()
    assert "Er was niets gewijzigd." in visible_text(again)


def test_too_long_section_is_refused_at_the_top_and_kept(web, contract_world):
    world = contract_world
    form = form_for(_draft(web.login("lead"), world), "/contract/concept")
    form["section-term"] = "x" * 20_001
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Gebruik hoogstens 20000 tekens." in visible_text(refused)
    assert "x" * 20_001 in refused.text
    assert 'href="#section-term"' in refused.text.split('class="error-summary"')[1]


def test_stale_section_save_shows_the_stored_text_next_to_yours(web, contract_world, app):
    world = contract_world
    team = Web(app).login("team")
    mine = form_for(_draft(web.login("lead"), world), "/contract/concept")
    publish = form_for(_draft(web, world), "/publiceren")
    theirs = form_for(_draft(team, world), "/contract/concept")
    theirs["section-term"] = "TEKST VAN TEAM"
    theirs.submit(status=303)
    mine["section-term"] = "TEKST VAN LEAD"
    stale = mine.submit(status=409)
    assert_errors_visible(web, stale)
    assert "TEKST VAN LEAD" in stale.text and "TEKST VAN TEAM" in stale.text
    assert "Nu opgeslagen (door iemand anders gewijzigd)" in visible_text(stale)
    publish["confirmed"] = True
    refused = publish.submit(status=409)
    assert "gewijzigd nadat je deze pagina opende" in visible_text(refused)
    # the form now carries the current version: saving again is deliberate
    form_for(stale, "/contract/concept").submit(status=303)
    with app.app_context():
        assert db.session.scalars(db.select(AgreementSection.body).where(
            AgreementSection.key == "term")).one() == "TEKST VAN LEAD"


def test_absurd_commitment_is_refused_and_kept(web, contract_world):
    world = contract_world
    action = f"/contract/partijen/{world.welzijn_party}"
    form = form_for(_draft(web.login("team"), world), action)
    form["hours"], form["hours_period"], form["money"] = "500", "week", "-5"
    form["tasks"] = "mijn taken"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "onwaarschijnlijk veel" in visible_text(refused)
    assert "mijn taken" in refused.text
    saved = form_for(refused, action)
    saved["hours"], saved["money"] = "4", "250"
    saved["money_explanation"] = ""
    no_reason = saved.submit(status=422)
    assert_errors_visible(web, no_reason)
    assert 'href="#money_explanation-' in no_reason.text  # the summary links to the field
    saved = form_for(no_reason, action)
    saved["money_explanation"] = "Koffie en drukwerk"
    page = saved.submit(status=303).follow()
    assert "Inbreng van Welzijn Alfa opgeslagen." in visible_text(page)


# -- parties and starting: through save(), each safe against a second person ------------

def _count(app, model, **where):
    with app.app_context():
        query = db.select(db.func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_starting_the_contract_twice_makes_one_draft(web, contract_world, app):
    """Finding 13, shown safe: two people press 'Contract starten' on pages opened at the
    same time; both land on the one draft, made and logged once."""
    from plein.agreements.models import Agreement
    from plein.audit import AuditEvent

    world = contract_world
    page = web.login("lead_b").get(f"/p/{world.other}/contract/")
    first, second = (form_for(page, "/contract/starten") for _ in range(2))
    done = first.submit(status=303).follow()
    assert "Het concept staat klaar" in visible_text(done)
    again = second.submit(status=303).follow()
    assert "Afspraken" in visible_text(again)
    assert _count(app, Agreement, plein_id=world.other) == 1
    assert _count(app, AuditEvent, action="agreement.start", plein_id=world.other) == 1


def test_a_party_is_added_through_the_form_with_confirmation(web, contract_world, app):
    world = contract_world
    form = form_for(_draft(web.login("lead"), world), "/contract/partijen")
    refused = form.submit(status=422)  # nobody chosen
    assert_errors_visible(web, refused)
    assert "Kies een partnerorganisatie uit het register." in visible_text(refused)
    form = form_for(refused, "/contract/partijen")
    form["partner_id"] = str(world.schuld)
    asked = form.submit(status=422)
    assert_errors_visible(web, asked)
    assert "geen ‘ja’ besloten" in visible_text(asked)
    confirm = form_for(asked, "/contract/partijen")
    confirm["confirmed"] = True
    page = confirm.submit(status=303).follow()
    assert "Schuldhulp Alfa is partij in het concept." in visible_text(page)


def test_the_same_party_added_from_two_pages_is_added_once(web, contract_world, app):
    """Finding 13, shown safe: adding overwrites nothing; the second add of the same
    partner is refused next to the field."""
    from plein.agreements.models import Party

    world = contract_world
    web.login("lead")
    forms = []
    for _tab in range(2):  # each tab chooses Schuldhulp and is asked to confirm
        form = form_for(_draft(web, world), "/contract/partijen")
        form["partner_id"] = str(world.schuld)
        forms.append(form_for(form.submit(status=422), "/contract/partijen"))
        forms[-1]["confirmed"] = True
    forms[0].submit(status=303)
    refused = forms[1].submit(status=422)
    assert_errors_visible(web, refused)
    assert "Schuldhulp Alfa is al partij in het contract." in visible_text(refused)
    assert _count(app, Party, partner_id=world.schuld) == 1


def _fill_inbreng(web, world, tasks):
    form = form_for(_draft(web, world), f"/contract/partijen/{world.welzijn_party}")
    form["hours"], form["hours_period"], form["tasks"] = "6", "week", tasks
    form.submit(status=303)


def test_removing_a_party_whose_inbreng_just_changed_is_refused(web, contract_world, app):
    """Finding 13: the remove button carries the draft's version as shown; after someone
    filled in that party's inbreng it is refused (409) and the inbreng is on the page."""
    from plein.agreements.models import Party

    world = contract_world
    remove = form_for(_draft(web.login("lead"), world),
                      f"/contract/partijen/{world.welzijn_party}/verwijderen")
    _fill_inbreng(Web(app).login("team"), world, "Spreekuur op dinsdag")
    refused = remove.submit(status=409)
    assert_errors_visible(web, refused)
    assert "Welzijn Alfa is nog partij" in visible_text(refused)
    assert "Spreekuur op dinsdag" in refused.text
    assert _count(app, Party, id=world.welzijn_party) == 1
    page = form_for(refused, f"/contract/partijen/{world.welzijn_party}/verwijderen").submit(
        status=303).follow()
    assert "Welzijn Alfa is geen partij meer in het concept." in visible_text(page)
    assert _count(app, Party, id=world.welzijn_party) == 0


def test_a_party_removed_twice_is_gone_the_second_time(web, contract_world, app):
    world = contract_world
    page = _draft(web.login("lead"), world)
    action = f"/contract/partijen/{world.welzijn_party}/verwijderen"
    first, second = (form_for(page, action) for _ in range(2))
    first.submit(status=303)
    gone = second.submit(status=404)
    assert "niet gevonden" in visible_text(gone).lower()


def test_a_contract_has_an_upper_bound_of_parties(web, contract_world, app, monkeypatch):
    """Finding 14: at the limit the add form says so next to the field (and at the top)."""
    from plein.agreements import drafting
    from plein.agreements.models import Party

    world = contract_world
    monkeypatch.setattr(drafting, "MAX_PARTIES", 2)  # the library and Welzijn are parties
    form = form_for(_draft(web.login("lead"), world), "/contract/partijen")
    form["partner_id"] = str(world.schuld)
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Het contract heeft 2 partijen, het maximum." in visible_text(refused)
    assert 'id="partner_id-error"' in refused.text  # next to the field too
    assert _count(app, Party, partner_id=world.schuld) == 0
