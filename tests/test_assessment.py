"""The afwegingstabel's rules: totals, ranks, locked weights, decisions and the checks.

The pages and their forms are in test_assessment_pages.py.
"""

import ast
import csv
import io
import pathlib

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from plein.accounts.models import Plein, User
from plein.assessment import checks, ranking
from plein.assessment import service as assessment
from plein.assessment.defaults import COMMERCIAL_CHECKS, CRITERIA
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.exports import dutch_number
from plein.extensions import db
from plein.partners import service as register
from tests.conftest import login, text_of

pytestmark = pytest.mark.shared_world  # one world per module, each test rolled back


def _ctx(world):
    return db.session.get(Plein, world.plein), db.session.get(User, world.lead_id)


class C:  # a stand-in criterion for the pure total() function
    def __init__(self, id, weight):
        self.id, self.weight = id, weight


class S:
    def __init__(self, value):
        self.value = value


def test_total_is_a_percentage_over_scored_criteria_only():
    criteria = [C(1, 3), C(2, 1), C(3, 2)]
    # 3*3 + 1*1 over a maximum of 3*3 + 1*3 = 10/12; criterion 3 is missing, not 0
    assert ranking.total(criteria, {1: S(3), 2: S(1)}) == (83.3, 1)
    assert ranking.total(criteria, {}) == (None, 3)
    assert ranking.total(criteria, {1: S(0), 2: S(0), 3: S(0)}) == (0.0, 0)
    assert ranking.total(criteria, {1: S(3), 2: S(3), 3: S(3)}) == (100.0, 0)


def test_ranking_orders_by_total_shares_equal_ranks_and_leaves_unscored_last(ctx, world):
    """Only a partner scored on every criterion is ranked (issue 13, point 12): Ee has
    100% on the one criterion it was scored on and used to rank first."""
    plein, lead = _ctx(world)
    criteria = assessment.criteria_of(plein)
    a = register.create_partner(plein, by=lead, name="Aa")
    b = register.create_partner(plein, by=lead, name="Bb")
    c = register.create_partner(plein, by=lead, name="Cc")
    register.create_partner(plein, by=lead, name="Dd")  # never scored
    e = register.create_partner(plein, by=lead, name="Ee")  # scored on one criterion
    for partner, value in ((a, 2), (b, 3), (c, 2)):
        for criterion in criteria:
            assessment.set_score(plein, partner, criterion, value, by=lead)
    assessment.set_score(plein, e, criteria[0], 3, by=lead)
    _, rows = ranking.matrix(plein)
    ranked = [(r.partner.name, r.rank, r.percent) for r in rows
              if r.partner.name in ("Aa", "Bb", "Cc", "Dd", "Ee")]
    assert ranked == [("Bb", 1, 100.0), ("Aa", 2, 66.7), ("Cc", 2, 66.7), ("Ee", None, 100.0),
                      ("Dd", None, None)]
    dd = next(r for r in rows if r.partner.name == "Dd")
    assert dd.missing == len(criteria) and not dd.incomplete
    ee = next(r for r in rows if r.partner.name == "Ee")
    assert ee.incomplete and ee.missing == len(criteria) - 1


def test_weights_lock_after_the_first_score_and_unlocking_is_logged(ctx, world):
    plein, lead = _ctx(world)
    criterion = assessment.criteria_of(plein)[0]
    partner = register.create_partner(plein, by=lead, name="Testpartner")
    assessment.update_criterion(plein, criterion, by=lead, expected_version=1,
                                group=criterion.group, title=criterion.title,
                                explanation="", weight=1)  # no scores yet: allowed
    assessment.set_score(plein, partner, criterion, 2, by=lead)
    assert assessment.weights_locked(plein)
    with pytest.raises(ServiceError, match="liggen vast"):
        assessment.update_criterion(plein, criterion, by=lead, expected_version=2,
                                    group=criterion.group, title=criterion.title,
                                    explanation="", weight=3)
    with pytest.raises(ServiceError, match="liggen vast"):
        assessment.delete_criterion(plein, criterion, by=lead)
    # the text may still be improved while locked
    assessment.update_criterion(plein, criterion, by=lead, expected_version=2,
                                group=criterion.group, title="Nieuwe naam",
                                explanation="uitleg", weight=1)
    with pytest.raises(ServiceError, match="waarom"):
        assessment.set_weights_unlocked(plein, True, by=lead, reason=" ")
    assessment.set_weights_unlocked(plein, True, by=lead, reason="MT wil capaciteit zwaarder")
    assessment.update_criterion(plein, criterion, by=lead, expected_version=3,
                                group=criterion.group, title="Nieuwe naam",
                                explanation="uitleg", weight=3)
    assessment.set_weights_unlocked(plein, False, by=lead)
    assert assessment.weights_locked(plein)
    db.session.commit()
    log = db.session.scalars(select(AuditEvent.summary).where(
        AuditEvent.action.in_(("criteria.unlock", "criteria.lock", "criteria.update")))
        .order_by(AuditEvent.id)).all()
    assert "Gewichten ontgrendeld: MT wil capaciteit zwaarder" in log
    assert "Gewichten weer vastgezet" in log
    assert any("(gewicht 1 → 3)" in line for line in log)


