"""Links: the one check of what a stored link may be, and links for outside the app."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for

WEB_SCHEMES = ("https", "http")


def is_web_url(value):
    """True for an http(s) address with a host: the only kind of link a person may store
    and a page may turn into an href (a ``javascript:`` URL would run when clicked).
    Every place that accepts a link checks it with this function."""
    text = str(value or "").strip()
    if not text or not text.isprintable() or " " in text:
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def path_for(endpoint, **values):
    """The path of a page outside a request (the demo loader's links back from the
    checklist items it makes, as the views would give them)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def external_url(endpoint, **values):
    """An absolute link to send to someone outside the app (an invitation by mail).

    With ``PLEIN_TRUSTED_HOSTS`` set it uses the first of those host names, never the
    request's Host header (which a client chooses); https in production."""
    hosts = current_app.config.get("TRUSTED_HOSTS")
    if not hosts:
        return url_for(endpoint, _external=True, **values)
    host = hosts[0].lstrip(".")
    scheme = "https" if current_app.config.get("ENV") == "production" else request.scheme
    return f"{scheme}://{host}{url_for(endpoint, **values)}"
