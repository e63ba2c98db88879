"""The afwegingstabel's criteria page: adding, editing, deleting criteria and (un)locking
the weights, every form submitted as the page renders it (WebTest)."""

import pytest
from sqlalchemy import select

from plein.assessment.models import Criterion
from plein.audit import AuditEvent
from plein.extensions import db
from tests.forms import Web, assert_errors_visible, form_for, visible_text
from tests.test_assessment_pages import _score, _token

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def test_a_criterion_added_through_the_form_is_saved(web, world, app):
    """The form as rendered (hidden fields and all) must save: a version field that the
    browser sends empty broke 'Partner toevoegen' the same way."""
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/afwegingstabel/criteria"), "/criteria")
    form["title"], form["group"], form["weight"] = "Heeft een vaste contactpersoon", "fit", "3"
    form["explanation"] = "Eén aanspreekpunt."
    page = form.submit(status=303).follow()
    assert "Criterium 'Heeft een vaste contactpersoon' toegevoegd." in visible_text(page)
    with app.app_context():
        added = db.session.scalar(select(Criterion).where(
            Criterion.title == "Heeft een vaste contactpersoon"))
        assert (added.group, added.weight, added.explanation) == ("fit", 3, "Eén aanspreekpunt.")
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "criteria.create", AuditEvent.object_id == added.id))

    form = form_for(page, "/criteria")  # nothing typed: refused, with a message
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    assert "Dit veld is verplicht." in visible_text(empty)


def test_criterion_error_keeps_the_typed_text(web, world):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/afwegingstabel/criteria")
    form = form_for(page, f"/criteria/{world.criterion}")
    form["title"], form["explanation"] = "x" * 130, "mijn toelichting"
    response = form.submit(status=422)
    assert_errors_visible(web, response)
    assert "Gebruik hoogstens 120 tekens." in visible_text(response)
    body = response.text
    assert "mijn toelichting" in body and "x" * 130 in body


def test_a_criterion_edited_through_its_form_is_saved(web, world, app):
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/afwegingstabel/criteria"),
                    f"/criteria/{world.criterion}")
    form["weight"], form["title"] = "1", "Deelt onze visie"
    page = form.submit(status=303).follow()
    assert "Criterium 'Deelt onze visie' opgeslagen." in visible_text(page)
    with app.app_context():
        criterion = db.session.get(Criterion, world.criterion)
        assert (criterion.title, criterion.weight) == ("Deelt onze visie", 1)


def test_a_criterion_edit_without_its_version_says_so(web, world, app):
    """The hidden version is required on an edit and its message is shown (an edit that
    names no version would otherwise count as stale, or as 'Ongeldig getal.' unseen)."""
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/afwegingstabel/criteria"),
                    f"/criteria/{world.criterion}")
    form["version"].force_value("")
    form["title"] = "Nieuwe titel"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Dit formulier is onvolledig." in visible_text(refused)
    assert 'value="Nieuwe titel"' in refused.text
    with app.app_context():
        assert db.session.get(Criterion, world.criterion).title != "Nieuwe titel"


def test_stale_criterion_edit_shows_what_is_stored(web, world, app):
    other = Web(app).login("admin")
    url = f"/p/{world.plein}/afwegingstabel/criteria"
    mine = form_for(web.login("lead").get(url), f"/criteria/{world.criterion}")
    theirs = form_for(other.get(url), f"/criteria/{world.criterion}")
    mine["explanation"] = "van Lead"
    mine.submit(status=303)
    theirs["explanation"] = "van Admin"
    stale = theirs.submit(status=409)
    assert_errors_visible(web, stale)
    assert "van Lead" in visible_text(stale) and "van Admin" in stale.text
    form_for(stale, f"/criteria/{world.criterion}").submit(status=303)  # deliberate
    with app.app_context():
        assert db.session.get(Criterion, world.criterion).explanation == "van Admin"


