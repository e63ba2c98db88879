"""The stappenplan page: regressions found in review (htmx status errors, stale clicks,
moving items) and the page that holds the current phase, other phases opened on demand."""

import re
from datetime import date

import pytest

from plein.accounts.models import Plein
from plein.extensions import db
from plein.roadmap import service
from plein.roadmap.models import ChecklistItem
from plein.roadmap.phases import Phase
from tests.conftest import HTMX, login, text_of

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


# -- regressions found in review ----------------------------------------------------

def test_htmx_status_errors_never_crash(client, world):
    login(client, "lead")
    url = f"/p/{world.plein}/stappenplan/punt/{world.item}/status"
    from_page = client.post(url, headers=HTMX, data={"status": "na", "version": 1})
    assert from_page.status_code == 422
    assert "Geef kort aan waarom" in text_of(from_page)
    from_row = client.post(url, headers=HTMX, data={"status": "bogus", "version": 1})
    assert from_row.status_code == 422
    assert from_row.headers["HX-Retarget"] == "#messages"
    assert "Ongeldige keuze" in text_of(from_row)


def test_form_without_version_is_refused_and_saves_nothing(client, world, app):
    login(client, "lead")
    base = f"/p/{world.plein}/stappenplan/punt/{world.item}"
    edit = client.post(base, data={"title": "Zonder versie"})
    status = client.post(base + "/status", data={"status": "done"})
    for response in (edit, status):
        assert response.status_code == 422
        assert "Dit formulier is onvolledig" in text_of(response)
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item)
        assert (item.title, item.status) == ("Eigen punt Alfa", "open")


def test_stale_one_click_shows_the_new_state_in_the_row(app, world):
    lead, team = app.test_client(), app.test_client()
    login(lead, "lead")
    login(team, "team")
    url = f"/p/{world.plein}/stappenplan/punt/{world.item}/status"
    assert lead.post(url, data={"status": "done", "version": 1}).status_code == 303
    stale = team.post(url, headers=HTMX, data={"status": "busy", "version": 1})
    assert stale.status_code == 409
    assert stale.headers["HX-Retarget"] == f"#item-{world.item}"
    body = stale.get_data(as_text=True)
    assert body.lstrip().startswith(f'<article id="item-{world.item}"')
    assert "Gereed gemeld door Lead" in text_of(stale)
    assert 'name="version" value="2"' in body  # the next click works
    assert "net gewijzigd" in body  # the message travels along


def test_status_fragment_updates_the_phase_heading_counts(client, world):
    login(client, "team")
    fragment = client.post(f"/p/{world.plein}/stappenplan/punt/{world.item}/status",
                           headers=HTMX, data={"status": "done", "version": 1})
    body = fragment.get_data(as_text=True)
    assert '<small id="count-orientation" hx-swap-oob="true">1 van 17 gereed' in body


def test_moving_items_does_not_make_other_forms_stale(app, world):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        neighbour = service.items_of(plein, phase="orientation")[-2]
        neighbour_id, version = neighbour.id, neighbour.version_id
    lead, team = app.test_client(), app.test_client()
    login(lead, "lead")
    login(team, "team")
    lead.post(f"/p/{world.plein}/stappenplan/punt/{world.item}/verplaatsen",
              data={"direction": "up"})
    response = team.post(f"/p/{world.plein}/stappenplan/punt/{neighbour_id}/status",
                         data={"status": "busy", "version": version})
    assert response.status_code == 303


def test_dashboard_shows_upcoming_even_with_many_overdue_items(client, world, app):
    with app.app_context():
        plein = db.session.get(Plein, world.plein)
        items = service.items_of(plein, phase="orientation")
        for item in items[:12]:
            item.due_date = date(2020, 1, 1)
        items[12].due_date = date(2099, 1, 1)
        db.session.commit()
        future_title = items[12].title
    login(client, "lead")
    page = text_of(client.get(f"/p/{world.plein}/"))
    assert "Te laat (12)" in page
    assert future_title in page.split("Binnenkort")[1]


