"""Security headers on every response and the checks every request passes first."""

from flask import current_app, request
from werkzeug.routing import IntegerConverter

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
MAX_ID = 2**31 - 1  # the largest id any database here stores; bigger ones are not found


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too big for the database is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app):
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_nul_bytes)
    app.after_request(_security_headers)


def _refuse_nul_bytes():
    """NUL cannot be stored (PostgreSQL refuses it) and has no place in any input."""
    if "\x00" in request.path or any("\x00" in value
                                      for values in request.values.listvalues()
                                      for value in values):
        from plein.error_pages import error_response

        return error_response(400, "Er staan ongeldige tekens in wat je verstuurde.")
    return None


def _security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    hsts = current_app.config.get("HSTS")
    if hsts:
        headers["Strict-Transport-Security"] = hsts
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def check_every_view_is_guarded(app):
    """Fail at startup when a view lacks ``@guard``: no route is open by accident."""
    open_views = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "guard")
    ]
    if open_views:
        raise RuntimeError(f"views without @guard: {', '.join(sorted(open_views))}")
