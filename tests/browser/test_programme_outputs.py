"""The lead puts the programme out into the world: the folder in print preview (A4), a
link for the TV screen opened at 1920 × 1080, the public page switched on, and their own
calendar link; every page axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_small_screens import PHONE, assert_fits

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set

A4 = {"width": 794, "height": 1123}  # 210 × 297 mm at 96 dpi
TV = {"width": 1920, "height": 1080}


def _made_link(page):
    link = page.locator("#new-link").input_value()
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _cancel_the_next_date(live_app, plein_id):
    """A partner calls in sick for the next activity the screen shows (as the programme's
    own service records it)."""
    from datetime import timedelta

    from plein.accounts import service as accounts
    from plein.accounts.models import Plein
    from plein.extensions import db
    from plein.programme import activities as offer
    from plein.programme import outputs
    from plein.timeutil import local_today

    with live_app.app_context():
        plein = db.session.get(Plein, plein_id)
        today = local_today()
        found, _closed = outputs.public_occurrences(plein, today + timedelta(days=1),
                                                    today + timedelta(days=7))
        item = next(o for o in found if not o.cancelled)
        offer.change_date(plein, item.activity, on=item.original, change="cancelled",
                          reason="De begeleider is ziek.", new_date=None, new_starts=None,
                          new_ends=None, person="",
                          by=accounts.user_by_email("lead@lindeburg.example"))
        db.session.commit()
        title = item.activity.title
        db.session.remove()
    return title


def test_lead_prints_the_folder_and_opens_the_screen_and_public_page(visitor, demo_data,
                                                                       live_app):
    v = visitor("uitvoer")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/programma/")
    tabs = page.get_by_role("navigation", name="Programma")
    tabs.get_by_role("link", name="Folder").click()
    expect(page.locator(".folder-period")).to_contain_text("tot en met")
    expect(page.locator(".folder")).to_contain_text("afgedrukt op")
    v.check("folder-1280")
    page.get_by_label("Per thema").check()
    page.get_by_role("button", name="Toon").click()
    expect(page.locator(".folder-theme").first).to_be_visible()
    v.check("folder-thema")
    page.set_viewport_size(PHONE)
    assert_fits(v)
    v.check("folder-390")
    page.get_by_label("Per dag").check()
    page.get_by_role("button", name="Toon").click()
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".folder-choice")).to_be_hidden()
    v.check("folder-afdruk-a4")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the screen: a link made once, opened on the TV
    tabs = page.get_by_role("navigation", name="Programma")
    tabs.get_by_role("link", name="Scherm en links").click()
    v.check("links")
    page.get_by_role("region", name="Scherm op het plein").get_by_role(
        "button", name="Link maken").click()
    expect(page.locator("#messages")).to_contain_text("de nieuwe link staat hieronder")
    v.check("links-nieuw")
    screen = _made_link(page)
    cancelled = _cancel_the_next_date(live_app, demo_data)
    page.set_viewport_size(TV)
    v.goto(screen)
    expect(page.get_by_role("heading", name="Vandaag")).to_be_visible()
    expect(page.locator(".screen-next li.off")).to_contain_text(cancelled)
    expect(page.locator(".screen-next li.off .off-flag")).to_have_text("Gaat niet door")
    expect(page.locator("main")).to_have_attribute("hx-trigger", "every 60s")
    fits = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert fits[0] <= fits[1]
    v.check("scherm-1920")

    # the public page, switched on
    page.set_viewport_size({"width": 1280, "height": 900})
    v.goto(f"/p/{demo_data}/programma/links")
    page.get_by_role("region", name="Openbaar programma").get_by_role(
        "button", name="Link maken").click()
    public = _made_link(page)
    v.goto(public)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programma")
    v.check("openbaar-1280")
    page.set_viewport_size(PHONE)
    fits = page.evaluate("document.documentElement.scrollWidth")
    assert fits <= PHONE["width"]
    v.check("openbaar-390")

    # my own calendar link, from the account menu's page
    page.set_viewport_size({"width": 1280, "height": 900})
    v.goto("/account/agenda")
    page.get_by_role("button", name="Link maken").click()
    expect(page.locator("#new-link")).to_have_value(
        __import__("re").compile(r"/agenda/mijn/[\w-]+\.ics$"))
    v.check("mijn-agenda")
