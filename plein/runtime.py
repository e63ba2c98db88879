"""Getting a server process ready before its first request (``wsgi.py`` calls ``settle``).

Python's garbage collector now and then walks every object the process holds (a full
collection). A worker holds about 130,000 long-lived objects: mapped classes, compiled
templates, Babel's and pyphen's Dutch data. Walking them took 80–125 ms on the 2-core
test machine, about once every 20 matrix pages: those requests were the slow tail.
``settle`` loads what every worker needs sooner or later, then freezes it
(``gc.freeze``): a full collection only walks what came later. Nothing is kept alive
that would otherwise be freed; frozen objects are the ones that live as long as the
process anyway.
"""

import gc
from datetime import UTC, date, datetime

from sqlalchemy.orm import configure_mappers


def settle(app):
    """Load templates, mappers and lazily loaded language data, then freeze them."""
    from plein import formatting

    with app.app_context():
        configure_mappers()
        for name in app.jinja_env.list_templates(filter_func=_is_template):
            app.jinja_env.get_template(name)
        formatting.soft_hyphens("voorbereiding")  # pyphen's Dutch dictionary
        formatting.nl_date(date(2026, 1, 1))  # Babel's month names
        formatting.nl_datetime(datetime(2026, 1, 1, tzinfo=UTC))
        with app.test_request_context():
            app.preprocess_request()  # WTForms' Dutch messages
    gc.collect()
    gc.freeze()


def _is_template(name):
    return name.endswith(".html")
