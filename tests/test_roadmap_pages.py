"""The stappenplan's forms, submitted as the pages render them."""

from datetime import date

import pytest
from sqlalchemy import select

from plein.accounts.models import Plein
from plein.audit import AuditEvent
from plein.extensions import db
from plein.roadmap import service
from plein.roadmap.models import ChecklistItem, ItemCompletion
from plein.roadmap.phases import Phase
from tests.conftest import HTMX
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _item_form(web, world, item_id=None):
    item_id = item_id or world.item
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{item_id}")
    return form_for(page, f"/stappenplan/punt/{item_id}")


def _item(app, item_id):
    with app.app_context():
        item = db.session.get(ChecklistItem, item_id)
        db.session.expunge(item)
        return item


def test_status_and_owner_are_saved_together(web, world, app):
    web.login("lead")
    form = _item_form(web, world)
    form["status"] = "busy"
    form["owner_id"] = str(world.team_id)
    form["due_date"] = "15-01-2027"
    page = form.submit(status=303).follow()
    assert "'Eigen punt Alfa' is opgeslagen (status: bezig)." in visible_text(page)
    item = _item(app, world.item)
    assert (item.status, item.owner_id, item.due_date) == ("busy", world.team_id,
                                                           date(2027, 1, 15))
    assert "Status: bezig" in visible_text(page)


def test_not_applicable_needs_a_reason(web, world, app):
    web.login("team")
    form = _item_form(web, world)
    form["status"], form["na_reason"] = "na", ""
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Geef kort aan waarom dit punt niet van toepassing is." in visible_text(refused)
    form = form_for(refused, f"/stappenplan/punt/{world.item}")
    form["na_reason"] = "Doen we al via de gemeente"
    page = form.submit(status=303).follow()
    item = _item(app, world.item)
    assert (item.status, item.na_reason) == ("na", "Doen we al via de gemeente")
    assert item.status_changed_by_id == world.team_id
    assert "N.v.t. gemeld door Team" in visible_text(page)


def test_an_impossible_date_never_erases_the_stored_deadline(web, world, app):
    web.login("lead")
    form = _item_form(web, world)
    form["due_date"] = "01-03-2027"
    form.submit(status=303)
    form = _item_form(web, world)
    assert form["due_date"].value == "01-03-2027"
    form["due_date"], form["evidence"] = "31-02-2026", "https://intranet.example/bewaar-mij"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Ongeldige datum." in visible_text(refused) and "bewaar-mij" in refused.text
    assert 'value="31-02-2026"' in refused.text  # what was typed stays in the field
    assert _item(app, world.item).due_date == date(2027, 3, 1)


def test_bad_input_gets_dutch_messages_and_keeps_the_text(web, world, app):
    web.login("lead")
    form = _item_form(web, world)
    form["title"], form["evidence"] = "x" * 201, "https://intranet.example/bewaar-mij"
    long_title = form.submit(status=422)
    assert_errors_visible(web, long_title)
    assert "Gebruik hoogstens 200 tekens." in visible_text(long_title)
    assert "bewaar-mij" in long_title.text
    for owner in (world.nonmember_id, world.partner_id, world.mt_id):
        form = _item_form(web, world)
        form["owner_id"].force_value(str(owner))  # not offered: a member of another kind
        refused = form.submit(status=422)
        assert_errors_visible(web, refused)
        assert service.OWNER_ROLES in visible_text(refused)
    form = _item_form(web, world)
    form["evidence"] = "javascript:alert(1)"
    bad_link = form.submit(status=422)
    assert_errors_visible(web, bad_link)
    assert "geen geldige link" in visible_text(bad_link)
    assert _item(app, world.item).evidence == ""  # nothing half-saved


