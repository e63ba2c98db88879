"""The desk tally, through the pages: a contact counted in three taps, refusals shown,
undo within the minute and not after it, per plein, per role."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from plein.audit import AuditEvent
from plein.desk.models import Tally
from plein.extensions import db
from plein.timeutil import utcnow
from tests.forms import assert_errors_visible, form_for, visible_text

pytestmark = pytest.mark.shared_world
HTMX = {"HX-Request": "true"}


def _count(app, plein_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Tally).where(
            Tally.plein_id == plein_id))


def _desk(web, world):
    return web.get(f"/p/{world.plein}/balie/")


def _tap(form, theme="Werk", helper=None, help="information", **fields):
    """Tick a theme (and a helper), fill the rest, and tap the help button."""
    for box in form.fields["theme_ids"]:
        if box._value == _value_of(form, "theme_ids", theme):
            box.checked = True
    if helper is not None:
        form["partner_id"] = _value_of(form, "partner_id", helper)
    for name, value in fields.items():
        form[name] = value
    return form.submit("help", value=help, **({"status": "*"}))


def _value_of(form, name, label):
    """The value of the checkbox or radio ``name`` whose label text is ``label``."""
    for tag in form.html.find_all("label"):
        box = tag.find("input", attrs={"name": name})
        if box is not None and tag.get_text(strip=True) == label:
            return box["value"]
    raise AssertionError(f"no option {label!r} for {name}")


def test_team_counts_a_contact_and_sees_it_with_an_undo_button(web, world, app):
    web.login("team")
    page = _desk(web, world)
    text = visible_text(page)
    assert "Vandaag geteld: 0 contacten" in text
    form = form_for(page, "/balie/turven")
    done = _tap(form, "Werk", "Welzijn Alfa", "practical", topic="Donorregistratie")
    assert done.status_int == 303
    page = done.follow()
    text = visible_text(page)
    assert "Geteld: Werk · praktische hulp · Welzijn Alfa." in text
    assert "Vandaag geteld: 1 contact" in text
    assert "Ongedaan maken" in text
    with app.app_context():
        tally = db.session.scalar(select(Tally).where(Tally.plein_id == world.plein))
        assert (tally.topic, tally.help, tally.partner.name) == (
            "donorregistratie", "practical", "Welzijn Alfa")
        assert [t.name for t in tally.themes] == ["Werk"]
    # the word is offered the next time
    assert '<option value="donorregistratie">' in _desk(web, world).text


def test_a_phone_number_or_email_in_the_topic_is_refused_and_explained(web, world, app):
    web.login("lead")
    form = form_for(_desk(web, world), "/balie/turven")
    refused = _tap(form, topic="bel 06-1234 5678")
    assert refused.status_int == 422
    assert_errors_visible(web, refused)
    assert "geen telefoonnummer" in visible_text(refused)
    assert "een turf is anoniem" in visible_text(refused)
    form = form_for(refused, "/balie/turven")
    assert form["topic"].value == "bel 06-1234 5678"  # what was typed stays
    refused = _tap(form, topic="jan@voorbeeld.nl")
    assert refused.status_int == 422
    assert "geen e-mailadres" in visible_text(refused)
    assert _count(app, world.plein) == 0


def test_no_theme_or_no_help_is_refused_with_a_message(web, world, app):
    web.login("team")
    form = form_for(_desk(web, world), "/balie/turven")
    refused = form.submit("help", value="information", status=422)
    assert_errors_visible(web, refused)
    assert "Kies minstens één thema" in visible_text(refused)
    form = form_for(refused, "/balie/turven")
    refused = _tap(form, help="")
    assert refused.status_int == 422
    assert "Kies wat er gebeurde" in visible_text(refused)
    assert _count(app, world.plein) == 0


def test_the_date_and_day_part_can_be_corrected_but_not_into_the_future(web, world, app):
    web.login("team")
    form = form_for(_desk(web, world), "/balie/turven")
    yesterday = (utcnow() - timedelta(days=1)).strftime("%d-%m-%Y")
    assert _tap(form, on=yesterday, part="evening").status_int == 303
    with app.app_context():
        tally = db.session.scalar(select(Tally).where(Tally.plein_id == world.plein))
        assert (tally.on.strftime("%d-%m-%Y"), tally.part) == (yesterday, "evening")
    form = form_for(_desk(web, world), "/balie/turven")
    future = (utcnow() + timedelta(days=3)).strftime("%d-%m-%Y")
    refused = _tap(form, on=future)
    assert refused.status_int == 422
    assert_errors_visible(web, refused)
    assert "in de toekomst" in visible_text(refused)


def test_the_htmx_answer_is_the_small_last_block(web, world, app):
    web.login("team")
    page = _desk(web, world)
    form = form_for(page, "/balie/turven")
    for box in form.fields["theme_ids"][:1]:
        box.checked = True
    answer = form.submit("help", value="referred", headers=HTMX, status=200)
    assert "<h1>" not in answer.text and "Vandaag geteld" in answer.text
    assert "Geteld:" in answer.text  # the message, out of band
    assert len(answer.body) < 0.15 * len(page.body)
    # refused: the form comes back in place of the form, the message next to the field
    form = form_for(page, "/balie/turven")
    form["topic"] = "mail mij: a@b.nl"
    refused = form.submit("help", value="information", headers=HTMX, status=422)
    assert refused.headers["HX-Retarget"] == "#desk-form"
    assert 'id="topic-error"' in refused.text and "geen e-mailadres" in refused.text
    assert 'value="mail mij: a@b.nl"' in refused.text and "<h1>" not in refused.text


def test_undo_within_the_minute_and_refused_after_it(web, world, app):
    web.login("team")
    page = _tap(form_for(_desk(web, world), "/balie/turven")).follow()
    undone = form_for(page, "/balie/ongedaan").submit(status=303).follow()
    assert "De laatste turf is ongedaan gemaakt." in visible_text(undone)
    assert _count(app, world.plein) == 0
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "desk.undo")).endswith("ongedaan gemaakt")
    # a second one, undone after more than a minute: refused, and it stays
    page = _tap(form_for(undone, "/balie/turven")).follow()
    undo = form_for(page, "/balie/ongedaan")
    with app.app_context():
        tally = db.session.scalar(select(Tally).where(Tally.plein_id == world.plein))
        tally.created_at = utcnow() - timedelta(seconds=61)
        db.session.commit()
    refused = undo.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Ongedaan maken kan tot een minuut na het turven" in visible_text(refused)
    assert _count(app, world.plein) == 1
    # and the page no longer offers it
    assert "Ongedaan maken" not in visible_text(_desk(web, world)).replace(
        "Ongedaan maken kan", "")


def test_someone_elses_tally_cannot_be_undone(web, world, app):
    web.login("team")
    _tap(form_for(_desk(web, world), "/balie/turven"))
    with app.app_context():
        tally_id = db.session.scalar(select(Tally.id).where(Tally.plein_id == world.plein))
    web.get("/inloggen")
    other = type(web)(app).login("lead")
    page = _desk(other, world)
    assert "Vandaag geteld: 1 contact" in visible_text(page)
    assert "/balie/ongedaan" not in page.text
    token = form_for(page, "/balie/turven")["csrf_token"].value
    refused = other.post(f"/p/{world.plein}/balie/ongedaan",
                         {"csrf_token": token, "tally_id": str(tally_id)}, status=422)
    assert "Alleen je eigen laatste turf" in visible_text(refused)
    assert _count(app, world.plein) == 1


def test_a_partner_user_counts_with_its_own_organisation_preselected(web, world, app):
    web.login("partner")
    page = _desk(web, world)
    form = form_for(page, "/balie/turven")
    assert form["partner_id"].value == str(world.welzijn)
    assert _tap(form).status_int == 303
    with app.app_context():
        tally = db.session.scalar(select(Tally).where(Tally.plein_id == world.plein))
        assert tally.partner_id == world.welzijn


def test_the_mt_reads_figures_but_does_not_count(web, world):
    web.login("mt")
    assert web.get(f"/p/{world.plein}/balie/", status=403)
    page = web.get(f"/p/{world.plein}/balie/cijfers")
    assert "Cijfers van de balie" in visible_text(page)
    assert "/balie/turven" not in page.text


def test_a_tally_of_another_plein_cannot_be_undone_from_this_one(web, world, app):
    """A foreign id in the hidden field: refused with a message, nothing removed."""
    from plein.desk import tally as tallies
    from plein.programme import service as programme

    with app.app_context():
        other = world.model("other")
        theme = programme.themes_of(other)[0]
        foreign = tallies.record(other, theme_ids=[theme.id], help="information",
                                 partner_id=0, topic="", by=world.user("team"))
        db.session.commit()
        foreign_id = foreign.id
    web.login("team")
    page = _desk(web, world)
    token = form_for(page, "/balie/turven")["csrf_token"].value
    refused = web.post(f"/p/{world.plein}/balie/ongedaan",
                       {"csrf_token": token, "tally_id": str(foreign_id)}, status=422)
    assert "Alleen je eigen laatste turf" in visible_text(refused)
    assert _count(app, world.other) == 1
    # and a theme of the other plein is not counted here
    refused = web.post(f"/p/{world.plein}/balie/turven", {
        "csrf_token": token, "theme_ids": str(theme_id_of_other(app, world)),
        "partner_id": "0", "help": "information"}, status=422)
    assert "Kies thema's uit de lijst" in visible_text(refused)
    assert _count(app, world.plein) == 0


def theme_id_of_other(app, world):
    from plein.programme import service as programme

    with app.app_context():
        return programme.themes_of(world.model("other"))[0].id
