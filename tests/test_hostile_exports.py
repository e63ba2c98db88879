"""Every export with hostile names: control characters (which made the XLSX export
answer 500 for everyone), formulas, quotes and separators; and the one normaliser that
keeps control characters out of what people type."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from plein.accounts.models import Plein, User
from plein.extensions import db
from plein.notes.models import Note
from plein.partners import service as register
from plein.partners.models import Partner
from plein.roadmap.models import ChecklistItem
from plein.text import clean_line, clean_text
from tests.conftest import login
from tests.forms import form_for

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back

CONTROL = "".join(chr(code) for code in (*range(0, 9), 11, 12, *range(14, 32), 127, 0x9b))
HOSTILE = f"Welzijn{CONTROL} \"Noord\"; =1+1\r\n\tAlfa"


def _plant(app, world):
    """Hostile text stored the way data from before the normaliser could be (without
    NUL, which PostgreSQL never stores in a text column)."""
    with app.app_context():
        plein, lead = db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)
        register.create_partner(plein, by=lead, name="Hostile placeholder")
        db.session.flush()
        db.session.execute(update(Partner).where(Partner.name == "Hostile placeholder")
                           .values(name=HOSTILE.replace("\x00", "")))
        db.session.execute(update(ChecklistItem).where(ChecklistItem.id == world.item)
                           .values(title=HOSTILE.replace("\x00", "")))
        db.session.add(Note(plein_id=plein.id, item_id=world.item, author_id=lead.id,
                            body=f"regel 1{CONTROL.replace(chr(0), '')}\nregel 2"))
        db.session.commit()


def _no_controls(text):
    return not any(ord(ch) < 32 and ch not in "\n\t" or 127 <= ord(ch) <= 159 for ch in text)


def test_afwegingstabel_xlsx_with_control_characters_in_a_name(app, client, world):
    _plant(app, world)
    login(client, "lead")
    response = client.get(f"/p/{world.plein}/afwegingstabel/export.xlsx")
    assert response.status_code == 200
    names = [row[1] for row in load_workbook(io.BytesIO(response.get_data()))
             .active.iter_rows(min_row=2, values_only=True)]
    hostile = next(name for name in names if name.startswith("Welzijn"))
    assert _no_controls(hostile)
    assert '"Noord"; =1+1' in hostile


@pytest.mark.parametrize("path", ["afwegingstabel/export.csv", "stappenplan/export.csv"])
def test_csv_exports_with_control_characters(app, client, world, path):
    _plant(app, world)
    login(client, "lead")
    response = client.get(f"/p/{world.plein}/{path}")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    assert _no_controls(text.replace("\r\n", "\n"))
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    width = len(rows[0])
    assert all(len(row) == width for row in rows)  # quotes and ; stayed inside their cell
    assert any(cell.startswith("Welzijn") and '"Noord"; =1+1' in cell
               for row in rows for cell in row)


def test_typed_control_characters_never_reach_the_database(app, web, world):
    page = web.login("lead").get(f"/p/{world.plein}/partners/nieuw")
    form = form_for(page, "/partners/")
    form["name"] = f"Taal\x01huis{CONTROL.replace(chr(0), '')}  Noord\t"
    form.submit(status=303)
    with app.app_context():
        names = db.session.scalars(select(Partner.name).where(Partner.name.like("Taal%")))
        assert list(names) == ["Taalhuis Noord"]


def test_the_normaliser():
    assert clean_line(" a\x01b \t c\n\r d\x7f\x9b ") == "ab c d"
    assert clean_text("één\r\ntwee\rdrie\t4\x0b\x1f\u2028vijf ") == "één\ntwee\ndrie\t4\nvijf"
    assert clean_line(None) is None and clean_text(7) == 7
