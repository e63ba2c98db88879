"""The stappenplan: defaults, statuses, recurrence, gates, edits, export."""

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from plein.accounts.models import Plein, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.notes import service as notes
from plein.roadmap import gates, service
from plein.roadmap.defaults import DEFAULTS
from plein.roadmap.export import CSV_HEADER
from plein.roadmap.models import ChecklistItem, ItemCompletion
from plein.roadmap.phases import Phase
from tests.conftest import HTMX, login, text_of
from tests.worlds import mt_supports_plan

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back

# Every topic the handreiking names per phase, and words that show it is covered.
TOPICS = {
    Phase.ORIENTATION: {
        "kennis opdoen": r"handreiking", "voorbeelden": r"voorbeelden",
        "waarom": r"waarom", "resultaat": r"resultaat", "doelgroepen": r"focusdoelgroep",
        "randvoorwaarden": r"randvoorwaarden", "partners / afwegingstabel": r"afwegingstabel",
        "professionele partners eerst": r"professionele partners",
        "haalbaar: locatie": r"ruimte", "binnen/buiten": r"in de bibliotheek .* erbuiten",
        "financiën inrichting": r"pc's, tafels, printers",
        "personeel en marketingkosten": r"personeel en marketing",
        "subsidie, fondsen, bedrijven, serviceclubs": r"subsidie, fondsen, bedrijven, serviceclubs",
        "structurele financiering": r"structurele financiering",
        "coalitieakkoord": r"coalitieakkoord",
        "personeel": r"vrijwilligers, betaalde medewerkers", "intern draagvlak": r"MT",
        "verantwoordelijkheid": r"trekker", "projectteam": r"projectteam",
        "extra formatie": r"extra formatie", "vorm": r"één dagdeel.*over de week.*balie",
        "naam": r"naam", "IDO en Taalhuis": r"\(digi\)Taalhuis",
        "niet één persoon": r"één enthousiaste medewerker",
        "ten koste van": r"ten koste van",
    },
    Phase.PREPARATION: {
        "bellen": r"[Bb]el", "bijeenkomst": r"[Kk]ennismaking", "gezamenlijke ambitie":
        r"gedeelde ambitie", "sterkte": r"kracht", "thema's": r"middag 'werk'",
        "inrichting": r"tafels, pc's, printers en oefenplekken", "privacy": r"huiskamerhoek",
        "collega's": r"collega's", "klantreis": r"gastheer", "competentieprofiel":
        r"[Cc]ompetentieprofiel", "collectie": r"taalniveau.*spellen",
        "communicatieplan": r"SMART.*kernboodschap.*planning.*verantwoordelijk",
        "monitoren": r"effect volgt", "vindplaatsen": r"uitzendbureaus en\s+telefoonwinkels",
        "huisstijl": r"logo", "training": r"boze bezoekers",
    },
    Phase.REALISATION: {
        "klantgericht": r"open en uitnodigend", "altijd aanspreekbaar": r"altijd aanspreekbaar",
        "herkenbaar": r"[Hh]erkenbaar", "folder": r"folder.*spreekuren.*actueel",
        "scherm": r"scherm", "registratie": r"registreert.*plichten",
        "nieuw aanbod": r"nieuw\s+aanbod", "warm doorverwijzen":
        r"belt of mailt.*verwijskaarten.*vastgelegd.*contact.*bereikbaar",
        "geen concurrenten": r"beconcurreert",
    },
    Phase.ASSURANCE: {
        "samenwerkingscontract": r"wie wat beslist, wie wat doet, wie erbij hoort.*overlegt",
        "communicatieafspraken": r"mail, een\s+appgroep, een logboek of een dagrapport",
        "eigenaarschap": r"kleine teams", "partners kennen": r"nieuwsbrief.*maandelijks",
        "nieuwe partners": r"[Nn]ieuwe partners", "evaluatie":
        r"doelen en criteria.*feedbackmomenten.*jaarlijks.*verbeterpunten",
        "deskundigheid": r"inwerken", "successen vieren": r"om de paar weken.*verzamelt",
        "successen delen": r"nieuwsbrief, op sociale media\s+en via de netwerken",
        "dagstart": r"dag of week",
    },
}


@pytest.mark.parametrize("phase", list(Phase))
def test_defaults_cover_every_topic_of_the_method(phase):
    items = DEFAULTS[phase]
    assert items, f"{phase} has no default items"
    text = " ".join(f"{i.title} {i.guidance}" for i in items)
    missing = [topic for topic, pattern in TOPICS[phase].items()
               if not re.search(pattern, text, flags=re.S | re.I)]
    assert not missing, f"{phase.label} misses: {missing}"
    for item in items:
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", item.guidance) if s]
        assert 2 <= len(sentences) <= 4, (item.key, len(sentences))
    if phase is Phase.ASSURANCE:
        assert {i.recurrence for i in items} >= {"weekly", "monthly", "quarterly", "yearly"}


