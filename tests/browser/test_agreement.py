"""The samenwerkingscontract in the browser: sign, see the status, re-sign after a change."""

import re

from playwright.sync_api import expect


def test_partner_signs_lead_publishes_again_partner_is_asked_again(visitor, demo_data):
    v = visitor("contract")
    page = v.page
    v.login("schuldhulp@lindeburg.example")
    v.goto(f"/p/{demo_data}/partner")
    expect(page.get_by_text("Versie 2 staat klaar")).to_be_visible()
    page.get_by_role("button", name="Lezen en tekenen").click()
    expect(page.get_by_role("heading", name="Samenwerkingscontract, versie 2")).to_be_visible()
    expect(page.locator(".party-card.mine")).to_contain_text("Schuldhulp Lindeburg")
    v.check("tekenen")
    form = page.get_by_role("form", name="Tekenen")
    form.get_by_label("Je functie").fill("budgetcoach")
    form.get_by_label("Ik heb versie 2 gelezen").check()
    form.get_by_role("button", name="Tekenen namens mijn organisatie").click()
    expect(page.locator("#messages")).to_contain_text("handtekening voor versie 2")
    expect(page.get_by_role("heading", name="Ontvangstbewijs")).to_be_visible()
    v.check("getekend")
    v.logout()

    v.login("lead@lindeburg.example")
    v.goto(f"/p/{demo_data}/contract/")
    row = page.locator("tr", has_text="Schuldhulp Lindeburg")
    expect(row).to_contain_text("Getekend")
    v.check("overzicht")
    page.get_by_role("button", name="Concept bewerken").click()
    page.get_by_label("Looptijd en evaluatie").fill("Van 1 maart 2027 tot 1 maart 2028.")
    page.get_by_role("button", name="Afspraken opslaan").click()
    expect(page.locator("#messages")).to_contain_text("Concept opgeslagen")
    v.check("concept")
    page.get_by_label(re.compile("opnieuw moeten tekenen")).check()
    page.get_by_role("button", name="Publiceren als versie 3").click()
    expect(page.get_by_role("heading", name="Samenwerkingscontract, versie 3")).to_be_visible()
    v.goto(f"/p/{demo_data}/contract/vergelijk?van=2&naar=3")
    expect(page.locator(".diff ins.diff-add", has_text="maart").first).to_be_visible()
    v.check("verschil")
    v.goto(f"/p/{demo_data}/contract/versie/3/afdrukken")
    v.check("afdrukken")
    v.logout()

    v.login("schuldhulp@lindeburg.example")
    v.goto(f"/p/{demo_data}/partner")
    expect(page.get_by_text(re.compile("Versie 3 staat klaar"))).to_be_visible()
    expect(page.get_by_text("nog niet getekend")).to_be_visible()
