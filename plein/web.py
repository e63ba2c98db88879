"""Cross-cutting web behaviour, wired up in one place: request checks and security
headers (``plein.headers``), error pages (``plein.error_pages``), Dutch formatting
(``plein.formatting``), links (``plein.urls``), and what every template may use."""

from flask import g, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from plein import error_pages, formatting, headers
from plein.accounts import access
from plein.accounts.models import Role
from plein.error_pages import error_response  # noqa: F401 (views import it from here)
from plein.headers import check_every_view_is_guarded  # noqa: F401 (create_app)
from plein.urls import is_web_url


def init_app(app):
    headers.init_app(app)
    error_pages.init_app(app)
    formatting.init_app(app)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.before_request(_wtforms_translations)
    app.context_processor(_template_context)
    app.jinja_env.globals.update(can=access.can, may_open=access.may_open, Role=Role,
                                 csrf_input=csrf_input)
    app.jinja_env.tests["web_url"] = is_web_url


@access.guard(access.PUBLIC)
def healthz():
    """For monitoring (and the benchmark's baseline): the app answers; no database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


def csrf_input():
    """``<input type="hidden" name="csrf_token" ...>``, built once per request."""
    html = g.get("_csrf_input")
    if html is None:
        html = g._csrf_input = Markup(
            '<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())
    return html


_WTFORMS_NL = []


def _wtforms_translations():
    """WTForms' Dutch messages, read from disk once per process: Flask-WTF reads the
    file again for every request that builds a form unless the request carries them."""
    if not _WTFORMS_NL:
        from babel.support import Translations
        from wtforms.i18n import messages_path

        _WTFORMS_NL.append(Translations.load(messages_path(), ["nl"], domain="wtforms"))
    request.wtforms_translations = _WTFORMS_NL[0]


class Lazy:
    """A list made on first use: every render gets the plein menu, but an htmx fragment
    never shows it (and after a commit it would reload the user's memberships)."""

    def __init__(self, make):
        self._make, self._items = make, None

    def _list(self):
        if self._items is None:
            self._items = list(self._make())
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self):
        return len(self._list())

    def __bool__(self):
        return bool(self._list())


def _template_context():
    context = {}
    if current_user.is_authenticated:
        context["my_pleinen"] = Lazy(lambda: access.plein_choices(current_user))
    context["plein"] = g.get("plein")
    context["roles"] = g.get("roles", frozenset())
    return context
