"""The partner register: search, quick start, names. (Its forms: test_partner_register.py;
the afwegingstabel: test_assessment*.py.)"""

import pytest

from plein.accounts.models import Plein, User
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners import service as register
from plein.partners.defaults import SUGGESTIONS
from tests.conftest import HTMX, login, text_of

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _ctx(world):
    return db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)


def test_active_search_answers_with_a_fragment(client, world, app):
    with app.app_context():
        plein, lead = _ctx(world)
        register.create_partner(plein, by=lead, name="Bibliotheek Taalhuis",
                                themes=["language"], kind="government")
        db.session.commit()
    login(client, "team")
    response = client.get(f"/p/{world.plein}/partners/?q=taal", headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="partner-list"')
    assert "Bibliotheek Taalhuis" in body and "Welzijn Alfa" not in body
    assert "HX-Request" in response.headers["Vary"]
    by_theme = text_of(client.get(f"/p/{world.plein}/partners/?theme=language"))
    assert "Bibliotheek Taalhuis" in by_theme and "Welzijn Alfa" not in by_theme
    by_kind = text_of(client.get(f"/p/{world.plein}/partners/?kind=government"))
    assert "Bibliotheek Taalhuis" in by_kind and "Schuldhulp Alfa" not in by_kind
    nothing = text_of(client.get(f"/p/{world.plein}/partners/?q=zzzz"))
    assert "Geen partners gevonden" in nothing


def test_quick_start_offers_the_handreikings_partners():
    names = [s.name for s in SUGGESTIONS]
    for required in ("Formulierenbrigade", "GGZ/GGD", "Humanitas", "Jongerenwerk",
                     "Juridisch Loket", "Leger des Heils", "LSTA (thuisadministratie)",
                     "Mantelzorgsteunpunt", "Ouderenbonden (KBO, ANBO, PCOB)",
                     "Politie – wijkagent", "Schuldhulpverlening", "Scheidingscafé",
                     "Stichting MEE", "Sociaal raadslieden", "Sociaal wijkteam/gebiedsteam",
                     "Taalmaatjes", "Vrijwilligerscentrale", "Vluchtelingenwerk",
                     "Welzijnsorganisatie", "Woningcorporatie", "(digi)Taalhuis"):
        assert required in names
    assert any(name.startswith("IDO") for name in names)


def test_search_treats_wildcards_as_text(client, world):
    login(client, "lead")
    for query in ("%25", "_"):
        page = text_of(client.get(f"/p/{world.plein}/partners/?q={query}"))
        assert "Geen partners gevonden" in page


def test_names_are_unique_in_any_alphabet(ctx, world):
    plein, lead = _ctx(world)
    register.create_partner(plein, by=lead, name="Ökumenisch Café")
    with pytest.raises(ServiceError, match="staat al"):
        register.create_partner(plein, by=lead, name="ökumenisch café")

