"""Submitting the forms a page renders, as a browser would (WebTest), and checking that
every refusal is visible.

A view test of a flow a person uses fetches the page, fills the visible fields of the
form the page renders and submits it: hidden fields (the version a form was made from,
the CSRF token) go along exactly as rendered, so a broken hidden field breaks the test.

    page = web.login("lead").get(f"/p/{world.plein}/partners/nieuw")
    form = form_for(page, "/partners/")
    form["name"] = "Taalhuis"
    done = form.submit(status=303).follow()

    refused = form.submit(status=422)
    assert_errors_visible(web, refused)
"""

import re
from html import unescape

import pytest
from flask import g, request_finished
from webtest import TestApp

from tests.worlds import PASSWORD, email_for


class Web(TestApp):
    """WebTest's TestApp around the real app (CSRF on), remembering the messages of
    every form refused by the last request."""

    def __init__(self, app):
        super().__init__(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})
        self.problems = []

    def login(self, role_or_email, password=PASSWORD):
        email = role_or_email if "@" in role_or_email else email_for(role_or_email)
        form = form_for(self.get("/inloggen"), "/inloggen")
        form["email"], form["password"] = email, password
        form.submit(status=303)
        return self


@pytest.fixture
def web(app):
    """A browser-like client: forms are parsed from the page and sent with their fields
    as rendered, CSRF token included."""
    client = Web(app)

    def remember(_sender, response, **_extra):
        client.problems = [problem for form in g.get("refused_forms", ())
                           for problem in form.problems()]

    app.config["WTF_CSRF_ENABLED"] = True
    request_finished.connect(remember, app)
    try:
        yield client
    finally:
        request_finished.disconnect(remember, app)
        app.config["WTF_CSRF_ENABLED"] = False


def form_for(page, action, index=0):
    """The form on ``page`` whose action ends with (or contains) ``action``."""
    def target(form):  # a form without an action posts to the page's own address
        return form.action or page.request.path

    found = [form for form in page.forms.values() if target(form).split("?")[0].endswith(action)]
    if not found:
        found = [form for form in page.forms.values() if action in target(form)]
    actions = sorted({target(form) for form in page.forms.values()})
    assert found, f"no form posting to {action!r} on {page.request.path}; forms: {actions}"
    # WebTest lists each form twice (by index and by id): keep one of each
    unique = list({id(form): form for form in found}.values())
    return unique[index]


def visible_text(response):
    """The text a person sees: tags, scripts and hidden inputs' values left out."""
    html = response.text
    html = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_errors_visible(web, response):
    """A refused form (422, or 409 for a stale edit) shows every message it carries,
    those of hidden fields included, where a person sees them: next to the field or in
    the summary at the top."""
    assert response.status_int in (409, 422), response.status
    assert web.problems, "the answer says the form was refused, but no form carries a message"
    text = visible_text(response)
    for _id, label, message in web.problems:
        assert " ".join(message.split()) in text, f"not shown: {label} {message!r}"
    if "HX-Request" not in response.request.headers:
        assert 'class="error-summary"' in response.text, "no error summary at the top"
