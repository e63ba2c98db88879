"""Static files: versioned URLs cached for a year, gzip on the wire, a light first visit."""

import gzip
import re
from pathlib import Path

import pytest

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


def test_a_very_long_name_is_404_not_500(client):
    for name in ("a" * 256, "css/" + "b" * 300 + ".css", "x/" * 600):
        response = client.get(f"/static/{name}")
        assert response.status_code == 404
        assert "Niet gevonden" in response.get_data(as_text=True)


def test_memory_stays_flat_over_10000_unknown_paths(app, client):
    """Unknown names are not remembered: a scanner cannot grow a worker's memory.

    Measured with tracemalloc around the static view itself (10,000 requests through the
    whole app would take 20 s); the last lines show the app routes to that same view."""
    import gc
    import tracemalloc

    from werkzeug.exceptions import NotFound

    assets = app.extensions["plein_assets"]

    def scan(start, stop):
        for number in range(start, stop):
            with pytest.raises(NotFound):
                assets.view(f"nope/{number:06d}-{'q' * 40}.css")

    with app.test_request_context("/static/nope.css"):
        scan(0, 500)  # warm up whatever is built on first use
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            scan(500, 10_500)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert grown < 50_000, f"{grown} bytes kept after 10,000 unknown paths"
    known = len(assets._cache)
    for number in range(50):
        assert client.get(f"/static/css/gone-{number}.css").status_code == 404
    assert len(assets._cache) == known