def test_stale_edit_gets_409_with_both_texts(web, world, app):
    team = Web(app).login("team")
    mine = _item_form(web.login("lead"), world)
    theirs = _item_form(team, world)
    mine["evidence"], mine["owner_id"], mine["due_date"] = (
        "https://intranet.example/tekst-van-lotte", str(world.lead_id), "01-03-2027")
    mine.submit(status=303)
    theirs["evidence"], theirs["owner_id"], theirs["due_date"] = (
        "https://intranet.example/tekst-van-team", str(world.team_id), "01-04-2027")
    stale = theirs.submit(status=409)
    assert_errors_visible(web, stale)
    page = visible_text(stale)
    assert "Iemand anders heeft dit punt intussen gewijzigd" in page
    assert "tekst-van-lotte" in page and "tekst-van-team" in page
    conflict = stale.text.split('<table class="conflict">')[1].split("</table>")[0]
    assert "Lead" in conflict and "Team" in conflict
    assert "1 maart 2027" in conflict and "01-04-2027" in conflict
    stored = _item(app, world.item)
    assert stored.evidence == "https://intranet.example/tekst-van-lotte"
    # the form now carries the current version: saving again is a deliberate choice
    again = form_for(stale, f"/stappenplan/punt/{world.item}")
    assert again["version"].value == str(stored.version_id)
    again.submit(status=303)
    assert _item(app, world.item).evidence == "https://intranet.example/tekst-van-team"


def test_stale_status_keeps_the_reason(web, world, app):
    team = Web(app).login("team")
    theirs = _item_form(team, world)
    mine = _item_form(web.login("lead"), world)
    mine["status"] = "busy"
    mine.submit(status=303)
    theirs["status"], theirs["na_reason"] = "na", "Mijn zorgvuldige uitleg"
    stale = theirs.submit(status=409)
    assert_errors_visible(web, stale)
    assert 'value="Mijn zorgvuldige uitleg"' in stale.text
    assert form_for(stale, f"/stappenplan/punt/{world.item}")["version"].value == "2"


def test_stale_htmx_edit_is_retargeted_to_the_item(web, world):
    web.login("lead")
    first, second = _item_form(web, world), _item_form(web, world)
    first["evidence"] = "https://intranet.example/eerste"
    first.submit(status=303)
    second["evidence"] = "https://intranet.example/tweede"
    response = second.submit(status=409, headers=HTMX)
    assert_errors_visible(web, response)
    assert response.headers["HX-Retarget"] == f"#item-{world.item}"
    assert "<html" not in response.text


def test_a_recurring_item_marked_done_says_what_happened(web, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        item_id = next(i.id for i in service.items_of(plein, phase=Phase.ASSURANCE)
                       if i.recurrence == "monthly")
    web.login("lead")
    row = form_for(web.get(f"/p/{world.plein}/stappenplan/?fase=assurance"),
                   f"/punt/{item_id}/status")
    page = row.submit("status", value="done", status=303).follow()
    item = _item(app, item_id)
    assert item.status == "open" and item.due_date > date.today()
    text = visible_text(page)
    assert f"is gereed gemeld. Het punt staat weer open; de volgende keer is " \
           f"{item.due_date:%d-%m-%Y}." in text
    assert "is nu open" not in text
    form = _item_form(web, world, item_id)
    form["status"] = "done"
    done = visible_text(form.submit(status=303).follow())
    assert "is gereed gemeld" in done
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ItemCompletion).where(
            ItemCompletion.item_id == item_id)) == 2


def test_custom_items_add_move_delete_default_items_cannot_be_deleted(web, world, app):
    web.login("team")
    page = web.get(f"/p/{world.plein}/stappenplan/")
    form = form_for(page, "/stappenplan/punten")
    form["title"] = ""
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty)
    form = form_for(empty, "/stappenplan/punten")
    form["phase"], form["title"] = "orientation", "Tweede eigen punt"
    form.submit(status=303)
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        items = service.items_of(plein, phase="orientation")
        assert [i.title for i in items][-2:] == ["Eigen punt Alfa", "Tweede eigen punt"]
        new_id, default_id = items[-1].id, items[0].id
    page = web.get(f"/p/{world.plein}/stappenplan/")
    form_for(page, f"/punt/{new_id}/verplaatsen").submit("direction", value="up", status=303)
    with app.app_context():
        titles = [i.title for i in service.items_of(db.session.get(Plein, world.plein),
                                                    phase="orientation")]
        assert titles[-2:] == ["Tweede eigen punt", "Eigen punt Alfa"]
    item_page = web.get(f"/p/{world.plein}/stappenplan/punt/{default_id}")
    assert f"/punt/{default_id}/verwijderen" not in item_page.text  # no button offered
    form_for(web.get(f"/p/{world.plein}/stappenplan/punt/{new_id}"),
             f"/punt/{new_id}/verwijderen").submit(status=303)
    with app.app_context():
        assert db.session.get(ChecklistItem, new_id) is None
        assert db.session.get(ChecklistItem, default_id) is not None
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "item.delete")) == "Actiepunt 'Tweede eigen punt' verwijderd"


