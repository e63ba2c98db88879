"""In-process measurements shared by the query-budget test and the HTTP benchmark:
SQL statements and bytes of one request through the Flask test client."""

import statistics
import time

from sqlalchemy import event, select

from bench import seed
from bench.pages import values_for


class Counter:
    """Counts the SQL statements the engine sends while it is active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.count += 1


def login(client, email):
    response = client.post("/inloggen", data={"email": email, "password": seed.PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"login as {email} failed: {response.status_code}")


def current_values(app, seeded, item_id=None):
    """Format values with the toggle item's current version and the opposite status."""
    from plein.extensions import db
    from plein.roadmap.models import ChecklistItem

    item_id = item_id or seeded.toggle_items[0][0]
    with app.app_context():
        item = db.session.scalar(select(ChecklistItem).where(ChecklistItem.id == item_id))
        values = values_for(seeded, (item.id, item.version_id),
                            "open" if item.status == "busy" else "busy")
        db.session.remove()
    return values


def measure(app, seeded, page):
    """(statements, bytes, status) of one request as the page's role. The app must have
    CSRF protection off (a test config)."""
    from plein.extensions import db

    client = app.test_client()
    if page.role != "anonymous":
        login(client, seeded.lead_email if page.role == "lead" else seeded.partner_email)
    values = current_values(app, seeded)
    headers = {"HX-Request": "true"} if page.htmx else {}
    with app.app_context():
        engine = db.engine
    with Counter(engine) as counter:
        if page.method == "GET":
            response = client.get(page.url(values), headers=headers)
        else:
            response = client.post(page.url(values), data=page.data(values), headers=headers)
    return counter.count, len(response.get_data()), response.status_code


def cpu_ms(app, seeded, page, runs=10):
    """Median CPU time of this process per request, in ms, through the test client
    (SQLite runs in-process, so its work counts too). Unlike wall time on a shared
    machine, this hardly moves with the load of other processes."""
    client = app.test_client()
    if page.role != "anonymous":
        login(client, seeded.lead_email if page.role == "lead" else seeded.partner_email)
    headers = {"HX-Request": "true"} if page.htmx else {}
    times = []
    for _ in range(runs + 2):
        values = current_values(app, seeded)
        started = time.process_time()
        if page.method == "GET":
            client.get(page.url(values), headers=headers)
        else:
            client.post(page.url(values), data=page.data(values), headers=headers)
        times.append(1000 * (time.process_time() - started))
    return statistics.median(times[2:])