def test_scoring_every_criterion_at_once_is_one_event_that_fits_the_log(ctx, world):
    plein, lead = _ctx(world)
    partner = register.get_partner(plein, world.welzijn)
    criteria = assessment.criteria_of(plein)
    entries = {c: (None, "", 2, "") for c in criteria}
    assert assessment.save_scores(plein, partner, entries, by=lead) == len(criteria)
    db.session.commit()
    [summary] = db.session.scalars(select(AuditEvent.summary).where(
        AuditEvent.action == "score.set")).all()
    assert summary.startswith("Scores van Welzijn Alfa: '") and len(summary) <= 460
    shown = summary.count("2 (grotendeels)")
    assert summary.endswith(f"en nog {len(criteria) - shown} andere")  # said, not cut off


def test_an_unlock_reason_is_never_cut_short(ctx, world):
    plein, lead = _ctx(world)
    with pytest.raises(ServiceError, match="hoogstens 300 tekens"):
        assessment.set_weights_unlocked(plein, True, by=lead, reason="x" * 301)


def test_commercial_partner_needs_four_yes_checks_before_ja(ctx, world):
    plein, lead = _ctx(world)
    shop = register.create_partner(plein, by=lead, name="Telefoonwinkel", kind="commercial")
    with pytest.raises(ServiceError, match="vier de controles"):
        assessment.decide(plein, shop, "yes", "goed idee", by=lead)
    answers = {c.key: (True, "") for c in COMMERCIAL_CHECKS}
    answers[COMMERCIAL_CHECKS[1].key] = (False, "eerste gesprek gratis, daarna betaald")
    checks.answer_checks(plein, shop, answers, by=lead)
    with pytest.raises(ServiceError):
        assessment.decide(plein, shop, "yes", "goed idee", by=lead)
    assessment.decide(plein, shop, "later", "eerst afspraken over kosten", by=lead)  # allowed
    answers[COMMERCIAL_CHECKS[1].key] = (True, "blijft gratis")
    checks.answer_checks(plein, shop, answers, by=lead)
    assessment.decide(plein, shop, "yes", "alle controles in orde", by=lead)
    assert shop.status == "approached"


def test_commercial_ja_cannot_be_kept_without_four_yes_checks(ctx, world):
    plein, lead = _ctx(world)
    partner = register.get_partner(plein, world.welzijn)
    assessment.decide(plein, partner, "yes", "prima", by=lead)
    with pytest.raises(ServiceError, match="vier controles"):
        register.update_partner(plein, partner, by=lead, expected_version=partner.version_id,
                                name=partner.name, kind="commercial")
    shop = register.create_partner(plein, by=lead, name="Winkel", kind="commercial")
    checks.answer_checks(plein, shop, {c.key: (True, "") for c in COMMERCIAL_CHECKS},
                             by=lead)
    assessment.decide(plein, shop, "yes", "controles in orde", by=lead)
    answers = {c.key: (True, "") for c in COMMERCIAL_CHECKS}
    answers[COMMERCIAL_CHECKS[2].key] = (False, "toch kosten")
    assert checks.answer_checks(plein, shop, answers, by=lead) is True
    assert assessment.decision_of(shop).value == "later"


def test_the_register_never_imports_the_afwegingstabel():
    """Imports point one way: the afwegingstabel reads the register, not the reverse (the
    register asks through guard_kind_change)."""
    package = pathlib.Path(register.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith("plein.assessment") for n in names), path.name


def test_a_decision_never_moves_a_partner_backwards(ctx, world):
    plein, lead = _ctx(world)
    partner = register.get_partner(plein, world.welzijn)
    register.set_status(plein, partner, "participating", by=lead, force=True)
    assessment.decide(plein, partner, "yes", "typfout verbeterd", by=lead)
    assert partner.status == "participating"
    assessment.decide(plein, partner, "no", "stopt misschien", by=lead)
    assert partner.status == "participating"


def test_ids_of_another_plein_are_not_found(client, world, app):
    with app.app_context():
        other = db.session.get(Plein, world.other)
        foreign = register.create_partner(other, by=None, name="Elders")
        foreign_criterion = assessment.criteria_of(other)[0]
        db.session.commit()
        foreign_id, foreign_criterion_id = foreign.id, foreign_criterion.id
    login(client, "lead")
    base = f"/p/{world.plein}"
    assert client.get(f"{base}/partners/{foreign_id}").status_code == 404
    assert client.get(f"{base}/afwegingstabel/partner/{foreign_id}").status_code == 404
    assert client.post(f"{base}/afwegingstabel/score/{foreign_id}/{world.criterion}",
                       data={"value": "1"}).status_code == 404
    assert client.post(f"{base}/afwegingstabel/score/{world.welzijn}/{foreign_criterion_id}",
                       data={"value": "1"}).status_code == 404
    assert client.post(f"{base}/afwegingstabel/criteria/{foreign_criterion_id}/verwijderen"
                       ).status_code == 404