def test_moving_is_hidden_while_filtering(client, world):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/stappenplan/?status=open").get_data(as_text=True)
    assert "verplaatsen" not in page
    assert "verplaatsen" in client.get(f"/p/{world.plein}/stappenplan/").get_data(as_text=True)


def _item_ids(response):
    page = response.get_data(as_text=True)
    return {int(n) for n in re.findall(r'<article id="item-(\d+)"', page)}


def _phase_ids(app, world, phase):
    with app.app_context():
        return {i.id for i in service.items_of(db.session.get(Plein, world.plein), phase=phase)}


def test_the_page_holds_the_current_phase_other_phases_come_when_opened(client, world, app):
    current = _phase_ids(app, world, Phase.ORIENTATION)
    later = _phase_ids(app, world, Phase.PREPARATION)
    login(client, "lead")
    url = f"/p/{world.plein}/stappenplan/"
    page = client.get(url)
    assert _item_ids(page) == current
    assert "De punten van Voorbereiding tonen" in text_of(page)
    assert 'hx-trigger="toggle once"' in page.get_data(as_text=True)
    # htmx, when the phase is opened: that phase's list only
    fragment = client.get(url + "?fase=preparation", headers=HTMX)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div class="item-list">')
    assert _item_ids(fragment) == later
    assert 'id="messages"' not in body  # opening a phase leaves the message area alone
    # without JavaScript the placeholder's link gives the page with that phase open too
    assert _item_ids(client.get(url + "?fase=preparation")) == current | later
    assert _item_ids(client.get(url + "?fase=onzin")) == current
    # a filter looks through every phase; "everyone" and no status filter nothing
    assert _item_ids(client.get(url + "?status=open")) == (
        current | later | _phase_ids(app, world, Phase.REALISATION)
        | _phase_ids(app, world, Phase.ASSURANCE))
    cleared = client.get(url + "?status=&owner_id=0", headers=HTMX)
    assert _item_ids(cleared) == current and "Gefilterd" not in text_of(cleared)
    assert "Eigen actiepunt toevoegen aan Voorbereiding" in text_of(cleared)
    # the progress steps open their phase without JavaScript
    assert f'href="{url}?fase=preparation#fase-preparation"' in page.get_data(as_text=True)


def test_mt_opens_a_phase_read_only(client, world, app):
    login(client, "mt")
    fragment = client.get(f"/p/{world.plein}/stappenplan/?fase=preparation", headers=HTMX)
    assert fragment.status_code == 200
    assert _item_ids(fragment) == _phase_ids(app, world, Phase.PREPARATION)
    assert "Gereed</button>" not in fragment.get_data(as_text=True)


def test_a_moved_item_of_a_closed_phase_stays_in_view(client, world, app):
    later = _phase_ids(app, world, Phase.PREPARATION)
    login(client, "team")
    moved = client.post(f"/p/{world.plein}/stappenplan/punt/{max(later)}/verplaatsen",
                        data={"direction": "up"}, headers=HTMX)
    # only that phase's list comes back: other phases the user opened stay open
    assert moved.status_code == 200
    assert moved.get_data(as_text=True).lstrip().startswith('<div class="item-list">')
    ids = re.findall(r'<article id="item-(\d+)"', moved.get_data(as_text=True))
    assert set(map(int, ids)) == later and int(ids[-2]) == max(later)  # one place up
    plain = client.post(f"/p/{world.plein}/stappenplan/punt/{max(later)}/verplaatsen",
                        data={"direction": "down"})
    assert plain.headers["Location"].endswith(f"?fase=preparation#item-{max(later)}")
    refused = client.post(f"/p/{world.plein}/stappenplan/punten",
                          data={"phase": "assurance", "title": ""})
    assert refused.status_code == 422
    assert _phase_ids(app, world, Phase.ASSURANCE) <= _item_ids(refused)
