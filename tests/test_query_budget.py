"""Query budgets: every page and htmx fragment costs the same number of SQL statements
whatever the size of the plein (no N+1), and a fragment weighs a fraction of its page.

Two pleinen from bench/seed.py: a small one (5 partners, 20 items, 1 version, 3
parties) and a large one (40 partners, 120 items, 3 versions, 25 parties). The counts
are printed as a table (also without ``-s``).
"""

import random
from dataclasses import replace

import pytest

from bench import seed
from bench.measure import measure
from bench.pages import BY_NAME, PAGES
from plein.extensions import db
from tests.conftest import report

pytestmark = pytest.mark.heavy  # seeds and servers: handed out first

SMALL = seed.SMALL
# the audit log pages by 50 anyway; the desk's figures are counted in SQL, so 5 tallies
# a day (1,825 in the year) show as well as 40 whether statements grow with them; goals:
# 12 on the small plein (two per kind of indicator), 30 on the large one
LARGE = replace(seed.REALISTIC, audit_events=300, tallies_per_day=5)
# the long lists' seeding: what grows with use (partners, items, parties, the logboek) as
# in the bench, without what those lists do not show (scores on more than one criterion,
# older versions, tallies, goals, referrals): seeding 10x took 13 s, most of it scoring
LISTS = replace(seed.REALISTIC, tallies_per_day=0, criteria=1, versions=1,
                goals_per_source=0, referrals=0, calendar_items=0)
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


# the lists that grow with a plein's age (finding 14 of issue 14)
LONG_LISTS = ["partners", "partners: search", "partners: filter", "logboek",
              "logboek: filter", "logboek: older page", "roadmap", "roadmap: filter",
              "roadmap: filter mine"]
PAGED = ["partners", "logboek", "logboek: older page"]  # a page, not the whole list
PAGE_GROWTH_MAX = 1.5  # a paged list's page at 10x the data, to the page at 1x


@pytest.mark.extended  # 30 s of seeding: .ci/run runs it, make test leaves it out
def test_long_lists_at_ten_times_the_data(app):
    """At 10x today's bench data (capped at the plein's upper bounds) the register,
    the logboek and the roadmap's filters cost no more statements than at 1x, and a
    paged list's page hardly grows (the roadmap is bounded by its items' upper bound)."""
    with app.app_context():
        one = seed.seed_plein(1, random.Random(1), LISTS)
        ten = seed.seed_plein(2, random.Random(2), seed.scaled(LISTS, 10))
        db.session.commit()
    lines = [f"{'page':<24} {'queries 1x':>10} {'queries 10x':>11} {'KB 1x':>6} {'KB 10x':>6}"]
    problems = []
    for name in LONG_LISTS:
        (q1, b1, s1), (q10, b10, s10) = (measure(app, one, BY_NAME[name]),
                                         measure(app, ten, BY_NAME[name]))
        lines.append(f"{name:<24} {q1:>10} {q10:>11} {b1 / 1024:>6.0f} {b10 / 1024:>6.0f}")
        if (s1, s10) != (200, 200):
            problems.append(f"{name}: status {s1} / {s10}")
        if q10 > q1:  # one fewer is fine: a filter that leaves out the plan's items
            problems.append(f"{name}: {q1} statements at 1x, {q10} at 10x")
        if name in PAGED and b10 > PAGE_GROWTH_MAX * b1:
            problems.append(f"{name}: {b10} bytes at 10x, {b1} at 1x")
    report("Long lists at 1x and 10x the bench data (query budget)", lines)
    assert not problems, "\n".join(problems)
