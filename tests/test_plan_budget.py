"""The plan's budget: cost and funding lines, their totals and the gap, refusals in Dutch,
stale and repeated edits, the upper bound of lines."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plein.accounts.models import Plein
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import service
from tests.conftest import HTMX
from tests.forms import assert_errors_visible, form_for, visible_text


def _started(web, world):
    """Log in as the lead, begin the plan from its page; the edit page."""
    web.login("lead")
    start = form_for(web.get(f"/p/{world.plein}/plan/"), "/plan/starten")
    return start.submit(status=303).follow()


def _budget_form(page, group):
    """The form that adds a cost ("cost") or a funding source ("funding")."""
    forms = [f for f in page.forms.values() if f.action.endswith("/plan/begroting")]
    return list({id(f): f for f in forms}.values())[0 if group == "cost" else 1]


# -- budget --------------------------------------------------------------------------

def test_budget_totals_and_gap(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    for kind, amount, status in (("setup", "4.800", None), ("setup", "1200,50", None),
                                 ("staff", "14.500", None), ("marketing", "2000", None),
                                 ("own", "6.000", "pledged"), ("fund", "5.000", "pledged"),
                                 ("municipality", "12.000", "requested"),
                                 ("company", "3.000", "rejected")):
        service.add_line(plein, plan, by=lead, kind=kind, description=f"{kind} {amount}",
                         amount=amount, status=status)
    totals = service.budget(plan.budget_lines)
    assert totals.setup == Decimal("6000.50")
    assert totals.yearly == Decimal("16500")
    assert totals.costs == Decimal("22500.50")
    assert (totals.pledged, totals.requested, totals.rejected) == (
        Decimal("11000"), Decimal("12000"), Decimal("3000"))
    assert totals.gap == Decimal("11500.50")  # rejected money never counts
    assert totals.gap_if_granted == Decimal("-499.50")  # a surplus if the request comes in
    # a snapshot's lines (plain data) add up the same
    assert service.budget(service.content(plan)["budget"]) == totals


@pytest.mark.parametrize("amount, message", [
    ("-5", "kan niet negatief zijn"), ("veel", "vul een getal in"),
    ("1,2,3", "vul een getal in"), ("99999999999", "onwaarschijnlijk veel"),
])
def test_bad_amounts_are_refused_in_dutch(people, amount, message):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match=message):
        service.add_line(plein, plan, by=lead, kind="setup", description="Pc", amount=amount)


def test_funding_needs_a_status_and_costs_have_none(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="aangevraagd, toegezegd of afgewezen"):
        service.add_line(plein, plan, by=lead, kind="fund", description="Fonds", amount="5")
    line = service.add_line(plein, plan, by=lead, kind="staff", description="Uren",
                            amount="5", status="pledged")
    assert line.status is None


def test_a_bad_amount_in_the_page_keeps_what_was_typed(web, world):
    form = _budget_form(_started(web, world), "funding")
    form["kind"], form["description"], form["amount"] = "fund", "Fonds voor de wijk", "-300"
    form["status"] = "pledged"
    page = form.submit(status=422)
    assert_errors_visible(web, page)
    assert "Het bedrag kan niet negatief zijn." in visible_text(page)
    again = _budget_form(page, "funding")
    assert (again["description"].value, again["amount"].value) == ("Fonds voor de wijk",
                                                                  "-300")


def test_budget_changes_over_htmx_return_the_budget_block_with_new_totals(web, world):
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "setup", "Banner", "1.250"
    response = form.submit(headers=HTMX, status=200)
    assert response.text.lstrip().startswith('<section id="begroting"')
    assert "€ 1.250,00" in visible_text(response) and "<html" not in response.text
    assert "Begrotingsregel toegevoegd." in response.text  # the message travels out-of-band


def test_a_stale_budget_line_is_refused_and_shows_both_versions(web, world, app):
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "setup", "Pc", "800"
    form.submit(status=303)
    with app.app_context():
        line_id = service.plan_of(db.session.get(Plein, world.plein)).budget_lines[0].id
    tab_one, tab_two = (form_for(web.get(f"/p/{world.plein}/plan/bewerken"),
                                 f"/plan/begroting/{line_id}") for _ in range(2))
    tab_one["description"], tab_one["amount"] = "Twee pc's", "1.600"
    tab_one.submit(status=303)
    tab_two["description"], tab_two["amount"] = "Laptop", "700"
    second = tab_two.submit(status=409)
    assert_errors_visible(web, second)
    text = visible_text(second)
    assert "Iemand anders heeft deze begrotingsregel intussen gewijzigd" in text
    assert "Nu opgeslagen: Inrichting (eenmalig) · Twee pc's · € 1.600,00" in text
    assert form_for(second, f"/plan/begroting/{line_id}")["description"].value == "Laptop"
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert [(x.description, x.amount) for x in plan.budget_lines] == [
            ("Twee pc's", Decimal("1600.00"))]


def test_deleting_a_budget_line_is_logged(web, world, app):
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "marketing", "Folders", "300"
    page = form.submit(status=303).follow()
    with app.app_context():
        line_id = service.plan_of(db.session.get(Plein, world.plein)).budget_lines[0].id
    form_for(page, f"/plan/begroting/{line_id}/verwijderen").submit(status=303)
    with app.app_context():
        assert service.plan_of(db.session.get(Plein, world.plein)).budget_lines == []
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "plan.budget_delete")) == \
            "Begroting: ‘Folders’ (€\xa0300,00) verwijderd"


def test_deleting_a_budget_line_someone_just_changed_is_refused(web, world, app):
    """Finding 13: the delete carries the line's version as shown; a line changed since
    stays (409, with what is stored now), and the page offers to delete what it shows."""
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "setup", "Pc", "800"
    form.submit(status=303)
    with app.app_context():
        line_id = service.plan_of(db.session.get(Plein, world.plein)).budget_lines[0].id
    page = web.get(f"/p/{world.plein}/plan/bewerken")
    delete = form_for(page, f"/plan/begroting/{line_id}/verwijderen")
    edit = form_for(web.get(f"/p/{world.plein}/plan/bewerken"), f"/plan/begroting/{line_id}")
    edit["description"], edit["amount"] = "Twee pc's en een printer", "1.900"
    edit.submit(status=303)
    refused = delete.submit(status=409)
    assert_errors_visible(web, refused)
    assert "Hij is niet verwijderd" in visible_text(refused)
    assert "Twee pc's en een printer" in visible_text(refused)
    with app.app_context():
        assert len(service.plan_of(db.session.get(Plein, world.plein)).budget_lines) == 1
    form_for(refused, f"/plan/begroting/{line_id}/verwijderen").submit(status=303)
    with app.app_context():
        assert service.plan_of(db.session.get(Plein, world.plein)).budget_lines == []


def test_deleting_a_budget_line_twice_finds_it_gone(web, world, app):
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "marketing", "Folders", "300"
    page = form.submit(status=303).follow()
    with app.app_context():
        line_id = service.plan_of(db.session.get(Plein, world.plein)).budget_lines[0].id
    first, second = (form_for(page, f"/plan/begroting/{line_id}/verwijderen")
                     for _ in range(2))
    first.submit(status=303)
    gone = second.submit(status=404)
    assert "niet gevonden" in visible_text(gone).lower()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "plan.budget_delete")) == 1


def test_a_budget_has_an_upper_bound_of_lines(web, world, app, monkeypatch):
    """Finding 14: at the limit the add form is refused with the reason, what was typed
    kept."""
    monkeypatch.setattr(service, "LINE_LIMIT", 1)
    form = _budget_form(_started(web, world), "cost")
    form["kind"], form["description"], form["amount"] = "setup", "Pc", "800"
    page = form.submit(status=303).follow()
    form = _budget_form(page, "cost")
    form["kind"], form["description"], form["amount"] = "setup", "Printer", "200"
    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
    assert "Een begroting heeft hoogstens 1 regels." in visible_text(refused)
    assert 'value="Printer"' in refused.text
    with app.app_context():
        assert len(service.plan_of(db.session.get(Plein, world.plein)).budget_lines) == 1
