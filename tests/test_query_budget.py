"""Query budgets: every page and htmx fragment costs the same number of SQL statements
whatever the size of the plein (no N+1), and a fragment weighs a fraction of its page.

Two pleinen from bench/seed.py: a small one (5 partners, 20 items, 1 version, 3
parties) and a large one (40 partners, 120 items, 3 versions, 25 parties). The counts
are printed as a table (also without ``-s``).
"""

import random
from dataclasses import replace

from sqlalchemy import event, select

from bench import seed
from bench.pages import BY_NAME, PAGES, values_for
from plein.extensions import db
from plein.roadmap.models import ChecklistItem

SMALL = seed.SMALL
LARGE = replace(seed.REALISTIC, audit_events=300)  # the audit log pages by 50 anyway
FRAGMENT_MAX = 0.15  # a fragment is at most 15 % of the page it updates


class Counter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.count += 1


def _login(client, email):
    response = client.post("/inloggen", data={"email": email, "password": seed.PASSWORD})
    assert response.status_code == 303, f"login as {email} failed"


def _measure(app, seeded, page):
    """(statements, bytes, status) of one request as the page's role."""
    client = app.test_client()
    if page.role != "anonymous":
        _login(client, seeded.lead_email if page.role == "lead" else seeded.partner_email)
    with app.app_context():
        item_id = seeded.toggle_items[0][0]
        item = db.session.scalar(select(ChecklistItem).where(ChecklistItem.id == item_id))
        values = values_for(seeded, (item.id, item.version_id),
                            "open" if item.status == "busy" else "busy")
        db.session.remove()
    headers = {"HX-Request": "true"} if page.htmx else {}
    with app.app_context():
        engine = db.engine
    with Counter(engine) as counter:
        if page.method == "GET":
            response = client.get(page.url(values), headers=headers)
        else:
            response = client.post(page.url(values), data=page.data(values), headers=headers)
    return counter.count, len(response.get_data()), response.status_code


def test_queries_do_not_grow_with_the_data_and_fragments_stay_light(app, capsys):
    with app.app_context():
        small = seed.seed_plein(1, random.Random(1), SMALL)
        large = seed.seed_plein(2, random.Random(2), LARGE)
        db.session.commit()
    results = {}
    for page in PAGES:
        results[page.name] = (_measure(app, small, page), _measure(app, large, page))

    lines = [f"{'page':<28} {'queries small':>13} {'queries large':>13} {'bytes large':>11}"
             f" {'% of page':>9}"]
    problems = []
    for page in PAGES:
        (q_small, _b, s_small), (q_large, b_large, s_large) = results[page.name]
        share = ""
        if page.full_page:
            ratio = b_large / results[page.full_page][1][1]
            share = f"{100 * ratio:.1f}"
            if ratio > FRAGMENT_MAX and page.weighed:
                problems.append(f"{page.name}: {share} % of {page.full_page}")
        lines.append(f"{page.name:<28} {q_small:>13} {q_large:>13} {b_large:>11} {share:>9}")
        if (s_small, s_large) != (200, 200):
            problems.append(f"{page.name}: status {s_small} / {s_large}")
        if q_small != q_large:
            problems.append(f"{page.name}: {q_small} statements small, {q_large} large")
    with capsys.disabled():
        print("\n\nSQL statements per request (query budget)\n" + "\n".join(lines) + "\n")
    assert not problems, "\n".join(problems)
    assert BY_NAME["hello (/healthz)"] and results["hello (/healthz)"][1][0] == 0
