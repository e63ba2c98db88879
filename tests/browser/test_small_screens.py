"""A phone (390 px wide): the menu folds away, pages fit the screen, nothing is cut off."""

import pytest
from playwright.sync_api import expect

from plein.extensions import db
from plein.roadmap.models import ChecklistItem

PHONE = {"width": 390, "height": 844}
LONG_TITLE = ("Samenwerkingsovereenkomstonderhandelingsvoorbereidingswerkzaamheden" * 3)[:200]

# Words that break across two lines in a heading, or amounts that end outside the screen
# (in a table that scrolls sideways, say). The parts of a hyphenated word count as words:
# "re-" at the end of a line and "integratie" on the next is how Dutch breaks it.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const heading of document.querySelectorAll('main h1, main h2, main h3')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        if (match[0].length > 30) continue;  // no real word: may break anywhere
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
CUT_OFF = """() => [...document.querySelectorAll('.amount, dd')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(el => el.textContent.trim())"""


@pytest.fixture
def long_title(live_app, demo_data):
    """An item of the current phase whose title has no place to break."""
    with live_app.app_context():
        item = db.session.scalar(db.select(ChecklistItem).filter_by(
            plein_id=demo_data, title="Huisstijl en logo's"))
        item.title = LONG_TITLE
        db.session.commit()
        item_id = item.id
        db.session.remove()
    return item_id


def assert_fits(v):
    page = v.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    assert page.evaluate(BROKEN_WORDS) == [], page.url
    assert page.evaluate(CUT_OFF) == [], page.url
    # the menu is folded: the header takes a small part of the first screen
    menu = page.locator("header.site-header details.site-menu")
    expect(menu).not_to_have_attribute("open", "")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Partners")).to_be_hidden()
    assert page.locator("header.site-header").bounding_box()["height"] < PHONE["height"] / 6


def test_phone_menu_folds_and_pages_fit(visitor, demo_data, long_title):
    v = visitor("telefoon")
    page = v.page
    page.set_viewport_size(PHONE)
    v.login("lead@lindeburg.example")
    pages = {"dashboard": "/", "stappenplan": "/stappenplan/",
             "actiepunt": f"/stappenplan/punt/{long_title}", "plan": "/plan/",
             "partners": "/partners/", "logboek": "/logboek", "contract": "/contract/"}
    for label, path in pages.items():
        v.goto(f"/p/{demo_data}{path}")
        assert_fits(v)
        v.check(label)
        if label == "partners":  # and one partner's page, with its notes
            page.get_by_role("link", name="Welzijn Lindeburg").click()
            assert_fits(v)
            v.check("partner")

    # the menu opens by keyboard and shows every link; its own dropdowns still work
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.locator("summary", has_text="Menu").focus()
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Partners")).to_be_visible()
    v.check("menu-open")
    nav.get_by_role("link", name="Stappenplan").click()
    expect(page.get_by_role("heading", name="Stappenplan", level=1)).to_be_visible()
    expect(page.locator("header details.site-menu")).not_to_have_attribute("open", "")
    v.logout()

    # the MT's pages with the budget: every amount on the screen
    v.login("mt@lindeburg.example")
    for label, path in {"mt-overzicht": "/mt", "planversie": "/plan/versies/1"}.items():
        v.goto(f"/p/{demo_data}{path}")
        assert_fits(v)
        v.check(label)
