"""Query budgets: every page and htmx fragment costs the same number of SQL statements
whatever the size of the plein (no N+1), and a fragment weighs a fraction of its page.

Two pleinen from bench/seed.py: a small one (5 partners, 20 items, 1 version, 3
parties) and a large one (40 partners, 120 items, 3 versions, 25 parties). The counts
are printed as a table (also without ``-s``).
"""

import random
from dataclasses import replace

from bench import seed
from bench.measure import measure
from bench.pages import BY_NAME, PAGES
from plein.extensions import db
from tests.conftest import report

SMALL = seed.SMALL
LARGE = replace(seed.REALISTIC, audit_events=300)  # the audit log pages by 50 anyway
FRAGMENT_MAX = 0.15  # a fragment is at most 15 % of the page it updates


def test_queries_do_not_grow_with_the_data_and_fragments_stay_light(app):
    with app.app_context():
        small = seed.seed_plein(1, random.Random(1), SMALL)
        large = seed.seed_plein(2, random.Random(2), LARGE)
        db.session.commit()
    results = {}
    for page in PAGES:
        results[page.name] = (measure(app, small, page), measure(app, large, page))

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
    report("SQL statements per request (query budget)", lines)
    assert not problems, "\n".join(problems)
    assert BY_NAME["hello (/healthz)"] and results["hello (/healthz)"][1][0] == 0


def test_seed_is_deterministic(app):
    """The same seed gives the same partners, scores, decisions, items and answers."""
    from sqlalchemy import select

    from plein.agreements.models import Signature
    from plein.assessment.models import Decision, Score
    from plein.partners.models import Partner
    from plein.roadmap.models import ChecklistItem

    def shape(plein_id):
        partners = db.session.scalars(select(Partner).where(Partner.plein_id == plein_id)
                                      .order_by(Partner.id)).all()
        ids = [p.id for p in partners]
        return (
            [(p.name, p.kind, p.status) for p in partners],
            db.session.execute(select(Score.value).where(Score.partner_id.in_(ids))
                               .order_by(Score.partner_id, Score.criterion_id)).scalars().all(),
            db.session.execute(select(Decision.value).where(Decision.partner_id.in_(ids))
                               .order_by(Decision.partner_id)).scalars().all(),
            db.session.execute(select(ChecklistItem.title, ChecklistItem.status)
                               .where(ChecklistItem.plein_id == plein_id)
                               .order_by(ChecklistItem.id)).all(),
            db.session.execute(select(Signature.status).where(Signature.partner_id.in_(ids))
                               .order_by(Signature.id)).scalars().all(),
        )

    with app.app_context():
        first = seed.seed_plein(1, random.Random(42), SMALL)
        second = seed.seed_plein(2, random.Random(42), SMALL)
        db.session.commit()
        assert shape(first.plein_id) == shape(second.plein_id)
        assert shape(first.plein_id)[1]  # scores were made at all