def test_locked_weights_are_refused_over_http_too(web, world, app):
    _score(app, world, world.welzijn, [1])
    web.login("lead")
    page = web.get(f"/p/{world.plein}/afwegingstabel/criteria")
    assert "De gewichten liggen vast" in visible_text(page)
    form = form_for(page, f"/criteria/{world.criterion}")
    with app.app_context():
        weight = db.session.get(Criterion, world.criterion).weight
    form["weight"].force_value("1" if weight != 1 else "2")  # the page offers no choice
    response = form.submit(status=422)
    assert_errors_visible(web, response)
    assert "De gewichten liggen vast" in visible_text(response)
    team = Web(app).login("team")
    page = team.get(f"/p/{world.plein}/afwegingstabel/criteria")
    assert "Gewichten ontgrendelen" not in page.text
    team.post(f"/p/{world.plein}/afwegingstabel/gewichten/ontgrendelen",
              {"reason": "x", "csrf_token": _token(page)}, status=403)


def test_unlocking_needs_a_reason_and_is_logged(web, world, app):
    _score(app, world, world.welzijn, [1])
    web.login("lead")
    form = form_for(web.get(f"/p/{world.plein}/afwegingstabel/criteria"), "/ontgrendelen")
    empty = form.submit(status=422)
    assert_errors_visible(web, empty)
    form = form_for(empty, "/ontgrendelen")
    form["reason"] = "MT wil capaciteit zwaarder"
    page = form.submit(status=303).follow()
    assert "De gewichten kunnen weer worden aangepast." in visible_text(page)
    form = form_for(page, f"/criteria/{world.criterion}")
    form["weight"] = "3"  # now offered
    form.submit(status=303)
    page = form_for(web.get(f"/p/{world.plein}/afwegingstabel/criteria"),
                    "/vergrendelen").submit(status=303).follow()
    assert "De gewichten liggen weer vast." in visible_text(page)
    with app.app_context():
        assert db.session.get(Criterion, world.criterion).weight == 3
        log = db.session.scalars(select(AuditEvent.summary)).all()
        assert "Gewichten ontgrendeld: MT wil capaciteit zwaarder" in log


def test_a_criterion_is_deleted_through_its_confirm_button(web, world, app):
    web.login("lead")
    page = web.get(f"/p/{world.plein}/afwegingstabel/criteria")
    done = form_for(page, f"/criteria/{world.criterion}/verwijderen").submit(status=303)
    assert "verwijderd." in visible_text(done.follow())
    with app.app_context():
        assert db.session.get(Criterion, world.criterion) is None


def test_deleting_a_criterion_someone_just_changed_is_refused(web, world, app):
    """Finding 13: a delete carries the version the person saw; a criterion changed since
    is not deleted unseen (409), and the page then offers the delete of what is stored."""
    url = f"/p/{world.plein}/afwegingstabel/criteria"
    delete = form_for(web.login("lead").get(url), f"/criteria/{world.criterion}/verwijderen")
    other = Web(app).login("admin")
    edit = form_for(other.get(url), f"/criteria/{world.criterion}")
    edit["explanation"] = "Net aangescherpt door de beheerder"
    edit.submit(status=303)
    refused = delete.submit(status=409)
    assert_errors_visible(web, refused)
    assert "het is niet verwijderd" in visible_text(refused)
    assert "Net aangescherpt door de beheerder" in refused.text
    with app.app_context():
        assert db.session.get(Criterion, world.criterion) is not None
    form_for(refused, f"/criteria/{world.criterion}/verwijderen").submit(status=303)
    with app.app_context():
        assert db.session.get(Criterion, world.criterion) is None


def test_two_people_delete_the_same_criterion(web, world, app):
    """The second of two deletes from the same page finds nothing to delete: 404, and
    the log holds one deletion."""
    url = f"/p/{world.plein}/afwegingstabel/criteria"
    mine = form_for(web.login("lead").get(url), f"/criteria/{world.criterion}/verwijderen")
    theirs = form_for(Web(app).login("admin").get(url),
                      f"/criteria/{world.criterion}/verwijderen")
    mine.submit(status=303)
    gone = theirs.submit(status=404)
    assert "niet gevonden" in visible_text(gone).lower()
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent.id).where(
            AuditEvent.action == "criteria.delete")).all()) == 1