def test_a_new_plein_gets_every_default_item(ctx, world):
    plein = db.session.get(Plein, world.plein)
    for phase in Phase:
        titles = [i.title for i in service.items_of(plein, phase=phase) if not i.is_custom]
        assert titles == [d.title for d in DEFAULTS[phase]]


def _plein_and_lead(world):
    return db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)


def test_gate_refuses_and_lists_exactly_the_open_required_items(ctx, world):
    mt_supports_plan(world)
    plein, lead = _plein_and_lead(world)
    required = [i for i in service.items_of(plein, phase=Phase.ORIENTATION) if i.required]
    for item in required[:-2]:
        service.set_status(plein, item, "done", by=lead)
    service.set_status(plein, required[-2], "na", by=lead, reason="past niet")
    missing = gates.gate_missing(plein)
    assert [m.text for m in missing] == [f"Actiepunt '{required[-1].title}' is nog open"]
    with pytest.raises(ServiceError):
        gates.advance(plein, by=lead)
    assert plein.current_phase == "orientation"
    service.set_status(plein, required[-1], "done", by=lead)
    assert gates.gate_missing(plein) == []
    assert gates.advance(plein, by=lead) is Phase.PREPARATION
    db.session.commit()
    assert db.session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "phase.advance")) == "Fase van Oriëntatie naar Voorbereiding"


def test_gate_page_lists_missing_items_with_links(client, world):
    login(client, "lead")
    page = client.get(f"/p/{world.plein}/stappenplan/fase")
    assert "Nog niet klaar voor Voorbereiding" in text_of(page)
    assert text_of(page).count("is nog open") == 14  # every required oriëntatie item
    assert f"/p/{world.plein}/stappenplan/punt/" in page.get_data(as_text=True)
    refused = client.post(f"/p/{world.plein}/stappenplan/fase/volgende", follow_redirects=True)
    assert "De fase kan nog niet door" in text_of(refused)


def test_gate_has_room_for_more_checks(ctx, world):

    mt_supports_plan(world)
    plein, lead = _plein_and_lead(world)
    for item in service.items_of(plein, phase=Phase.ORIENTATION):
        service.set_status(plein, item, "done", by=lead)

    @gates.gate_check
    def mt_support(plein_, phase):
        return [gates.Missing("Het MT heeft het plan nog niet beoordeeld")]

    try:
        assert [m.text for m in gates.gate_missing(plein)] == [
            "Het MT heeft het plan nog niet beoordeeld"]
    finally:
        gates._CHECKS.remove(mt_support)
    assert gates.gate_missing(plein) == []


def test_team_cannot_move_the_phase(client, world):
    login(client, "team")
    assert client.post(f"/p/{world.plein}/stappenplan/fase/volgende").status_code == 403


def test_recurring_item_records_completion_and_next_due_date(ctx, world):
    plein, lead = _plein_and_lead(world)
    item = next(i for i in service.items_of(plein, phase=Phase.ASSURANCE)
                if i.recurrence == "monthly")
    service.set_status(plein, item, "done", by=lead, today=date(2027, 1, 31))
    assert (item.status, item.due_date) == ("open", date(2027, 2, 28))
    service.set_status(plein, item, "done", by=lead, today=date(2027, 2, 27))
    db.session.commit()
    assert item.due_date == date(2027, 3, 27)
    completions = db.session.scalars(select(ItemCompletion.completed_on).where(
        ItemCompletion.item_id == item.id).order_by(ItemCompletion.completed_on)).all()
    assert completions == [date(2027, 1, 31), date(2027, 2, 27)]


@pytest.mark.parametrize("recurrence, start, expected", [
    ("weekly", date(2026, 12, 29), date(2027, 1, 5)),
    ("monthly", date(2027, 1, 31), date(2027, 2, 28)),
    ("quarterly", date(2026, 11, 30), date(2027, 2, 28)),
    ("yearly", date(2028, 2, 29), date(2029, 2, 28)),
])
def test_next_due_date(recurrence, start, expected):
    assert service.next_due(start, recurrence) == expected


def _edit(client, world, version, **fields):
    data = {"version": version, "title": "Eigen punt Alfa", "evidence": "",
            "owner_id": "0", "due_date": "", "recurrence": ""}
    data.update(fields)
    return client.post(f"/p/{world.plein}/stappenplan/punt/{world.item}", data=data)


