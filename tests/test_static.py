"""Static files: versioned URLs cached for a year, gzip on the wire, a light first visit."""

import gzip
import re
from pathlib import Path

from tests.conftest import login, report

STATIC = Path(__file__).resolve().parent.parent / "static"
FIRST_VISIT_BUDGET = 40 * 1024  # gzip-transferred CSS + JS of a first visit


def _assets(html):
    return re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)\?v=[0-9a-f]+)"', html)


def test_pages_link_versioned_assets_cached_for_a_year(client, world):
    login(client, "lead")
    html = client.get(f"/p/{world.plein}/").get_data(as_text=True)
    urls = _assets(html)
    assert len(urls) == 4, urls  # Pico, app.css, htmx, app.js
    response = client.get(urls[0])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unversioned_or_outdated_url_is_revalidated(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_text_is_sent_gzip_compressed_when_accepted(client):
    plain = client.get("/static/css/app.css")
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == (STATIC / "css/app.css").read_bytes()
    zipped = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert zipped.headers["ETag"] != plain.headers["ETag"]


def test_missing_or_escaping_paths_are_404(client):
    assert client.get("/static/css/nope.css").status_code == 404
    assert client.get("/static/../plein/config.py").status_code == 404


def test_first_visit_css_and_js_fit_the_budget(client, world):
    login(client, "lead")
    html = client.get(f"/p/{world.plein}/").get_data(as_text=True)
    sizes = {url.split("?")[0]: len(client.get(url, headers={"Accept-Encoding": "gzip"})
                                     .get_data()) for url in _assets(html)}
    total = sum(sizes.values())
    report("First visit, CSS + JS as transferred (gzip)",
           [*(f"{url:<50} {size:>7} bytes" for url, size in sizes.items()),
            f"{'total':<50} {total:>7} bytes (budget {FIRST_VISIT_BUDGET})"])
    assert total <= FIRST_VISIT_BUDGET
