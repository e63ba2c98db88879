"""Notes on items and partners: a dated thread (who wrote what, when) that no save
overwrites, added with its own small form."""

import pytest
from sqlalchemy import select

from plein.audit import AuditEvent
from plein.extensions import db
from plein.notes.models import NOTE_MAX, Note
from tests.conftest import HTMX
from tests.forms import Web, assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _note_form(web, page_url):
    return form_for(web.get(page_url), "/notities")


def _bodies(app, **target):
    with app.app_context():
        return [(n.author.name if n.author else None, n.body) for n in db.session.scalars(
            select(Note).filter_by(**target).order_by(Note.id))]


def test_notes_on_an_item_form_a_thread_that_no_save_overwrites(web, world, app):
    item_url = f"/p/{world.plein}/stappenplan/punt/{world.item}"
    web.login("lead")
    form = _note_form(web, item_url)
    form["body"] = "Eerst de wethouder bellen."
    page = form.submit(status=303).follow()
    assert "Je notitie staat erbij." in visible_text(page)
    team = Web(app).login("team")
    form = _note_form(team, item_url)
    form["body"] = "Gebeld: ze komt op 12 maart."
    page = visible_text(form.submit(status=303).follow())
    # both notes, oldest first, each with who wrote it
    assert "Notities (2)" in page
    first, second = page.index("Eerst de wethouder bellen."), page.index("Gebeld: ze komt")
    assert first < second
    assert "Lead ·" in page and "Team ·" in page
    # saving the item's own form leaves the thread alone
    item_form = form_for(web.get(item_url), f"/stappenplan/punt/{world.item}")
    assert "notes" not in item_form.fields
    item_form["due_date"] = "15-01-2027"
    item_form.submit(status=303)
    assert _bodies(app, item_id=world.item) == [
        ("Lead", "Eerst de wethouder bellen."), ("Team", "Gebeld: ze komt op 12 maart.")]
    # the list shows a marker; the logboek has one event per note
    assert "2 notities" in visible_text(web.get(f"/p/{world.plein}/stappenplan/"))
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "note.add")) == 2


def test_an_empty_or_too_long_note_is_refused_visibly(web, world, app):
    item_url = f"/p/{world.plein}/stappenplan/punt/{world.item}"
    web.login("team")
    form = _note_form(web, item_url)
    form["body"] = "   "
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty)
    form = form_for(empty, "/notities")
    form["body"] = "x" * (NOTE_MAX + 1)
    too_long = form.submit(status=422)
    assert_errors_visible(web, too_long)
    assert f"Gebruik hoogstens {NOTE_MAX} tekens." in visible_text(too_long)
    assert "x" * (NOTE_MAX + 1) in too_long.text  # what was typed stays
    # htmx: only the thread comes back, with the message next to the field
    form["body"] = ""
    fragment = form.submit(status=422, headers=HTMX)
    assert_errors_visible(web, fragment)
    assert fragment.text.lstrip().startswith('<section id="notities"')
    assert _bodies(app, item_id=world.item) == []


def test_htmx_note_swaps_the_thread(web, world):
    web.login("lead")
    form = _note_form(web, f"/p/{world.plein}/stappenplan/punt/{world.item}")
    form["body"] = "Via htmx"
    fragment = form.submit(status=200, headers=HTMX)
    assert fragment.text.lstrip().startswith('<section id="notities"')
    assert "Via htmx" in visible_text(fragment) and "Je notitie staat erbij." in fragment.text


def test_mt_reads_the_thread_but_gets_no_form(web, world, app):
    from plein.accounts.models import Plein, User
    from plein.notes import service as notes
    from plein.roadmap.models import ChecklistItem

    with app.app_context():
        notes.add_note(db.session.get(Plein, world.plein),
                       db.session.get(ChecklistItem, world.item), "Voor het MT zichtbaar",
                       by=db.session.get(User, world.lead_id))
        db.session.commit()
    page = web.login("mt").get(f"/p/{world.plein}/stappenplan/punt/{world.item}")
    assert "Voor het MT zichtbaar" in visible_text(page)
    assert not [f for f in page.forms.values() if (f.action or "").endswith("/notities")]


def test_partner_notes_thread_first_note_marker_and_search(web, world, app):
    web.login("lead")
    new = form_for(web.get(f"/p/{world.plein}/partners/nieuw"), "/partners/")
    new["name"], new["notes"] = "Taalhuis Alfa", "Kent de taalcoaches al."
    detail = new.submit(status=303).follow()
    assert "Kent de taalcoaches al." in visible_text(detail)
    form = form_for(detail, "/notities")
    form["body"] = "Wil op dinsdag aan de balie."
    page = visible_text(form.submit(status=303).follow())
    assert page.index("Kent de taalcoaches al.") < page.index("Wil op dinsdag")
    with app.app_context():
        partner_id = db.session.scalar(select(Note.partner_id).where(Note.body.like("Kent%")))
    assert _bodies(app, partner_id=partner_id) == [
        ("Lead", "Kent de taalcoaches al."), ("Lead", "Wil op dinsdag aan de balie.")]
    # editing the partner's details has no notes field left to overwrite
    edit = form_for(web.get(f"/p/{world.plein}/partners/{partner_id}/bewerken"),
                    f"/partners/{partner_id}")
    assert "notes" not in edit.fields
    edit["contact_name"] = "Saskia"
    edit.submit(status=303)
    assert len(_bodies(app, partner_id=partner_id)) == 2
    register = visible_text(web.get(f"/p/{world.plein}/partners/"))
    assert "Taalhuis Alfa" in register and "2 notities" in register
    found = visible_text(web.get(f"/p/{world.plein}/partners/?q=dinsdag"))
    assert "Taalhuis Alfa" in found and "Welzijn Alfa" not in found