def test_dutch_date_format_is_accepted(client, world, app):
    login(client, "team")
    assert _edit(client, world, 1, due_date="15-01-2027",
                 owner_id=str(world.team_id)).status_code == 303
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item)
        assert (item.due_date, item.owner_id) == (date(2027, 1, 15), world.team_id)


def test_item_of_another_plein_is_not_found(client, world, app):
    with app.app_context():
        other_item = db.session.scalar(select(ChecklistItem.id).where(
            ChecklistItem.plein_id == world.other))
    login(client, "lead")
    base = f"/p/{world.plein}/stappenplan/punt/{other_item}"
    assert client.get(base).status_code == 404
    assert client.post(base, data={"version": 1}).status_code == 404
    assert client.post(base + "/status", data={"status": "done"}).status_code == 404
    assert client.post(base + "/verwijderen").status_code == 404


def test_htmx_status_returns_the_row_and_progress_plain_request_redirects(client, world):
    login(client, "team")
    url = f"/p/{world.plein}/stappenplan/punt/{world.item}/status"
    fragment = client.post(url, headers=HTMX, data={"status": "done", "version": 1})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith(f'<article id="item-{world.item}"')
    assert '<section id="progress"' in body and 'hx-swap-oob="true"' in body
    assert "1 van 17 gereed" in text_of(fragment)  # 16 defaults + the custom item
    plain = client.post(url, data={"status": "busy", "version": 2})
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/stappenplan/?fase=orientation#item-{world.item}")
    page = client.get(f"/p/{world.plein}/stappenplan/")
    assert "<html" in page.get_data(as_text=True) and "0 van 17 gereed" in text_of(page)


def test_filters_narrow_the_list(client, world, app):
    with app.app_context():
        plein, lead = _plein_and_lead(world)
        item = db.session.get(ChecklistItem, world.item)
        item.owner_id, item.due_date = world.lead_id, date(2020, 1, 1)
        db.session.commit()
    login(client, "lead")
    mine = client.get(f"/p/{world.plein}/stappenplan/?mine=y", headers=HTMX)
    assert mine.get_data(as_text=True).lstrip().startswith('<div id="items">')
    assert "Eigen punt Alfa" in text_of(mine) and "Kennis opdoen" not in text_of(mine)
    late = text_of(client.get(f"/p/{world.plein}/stappenplan/?overdue=y"))
    assert "Eigen punt Alfa" in late and "(te laat)" in late and "Kennis opdoen" not in late
    done = text_of(client.get(f"/p/{world.plein}/stappenplan/?status=done"))
    assert "Geen punten die aan je filter voldoen" in done


def test_mt_reads_but_cannot_change(client, world):
    login(client, "mt")
    page = client.get(f"/p/{world.plein}/stappenplan/")
    assert page.status_code == 200 and "Kennis opdoen" in text_of(page)
    assert "Gereed</button>" not in page.get_data(as_text=True)
    assert client.post(f"/p/{world.plein}/stappenplan/punt/{world.item}/status",
                       data={"status": "done"}).status_code == 403


def test_csv_export_matches_the_roadmap_and_neutralises_formulas(client, world, app):
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item)
        item.na_reason = "=HYPERLINK(\"http://evil\")"
        plein, lead = _plein_and_lead(world)
        notes.add_note(plein, item, "Eerst bellen", by=lead)
        notes.add_note(plein, item, "Daarna mailen", by=lead)
        db.session.commit()
    login(client, "mt")
    response = client.get(f"/p/{world.plein}/stappenplan/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + sum(len(d) for d in DEFAULTS.values()) + 1
    custom = next(r for r in rows if r[1] == "Eigen punt Alfa")
    assert custom[0] == "Oriëntatie" and custom[3] == "Open"
    assert custom[4] == "'=HYPERLINK(\"http://evil\")"
    assert custom[8].endswith("Lead: Eerst bellen\n" + custom[8].split("\n")[1])
    assert custom[8].split("\n")[1].endswith("Lead: Daarna mailen")  # the thread, in order


def test_print_view_lists_every_phase(client, world):
    login(client, "lead")
    page = text_of(client.get(f"/p/{world.plein}/stappenplan/afdrukken"))
    for phase in Phase:
        assert f"{phase.number}. {phase.label}" in page
    assert "Eigen punt Alfa" in page


def test_every_change_is_in_the_audit_log(client, world, app):
    login(client, "lead")
    client.post(f"/p/{world.plein}/stappenplan/punt/{world.item}/status",
                data={"status": "busy", "version": 1})
    _edit(client, world, 2, evidence="https://intranet.example/verslag")
    log = text_of(client.get(f"/p/{world.plein}/logboek"))
    assert "Status van 'Eigen punt Alfa' naar Bezig" in log
    assert "Actiepunt 'Eigen punt Alfa' bijgewerkt" in log