def test_going_back_needs_a_reason_and_is_logged(web, world, app):
    with app.app_context():
        db.session.get(Plein, world.plein).current_phase = "realisation"
        db.session.commit()
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/stappenplan/fase"), "/fase/terug")
    form["reason"] = " "
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty)
    form = form_for(empty, "/fase/terug")
    form["reason"] = "Locatie valt toch weg"
    form.submit(status=303)
    with app.app_context():
        assert db.session.get(Plein, world.plein).current_phase == "preparation"
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "phase.back")).endswith("Locatie valt toch weg")


def test_deleting_an_item_someone_just_changed_is_refused(web, world, app):
    from tests.forms import Web

    web.login("lead")
    delete = form_for(web.get(f"/p/{world.plein}/stappenplan/punt/{world.item}"),
                      f"/punt/{world.item}/verwijderen")
    team = Web(app).login("team")
    change = _item_form(team, world)
    change["evidence"] = "https://intranet.example/nog-hard-nodig"
    change.submit(status=303)
    refused = delete.submit(status=409)
    assert_errors_visible(web, refused)
    assert "het is niet verwijderd" in visible_text(refused)
    assert "nog-hard-nodig" in refused.text
    assert _item(app, world.item) is not None
    again = form_for(refused, f"/punt/{world.item}/verwijderen")  # seen now: may go
    again.submit(status=303)
    with app.app_context():
        assert db.session.get(ChecklistItem, world.item) is None


def test_a_method_item_cannot_be_deleted_even_by_a_crafted_form(web, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        default_id = service.items_of(plein, phase="orientation")[0].id
    web.login("team")
    form = form_for(web.get(f"/p/{world.plein}/stappenplan/punt/{world.item}"),
                    f"/punt/{world.item}/verwijderen")
    form.action = f"/p/{world.plein}/stappenplan/punt/{default_id}/verwijderen"
    form["version"] = "1"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "kun je niet verwijderen" in visible_text(refused)
    with app.app_context():
        assert db.session.get(ChecklistItem, default_id) is not None


def test_a_plein_has_an_upper_bound_of_items(web, world, app, monkeypatch):
    monkeypatch.setattr(service, "MAX_ITEMS", 48)  # the 46 defaults, 1 own item, 1 more
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/stappenplan/"), "/stappenplan/punten")
    form["title"] = "Nummer 48"
    form.submit(status=303)
    form = form_for(web.get(f"/p/{world.plein}/stappenplan/"), "/stappenplan/punten")
    form["title"] = "Eén te veel"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "48 actiepunten, het maximum" in visible_text(refused)
    assert "Eén te veel" in refused.text


def test_items_the_plan_answers_link_to_the_plan_and_say_whether_it_is_filled(web, world,
                                                                              app):
    from plein.accounts.models import User
    from plein.plan import service as plans

    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        why = next(i for i in service.items_of(plein, phase="orientation")
                   if i.default_key == "why")
        why_id = why.id
    web.login("team")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{why_id}")
    assert "Dit punt beantwoord je in het plan" in visible_text(page)
    assert "Nog leeg." in visible_text(page)
    assert "nog leeg in het plan" in visible_text(web.get(f"/p/{world.plein}/stappenplan/"))
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        plan = plans.start(plein, by=lead)
        plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="",
                     shape="", partner_ids=None, bodies={"why": "Inwoners vinden de weg niet."})
        db.session.commit()
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{why_id}")
    text = visible_text(page)
    assert "het plan: Waarom een Ontwikkelplein?" in text and "Ingevuld." in text
    # the team reads the plan (it does not edit it: that link would be a 403)
    assert page.html.select_one(".answer-link a")["href"] == f"/p/{world.plein}/plan/"
    assert "lees het daar" in text
    web.get(f"/p/{world.plein}/plan/bewerken", status=403)
    web.reset()
    web.login("lead")
    page = web.get(f"/p/{world.plein}/stappenplan/punt/{why_id}")
    assert f'href="/p/{world.plein}/plan/bewerken#section-why"' in page.text
    assert "staat in het plan" in visible_text(web.get(f"/p/{world.plein}/stappenplan/"))
