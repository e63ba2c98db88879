"""The one check of what a stored link may be, and links for outside the app."""

import pytest

from plein.urls import external_url, is_web_url
from tests.conftest import make_app


@pytest.mark.parametrize("value", ["https://bibliotheek.nl", "http://wijk.example/pad?x=1",
                                   " HTTPS://Example.org/a "])
def test_web_links_pass(value):
    assert is_web_url(value)


@pytest.mark.parametrize("value", [
    None, "", "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
    "https://", "https:///pad", "//evil.example", "ftp://example.org", "www.example.org",
    "https://a b.example", "https://example.org/\x00", "https://exa\tmple.org",
    "vbscript:msgbox", "https:\\\\evil.example"])
def test_everything_else_is_refused(value):
    assert not is_web_url(value)


def test_external_links_use_the_configured_host_not_the_request_s(db_url):
    app = make_app(db_url, TRUSTED_HOSTS=["plein.bibliotheek.nl", "localhost"])
    with app.test_request_context("/", headers={"Host": "localhost"}):
        assert external_url("accounts.login") == "http://plein.bibliotheek.nl/inloggen"
    production = make_app(db_url, TRUSTED_HOSTS=["plein.bibliotheek.nl"], ENV="production",
                          SEAL_KEY="s" * 64)
    with production.test_request_context("/", headers={"Host": "plein.bibliotheek.nl"}):
        assert external_url("accounts.login") == "https://plein.bibliotheek.nl/inloggen"
    open_host = make_app(db_url)
    with open_host.test_request_context("/", headers={"Host": "intranet.local"}):
        assert external_url("accounts.login") == "http://intranet.local/inloggen"
