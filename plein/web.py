"""Cross-cutting web behaviour: security headers, error pages, template helpers."""

from datetime import datetime

from flask import g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError
from werkzeug.routing import IntegerConverter

from plein.accounts import access
from plein.accounts.models import ROLE_LABELS
from plein.errors import ServiceError
from plein.exports import dutch_number
from plein.extensions import db
from plein.htmx import render
from plein.numbers import euro
from plein.timeutil import LOCAL_TZ

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

ERROR_TEXT = {
    400: ("Ongeldig verzoek", "Dit verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "Je hebt geen rechten voor deze actie. Vraag zo nodig de "
          "projectleider om een andere rol."),
    404: ("Niet gevonden", "Deze pagina bestaat niet, of je hebt er geen toegang toe."),
    405: ("Niet toegestaan", "Deze actie kan zo niet worden uitgevoerd."),
    409: ("Conflict", "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw "
          "en probeer het nog eens."),
    410: ("Verlopen", "Deze link is niet meer geldig."),
    413: ("Te groot", "Wat je verstuurde is te groot. Maak het kleiner en probeer opnieuw."),
    429: ("Te veel pogingen", "Wacht even en probeer het dan opnieuw."),
    500: ("Er ging iets mis", "Er ging aan onze kant iets mis. Je wijziging is niet "
          "opgeslagen. Probeer het later nog eens; blijft het misgaan, meld het dan bij "
          "de beheerder."),
}
CSRF_TEXT = (
    "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
)


MAX_ID = 2**31 - 1  # the largest id any database here stores; bigger ones are not found


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too big for the database is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app):
    app.url_map.converters["int"] = IdConverter
    app.add_url_rule("/healthz", "healthz", healthz)
    app.before_request(_refuse_nul_bytes)
    app.before_request(_wtforms_translations)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(StaleDataError, _conflict)
    app.register_error_handler(IntegrityError, _conflict)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.context_processor(_template_context)
    app.jinja_env.globals.update(can=access.can, ROLE_LABELS=ROLE_LABELS,
                                 csrf_input=csrf_input)
    app.jinja_env.filters["role_label"] = ROLE_LABELS.get
    app.jinja_env.filters["soft_hyphens"] = soft_hyphens
    app.jinja_env.filters["euro"] = euro
    app.jinja_env.filters["nl_number"] = dutch_number
    app.jinja_env.tests["web_url"] = is_web_url
    app.jinja_env.filters["nl_date"] = nl_date
    app.jinja_env.filters["nl_datetime"] = nl_datetime


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


def is_web_url(value):
    """True for an http(s) address: the only kind of stored link a page may turn into an
    href (a ``javascript:`` URL would run when clicked)."""
    return str(value or "").strip().lower().startswith(("https://", "http://"))


_MONTHS = {}


def _months(width):
    """Babel's Dutch month names ("maart", "mrt"), looked up once: asking Babel per date
    cost the roadmap page a tenth of its time."""
    if width not in _MONTHS:
        from babel.dates import get_month_names

        names = get_month_names(width, "format", "nl")
        _MONTHS[width] = {month: names[month] for month in range(1, 13)}
    return _MONTHS[width]


def _local(value):
    """A date as it is; an aware datetime in the library's time zone."""
    if isinstance(value, datetime):
        from zoneinfo import ZoneInfo

        return value.astimezone(ZoneInfo(LOCAL_TZ))
    return value


def nl_date(value):
    """5 maart 2026 (what Babel's "d MMMM yyyy" gives, without its per-call cost)."""
    value = _local(value)
    return f"{value.day} {_months('wide')[value.month]} {value.year}"


def nl_datetime(value):
    """5 mrt 2026 14:05 (Babel's "d MMM yyyy HH:mm")."""
    value = _local(value)
    return (f"{value.day} {_months('abbreviated')[value.month]} {value.year} "
            f"{value.hour:02d}:{value.minute:02d}")


_HYPHENATOR = None


def soft_hyphens(text):
    """Dutch text with soft hyphens, so narrow table headers break words at syllables
    (browsers hyphenate Dutch only with a dictionary an intranet machine may lack)."""
    global _HYPHENATOR
    if _HYPHENATOR is None:
        import pyphen

        _HYPHENATOR = pyphen.Pyphen(lang="nl_NL")
    return " ".join(_HYPHENATOR.inserted(word, hyphen="\u00ad") for word in str(text).split())


def check_every_view_is_guarded(app):
    """Fail at startup when a view lacks ``@guard``: no route is open by accident."""
    open_views = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "guard")
    ]
    if open_views:
        raise RuntimeError(f"views without @guard: {', '.join(sorted(open_views))}")


_WTFORMS_NL = []


def _wtforms_translations():
    """WTForms' Dutch messages, read from disk once per process: Flask-WTF reads the
    file again for every request that builds a form unless the request carries them."""
    if not _WTFORMS_NL:
        from babel.support import Translations
        from wtforms.i18n import messages_path

        _WTFORMS_NL.append(Translations.load(messages_path(), ["nl"], domain="wtforms"))
    request.wtforms_translations = _WTFORMS_NL[0]


def _refuse_nul_bytes():
    """NUL cannot be stored (PostgreSQL refuses it) and has no place in any input."""
    if "\x00" in request.path or any("\x00" in value
                                      for values in request.values.listvalues()
                                      for value in values):
        return error_response(400, "Er staan ongeldige tekens in wat je verstuurde.")
    return None


def _security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def error_response(status, message=None, title=None):
    """A Dutch error page; for htmx the message goes into the page's message area."""
    default_title, default_message = ERROR_TEXT.get(status, ERROR_TEXT[500])
    headers = None
    if request.htmx:
        headers = {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
    return render(
        "errors/error.html",
        "message",
        status=status,
        headers=headers,
        status_code=status,
        title=title or default_title,
        message=message or default_message,
    )


def _service_error(error):
    db.session.rollback()
    return error_response(409, str(error), "Dat kan niet")


def _csrf_error(_error):
    return error_response(400, CSRF_TEXT, "Formulier verlopen")


def _http_error(error):
    if error.code is None or error.code < 400:
        return error
    if error.code == 401:
        return error_response(403)
    if isinstance(error, SecurityError):  # a Host not in TRUSTED_HOSTS: no URLs to build
        return "Onbekende hostnaam.", 400, {"Content-Type": "text/plain; charset=utf-8"}
    # abort(404, "…") passes a Dutch description of our own; Werkzeug's are English.
    own = error.description if error.description != type(error).description else None
    response = error_response(error.code, own)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = dict(error.get_headers())["Retry-After"]
    return response


def _conflict(_error):
    """Two saves collided (a stale version, or a unique value taken in the meantime)."""
    db.session.rollback()
    return error_response(409)


def _server_error(error):
    db.session.rollback()
    import logging

    logging.getLogger("plein").exception("unhandled error", exc_info=error)
    return error_response(500)


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