def _score_everything(app, world):
    with app.app_context():
        plein, lead = _ctx(world)
        criteria = assessment.criteria_of(plein)
        for partner_id, values in ((world.welzijn, [3, 2, 1]), (world.schuld, [1, 1])):
            partner = register.get_partner(plein, partner_id)
            for criterion, value in zip(criteria, values, strict=False):
                assessment.set_score(plein, partner, criterion, value, by=lead)
        db.session.commit()
        _, rows = ranking.matrix(plein)
        return {r.partner.name: r.percent for r in rows}


def test_exports_parse_back_to_the_numbers_on_screen(client, world, app):
    shown = _score_everything(app, world)
    login(client, "mt")
    page = text_of(client.get(f"/p/{world.plein}/afwegingstabel/"))
    for percent in shown.values():
        if percent is not None:
            assert f"{dutch_number(percent)}%" in page
    csv_response = client.get(f"/p/{world.plein}/afwegingstabel/export.csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.get_data(as_text=True).lstrip("\ufeff")),
                               delimiter=";"))
    for row in rows:
        expected = shown[row["partner"]]
        got = float(row["totaal %"].replace(",", ".")) if row["totaal %"] else None
        assert got == expected
    assert any("(gewicht " in key for key in rows[0])
    book = load_workbook(io.BytesIO(client.get(
        f"/p/{world.plein}/afwegingstabel/export.xlsx").get_data()))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    total_col = header.index("totaal %")
    for values in sheet.iter_rows(min_row=2, values_only=True):
        assert values[total_col] == shown[values[1]]


def test_exports_neutralise_formulas(client, world, app):
    with app.app_context():
        plein, lead = _ctx(world)
        register.create_partner(plein, by=lead, name="=HYPERLINK(\"http://evil\")")
        db.session.commit()
    login(client, "lead")
    text = client.get(f"/p/{world.plein}/afwegingstabel/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get(
        f"/p/{world.plein}/afwegingstabel/export.xlsx").get_data()))
    names = [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://evil\")" in names


def test_partner_user_finds_no_score_anywhere(client, world, app):
    _score_everything(app, world)
    login(client, "partner")
    for path in ("afwegingstabel/", "afwegingstabel/export.csv", "afwegingstabel/export.xlsx",
                 "afwegingstabel/afdrukken", "afwegingstabel/vergelijk",
                 f"afwegingstabel/partner/{world.welzijn}", "afwegingstabel/criteria",
                 "partners/", f"partners/{world.welzijn}", "partner", "logboek"):
        response = client.get(f"/p/{world.plein}/{path}")
        body = response.get_data(as_text=True)
        assert "%" not in text_of(response).replace("100%", ""), path
        assert "score" not in body.lower() or response.status_code == 403, path
        if path != "partner":
            assert response.status_code == 403, path
    fragment = client.post(f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/"
                           f"{world.criterion}", data={"value": "3"},
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 403 and "%" not in text_of(fragment)


def test_default_criteria_cover_the_topics():
    text = " ".join(f"{c.title} {c.explanation}" for c in CRITERIA).lower()
    for topic in ("visie", "doelgroep", "lokale", "expertise", "verwijs", "nieuwe",
                  "capaciteit", "één persoon", "kosten", "belang"):
        assert topic in text, topic
    assert {c.group for c in CRITERIA} == {"fit", "added_value", "feasibility"}
    assert all(1 <= c.weight <= 3 for c in CRITERIA)


def test_compare_copes_with_odd_ids_and_too_many(client, world):
    login(client, "lead")
    assert client.get(f"/p/{world.plein}/afwegingstabel/vergelijk?p=%C2%B2").status_code == 200
    many = "&".join(f"p={i}" for i in range(1, 6))
    page = text_of(client.get(f"/p/{world.plein}/afwegingstabel/vergelijk?{many}"))
    assert "Kies minstens twee en hoogstens vier partners." in page


def test_matrix_selects_post_their_score_and_swap_nothing(client, world):
    """Each cell's select posts on change (htmx's default for a select) and inherits
    hx-swap="none" from the table body: the totals and ranks come out-of-band."""
    import re

    login(client, "lead")
    html = client.get(f"/p/{world.plein}/afwegingstabel/").get_data(as_text=True)
    assert '<tbody hx-swap="none">' in html
    selects = re.findall(r"<select name=\"value\"[^>]*>", html)
    assert selects and all("hx-post=" in s and "hx-swap" not in s and "hx-trigger" not in s
                           for s in selects)
