"""CSRF, security headers, htmx fragments and errors."""

import re

import pytest

from tests.conftest import HTMX, login, make_app, text_of
from tests.test_access import MATRIX, url_for_endpoint
from tests.worlds import PASSWORD, email_for

pytestmark = pytest.mark.shared_world  # one world for the module; each test rolled back

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


@pytest.fixture
def csrf_app(db_url):
    return make_app(db_url, WTF_CSRF_ENABLED=True)


def csrf_token(page):
    html = page.get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]


def test_post_without_csrf_token_is_refused_in_dutch(csrf_app, world):
    client = csrf_app.test_client()
    response = client.post("/inloggen", data={"email": email_for("lead"), "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen of ongeldig" in text_of(response)
    assert client.get(f"/p/{world.plein}/").status_code == 302  # not logged in


def test_post_with_csrf_token_works_and_htmx_header_works(csrf_app, world):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/inloggen"))
    response = client.post("/inloggen", data={"csrf_token": token, "email": email_for("lead"),
                                              "password": PASSWORD})
    assert response.status_code == 303
    page = client.get(f"/p/{world.plein}/leden/")
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'',
                             page.get_data(as_text=True))[1]
    # an htmx POST carries the token in the header from <body hx-headers>
    without = client.post(f"/p/{world.plein}/leden/uitnodigen", headers=HTMX,
                          data={"email": "a@test.example", "role": "team"})
    assert without.status_code == 400
    assert without.headers["HX-Retarget"] == "#messages"
    assert "Het formulier is verlopen" in text_of(without)
    with_header = client.post(f"/p/{world.plein}/leden/uitnodigen",
                              headers={**HTMX, "X-CSRFToken": header_token},
                              data={"email": "a@test.example", "role": "team"})
    assert with_header.status_code == 200
    assert "Uitnodiging voor a@test.example aangemaakt" in text_of(with_header)


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_security_headers_on_every_route(app, contract_world, plan_world, as_role, key):
    world = contract_world
    method, _ = MATRIX[key]
    client = as_role("lead")
    url = url_for_endpoint(app, world, key.split(":")[0])
    response = client.get(url) if method == "GET" else client.post(url, data={})
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_headers_on_error_pages_too(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"] == CSP
    assert "Niet gevonden" in text_of(response)


def test_no_inline_scripts_or_styles(client, world):
    login(client, "lead")
    for url in ("/inloggen", f"/p/{world.plein}/", f"/p/{world.plein}/leden/",
                f"/p/{world.plein}/logboek"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html
        assert all(' src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html))


def test_htmx_request_gets_the_fragment_and_vary_header(client, world):
    login(client, "lead")
    full = client.post(f"/p/{world.plein}/leden/uitnodigen",
                       data={"email": "fout", "role": "team"})
    fragment = client.post(f"/p/{world.plein}/leden/uitnodigen", headers=HTMX,
                           data={"email": "fout", "role": "team"})
    assert full.status_code == fragment.status_code == 422
    assert "<html" in full.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<section id="members"')
    assert "Vul een geldig e-mailadres in" in text_of(fragment)
    assert "HX-Request" in fragment.headers["Vary"]
    assert "HX-Request" in full.headers["Vary"]


def test_htmx_error_is_shown_in_the_message_area(client, world):
    login(client, "team")
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", headers=HTMX, data={})
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#messages"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert "<html" not in response.get_data(as_text=True)
    assert "Geen toegang" in text_of(response)


def test_htmx_request_of_logged_out_user_is_sent_to_login(client, world):
    response = client.get(f"/p/{world.plein}/", headers=HTMX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/inloggen?next=")


def test_htmx_success_flash_travels_out_of_band(client, world):
    login(client, "lead")
    response = client.post(
        f"/p/{world.plein}/leden/uitnodiging/{world.invitation}/intrekken", headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<div id="messages" hx-swap-oob="innerHTML">' in body
    assert "Uitnodiging voor new@test.example ingetrokken." in text_of(response)


def test_session_cookie_flags(client, world):
    response = login(client, "lead")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development; production is tested in test_config


def test_server_error_is_dutch(db_url):
    app = make_app(db_url)

    @app.route("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    assert "Er ging aan onze kant iets mis" in text_of(response)
    assert "RuntimeError" not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [  # raw query strings, as an attacker would send them
    "//evil.example/x", "/%09/evil.example", "/%0d/evil.example", "/%5Cevil.example",
    "%2F%2Fevil.example", "https://evil.example/", "/%20/evil.example", "javascript:alert(1)",
])
def test_login_never_redirects_off_site(client, world, query):
    response = client.post("/inloggen?next=" + query,
                           data={"email": email_for("lead"), "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    # already logged in, the GET redirect is just as safe
    again = client.get("/inloggen?next=" + query)
    assert again.headers["Location"] == "/"


def test_next_is_only_remembered_for_pages_not_for_posts(client, world):
    response = client.post(f"/p/{world.plein}/leden/uitnodigen", data={})
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen"
    page = client.get(f"/p/{world.plein}/leden/")
    assert page.headers["Location"] == f"/inloggen?next=/p/{world.plein}/leden/"
    assert "Log in om verder te gaan." in text_of(client.get(page.headers["Location"]))


@pytest.mark.parametrize("path", [
    "/p/99999999999999999999999/", "/p/{plein}/leden/99999999999999999999/verwijderen",
    "/beheer/gebruikers/99999999999999999999/wachtwoord",
])
def test_absurd_ids_are_not_found_not_a_crash(client, world, path):
    login(client, "admin")
    path = path.format(plein=world.plein)
    response = client.post(path) if "/p/9" not in path else client.get(path)
    assert response.status_code == 404


def test_absurd_id_in_a_select_is_a_dutch_form_error(client, world):
    login(client, "admin")
    response = client.post("/beheer/pleinen", data={
        "name": "X", "organisation": "Y", "lead_id": "99999999999999999999"})
    assert response.status_code == 422
    assert "Ongeldige keuze" in text_of(response)


def test_nul_bytes_are_refused_before_they_reach_the_database(client, world):
    response = client.post("/inloggen", data={"email": "a\x00@test.example", "password": "x"})
    assert response.status_code == 400
    assert "ongeldige tekens" in text_of(response)


def test_method_not_allowed_says_which_methods_are(client, world):
    login(client, "lead")
    response = client.get(f"/p/{world.plein}/leden/uitnodigen")
    assert response.status_code == 405
    assert response.headers["Allow"] == "OPTIONS, POST"


def test_stylesheets_the_pages_load_have_no_data_uris(client, world):
    """data: images are blocked by the CSP; the derived Pico copy points at files."""
    login(client, "lead")
    html = client.get(f"/p/{world.plein}/").get_data(as_text=True)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert any("pico.plein.min.css" in href for href in sheets)
    for href in sheets:
        css = client.get(href).get_data(as_text=True)
        assert "data:" not in css, href
        for icon in re.findall(r'url\("(/static/icons/[^"]+)"\)', css):
            assert client.get(icon).status_code == 200, icon
