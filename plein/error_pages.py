"""Error pages: every refusal and failure answers with a Dutch page (or, for htmx, the
message in the page's message area), never Werkzeug's English one."""

import logging

from flask import request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError

from plein.errors import ServiceError
from plein.extensions import db
from plein.htmx import render

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


def init_app(app):
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(StaleDataError, _conflict)
    app.register_error_handler(IntegrityError, _conflict)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


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


class Refusal(HTTPException):
    """``raise Refusal(410, "…", "Al gebruikt")``: an error page with a title of its own
    (the default titles do not fit every case: a used link has not expired)."""

    def __init__(self, code, description, title):
        self.code, self.title = code, title
        super().__init__(description)


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
    response = error_response(error.code, own, getattr(error, "title", None))
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
    logging.getLogger("plein").exception("unhandled error", exc_info=error)
    return error_response(500)
