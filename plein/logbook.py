"""The logboek page, shown for one plein (dashboard) and for the installation (admin):
a shared page helper on a low floor, so admin does not import a dashboard view."""

from flask import request

from plein import audit
from plein.htmx import render


def log_page(plein):
    """The logboek page of one plein, or of the installation when ``plein`` is None."""
    page = max(1, min(request.args.get("pagina", 1, type=int), 10_000))
    events, has_more = audit.events_for(plein, page=page)
    return render("audit/index.html", plein=plein, events=events, page=page,
                  has_more=has_more)
