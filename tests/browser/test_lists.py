"""Long lists come in pages (issue 14, finding 14): the register's page links keep the
filters, are reached and followed by keyboard, and the pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.extended  # .ci/run runs it; make test runs the focused set


def test_the_register_pages_by_keyboard_and_keeps_its_filter(visitor, demo_data,
                                                             monkeypatch):
    from plein.partners import service

    monkeypatch.setattr(service, "PAGE_SIZE", 5)  # the demo has about a dozen partners
    v = visitor("partners-pagina")
    page = v.page
    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/partners/")
    page.get_by_label("Sorteren op").select_option("soort")
    page.wait_for_url(re.compile(r"sort=soort"))
    pager = page.get_by_role("navigation", name="Pagina's van het register")
    expect(pager).to_contain_text("Pagina 1 van")
    v.check("pagina-1")
    following = pager.get_by_role("link", name="Volgende")
    following.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"pagina=2"))
    assert "sort=soort" in page.url
    expect(pager).to_contain_text("Pagina 2 van")
    expect(page.get_by_label("Sorteren op")).to_have_value("soort")
    expect(page.locator(".error-summary")).to_have_count(0)  # the link names all it needs
    v.check("pagina-2")
    pager.get_by_role("link", name="Vorige").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"pagina=1"))
    expect(pager).to_contain_text("Pagina 1 van")
