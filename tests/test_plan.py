"""The plan: editing (through the forms the pages render), submitting to the MT,
snapshots. The budget: test_plan_budget.py; reviews, conditions, questions and the gate:
test_plan_reviews.py."""


import pytest
from sqlalchemy import func, select

from plein.accounts.models import Plein, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan import service
from plein.plan.models import Immutable, PlanSnapshot
from tests.conftest import login, text_of
from tests.forms import assert_errors_visible, form_for, visible_text
from tests.worlds import submit_plan


def _started(web, world):
    """Log in as the lead, begin the plan from its page; the edit page."""
    web.login("lead")
    start = form_for(web.get(f"/p/{world.plein}/plan/"), "/plan/starten")
    return start.submit(status=303).follow()


def _budget_form(page, group):
    """The form that adds a cost ("cost") or a funding source ("funding")."""
    forms = [f for f in page.forms.values() if f.action.endswith("/plan/begroting")]
    return list({id(f): f for f in forms}.values())[0 if group == "cost" else 1]


# -- editing -----------------------------------------------------------------------


def test_concurrent_plan_edits_are_detected_and_nothing_is_overwritten(web, world, app):
    edit = _started(web, world)
    tab_one = form_for(edit, "/plan/bewerken")
    tab_two = form_for(web.get(f"/p/{world.plein}/plan/bewerken"), "/plan/bewerken")
    tab_one["section-why"] = "Eerste tekst"
    tab_one.submit(status=303)
    tab_two["section-why"], tab_two["name"] = "Tweede tekst", "Mijn naam"
    second = tab_two.submit(status=409)
    assert_errors_visible(web, second)
    text = visible_text(second)
    assert "Iemand anders heeft het plan intussen gewijzigd" in text
    assert "Eerste tekst" in text  # what is stored, next to what I typed
    assert form_for(second, "/plan/bewerken")["section-why"].value == "Tweede tekst"
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert next(s.body for s in plan.sections if s.key == "why") == "Eerste tekst"
        assert plan.name == ""


def test_saving_keeps_the_partners_text_next_to_the_chosen_partners(web, world, app):
    form = form_for(_started(web, world), "/plan/bewerken")
    form["section-partners"] = "Eerst Welzijn, later meer."
    boxes = form.fields["partner_ids"]
    next(box for box in boxes if box._value == str(world.welzijn)).checked = True
    form.submit(status=303)
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert next(s.body for s in plan.sections if s.key == "partners") == \
            "Eerst Welzijn, later meer."
        assert [link.partner_id for link in plan.partner_links] == [world.welzijn]


def test_plan_partners_come_from_this_pleins_register(people, world):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    other = db.session.get(Plein, world.other)
    from plein.partners import service as partners

    foreign = partners.find_or_create(other, "Partner van Beta")
    db.session.flush()
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="", shape="",
                   bodies={}, partner_ids=[str(world.welzijn), str(foreign.id), "x"])
    assert [link.partner_id for link in plan.partner_links] == [world.welzijn]


def test_only_known_forms_are_accepted(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="vormen"):
        service.update(plein, plan, by=lead, expected_version=plan.version_id, name="",
                       shape="circus", bodies={}, partner_ids=None)


# -- submitting and snapshots ------------------------------------------------------


def test_submitting_needs_the_core_texts_and_a_change(people):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    with pytest.raises(ServiceError, match="Waarom een Ontwikkelplein\\?, Beoogd resultaat, "
                                           "Doelgroepen"):
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    db.session.rollback()
    plan, _line, snapshot = submit_plan(plein, lead)
    assert snapshot.number == 1
    with pytest.raises(ServiceError, match="niet gewijzigd sinds versie 1"):
        service.submit(plein, plan, by=lead, expected_version=plan.version_id)


def test_a_snapshot_never_changes_and_later_edits_need_a_new_submission(people):
    plein, lead, _mt, _mt2 = people
    plan, _line, first = submit_plan(plein, lead)
    db.session.commit()
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="Nieuw",
                   shape="desk", bodies={"why": "Nieuwe reden"}, partner_ids=None)
    db.session.commit()
    assert first.data["name"] == "Plein Alfa"
    assert next(s["body"] for s in first.data["sections"] if s["key"] == "why") == \
        "Inwoners vinden de weg niet."
    assert service.has_unsubmitted_changes(plan, service.latest_snapshot(plein))
    second = service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    db.session.commit()
    assert second.number == 2 and second.data["name"] == "Nieuw"
    first.content = first.content.replace("Plein Alfa", "Vervalst")
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Immutable):
        db.session.delete(db.session.get(PlanSnapshot, first.id))
        db.session.flush()
    db.session.rollback()
    assert db.session.get(PlanSnapshot, first.id).data["name"] == "Plein Alfa"


def test_submitting_from_the_page_freezes_a_snapshot(web, world, app):
    form = form_for(_started(web, world), "/plan/bewerken")
    form["section-why"], form["section-result"] = "Omdat", "Eén plek"
    form["section-target_groups"] = "Nieuwkomers"
    overview = form.submit(status=303).follow()
    submit = form_for(overview, "/plan/indienen")
    submit["note"] = "Graag voor vrijdag"
    response = submit.submit(status=303).follow()
    assert "Versie 1 is ingediend" in visible_text(response)
    assert "Graag voor vrijdag" in visible_text(response)
    again = submit.submit(status=422)
    assert_errors_visible(web, again)
    assert "Het plan is niet gewijzigd sinds versie 1" in visible_text(again)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanSnapshot)) == 1
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "plan.submit")) == "Plan versie 1 ingediend bij het MT"


def test_submitting_what_was_not_seen_is_refused_with_the_note_kept(web, plan_world, app):
    web.login("lead")
    name = form_for(web.get(f"/p/{plan_world.plein}/plan/bewerken"), "/plan/bewerken")
    name["name"] = "Het Plein"
    overview = name.submit(status=303).follow()  # a change: the page offers to submit it
    # the lead changes the budget in another tab
    line = _budget_form(web.get(f"/p/{plan_world.plein}/plan/bewerken"), "cost")
    line["kind"], line["description"], line["amount"] = "staff", "Uren", "900"
    line.submit(status=303)
    submit = form_for(overview, "/plan/indienen")
    submit["note"] = "Graag snel"
    response = submit.submit(status=409)
    assert_errors_visible(web, response)
    assert "Het plan is gewijzigd sinds je deze pagina opende" in visible_text(response)
    assert form_for(response, "/plan/indienen")["note"].value == "Graag snel"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanSnapshot)) == 1
    # the page now shows the plan as it is: submitting from it works
    form_for(response, "/plan/indienen").submit(status=303)


def test_a_partner_renamed_in_the_register_is_no_plan_change(people, world):
    plein, lead, _mt, _mt2 = people
    plan = service.start(plein, by=lead)
    service.update(plein, plan, by=lead, expected_version=plan.version_id, name="", shape="",
                   bodies={"why": "a", "result": "b", "target_groups": "c"},
                   partner_ids=[str(world.welzijn)])
    db.session.flush()
    service.submit(plein, plan, by=lead, expected_version=plan.version_id)
    from plein.partners.models import Partner

    partner = db.session.get(Partner, world.welzijn)
    partner.name, partner.status = "Welzijn Alfa (nieuw)", "approached"
    db.session.flush()
    assert not service.has_unsubmitted_changes(plan, service.latest_snapshot(plein))


def test_the_snapshot_page_shows_what_was_submitted_not_the_draft(client, plan_world, app):
    with app.app_context():
        plein = db.session.get(Plein, plan_world.plein)
        plan = service.plan_of(plein)
        service.update(plein, plan, by=db.session.get(User, plan_world.lead_id),
                       expected_version=plan.version_id, name="Later bedacht", shape="desk",
                       bodies={"why": "Later geschreven"}, partner_ids=None)
        db.session.commit()
    login(client, "mt")
    page = text_of(client.get(f"/p/{plan_world.plein}/plan/versies/1"))
    assert "Inwoners vinden de weg niet." in page and "Later geschreven" not in page
    assert "€ 1.500,00" in page  # its budget
    overview = text_of(client.get(f"/p/{plan_world.plein}/plan/"))
    assert "Het plan is gewijzigd sinds versie 1" in overview


# -- pages -------------------------------------------------------------------------


def test_empty_plan_page_tells_the_lead_what_to_do(client, world):
    login(client, "lead")
    page = text_of(client.get(f"/p/{world.plein}/plan/"))
    assert "Nog geen plan" in page and "Plan beginnen" in page
    client.post("/uitloggen")
    login(client, "team")
    page = text_of(client.get(f"/p/{world.plein}/plan/"))
    assert "De projectleider begint het plan." in page and "Plan beginnen" not in page


def test_editing_before_the_plan_exists_leads_to_the_start(client, world):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/plan/bewerken", follow_redirects=True)
    assert page.status_code == 200
    assert "Er is nog geen plan. Begin het hier." in text_of(page)
    assert "Plan beginnen" in text_of(page)


# -- one input path: the form's limits, nothing cut short --------------------------------

def test_the_edit_page_takes_its_limits_from_the_fields(web, world):
    page = _started(web, world)
    form = form_for(page, "/plan/bewerken")
    html = page.text
    assert f'id="name" maxlength="{service.NAME_MAX}"' in html
    assert f'id="section-why" maxlength="{service.BODY_MAX}"' in html
    assert 'id="section-why-hint"' in html  # the shared field macro: label, hint, error
    assert f'maxlength="{service.LINE_MAX}"' in html
    assert "version" in form.fields


def test_too_long_text_is_refused_in_dutch_with_the_text_kept(web, world, app):
    form = form_for(_started(web, world), "/plan/bewerken")
    typed = ("Waarom? " * (service.BODY_MAX // 8 + 1)).strip()
    assert len(typed) > service.BODY_MAX
    form["section-why"] = typed
    page = form.submit(status=422)
    assert_errors_visible(web, page)
    assert f"Gebruik hoogstens {service.BODY_MAX} tekens." in visible_text(page)
    assert form_for(page, "/plan/bewerken")["section-why"].value == typed
    with app.app_context():
        plan = service.plan_of(db.session.get(Plein, world.plein))
        assert next(s.body for s in plan.sections if s.key == "why") == ""


def test_a_partner_of_another_plein_cannot_be_ticked(web, world, app):
    form = form_for(_started(web, world), "/plan/bewerken")
    with app.app_context():
        from plein.partners import service as partners

        foreign = partners.find_or_create(db.session.get(Plein, world.other), "Elders")
        db.session.commit()
        foreign_id = foreign.id
    fields = [*form.submit_fields(), ("partner_ids", str(foreign_id))]  # a tampered page
    page = web.post(form.action, fields, status=422)
    assert_errors_visible(web, page)
    assert "is een ongeldige keuze voor dit veld" in visible_text(page)
    with app.app_context():
        assert service.plan_of(db.session.get(Plein, world.plein)).partner_links == []
