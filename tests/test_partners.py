"""Partner register and afwegingstabel."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from plein.accounts.models import Plein, User
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners import assessment
from plein.partners import service as register
from plein.partners.defaults import COMMERCIAL_CHECKS, CRITERIA, SUGGESTIONS
from plein.partners.export import dutch_number
from plein.partners.models import Partner, PartnerStatusChange, Score
from tests.conftest import login, text_of

HTMX = {"HX-Request": "true"}


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
    assert assessment.total(criteria, {1: S(3), 2: S(1)}) == (83.3, 1)
    assert assessment.total(criteria, {}) == (None, 3)
    assert assessment.total(criteria, {1: S(0), 2: S(0), 3: S(0)}) == (0.0, 0)
    assert assessment.total(criteria, {1: S(3), 2: S(3), 3: S(3)}) == (100.0, 0)


def test_ranking_orders_by_total_shares_equal_ranks_and_leaves_unscored_last(ctx, world):
    plein, lead = _ctx(world)
    criteria = assessment.criteria_of(plein)
    a = register.create_partner(plein, by=lead, name="Aa")
    b = register.create_partner(plein, by=lead, name="Bb")
    c = register.create_partner(plein, by=lead, name="Cc")
    register.create_partner(plein, by=lead, name="Dd")  # never scored
    for partner, value in ((a, 2), (b, 3), (c, 2)):
        assessment.set_score(plein, partner, criteria[0], value, by=lead)
    _, rows = assessment.matrix(plein)
    ranking = [(r.partner.name, r.rank, r.percent) for r in rows
               if r.partner.name in ("Aa", "Bb", "Cc", "Dd")]
    assert ranking == [("Bb", 1, 100.0), ("Aa", 2, 66.7), ("Cc", 2, 66.7), ("Dd", None, None)]
    dd = next(r for r in rows if r.partner.name == "Dd")
    assert dd.missing == len(criteria)


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


def test_locked_weights_are_refused_over_http_too(client, world, app):
    with app.app_context():
        plein, lead = _ctx(world)
        criterion = assessment.criteria_of(plein)[0]
        partner = register.get_partner(plein, world.welzijn)
        assessment.set_score(plein, partner, criterion, 1, by=lead)
        db.session.commit()
        version, weight = criterion.version_id, criterion.weight
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/afwegingstabel/criteria/{world.criterion}", data={
        "version": version, "group": "fit", "title": "x", "explanation": "",
        "weight": 1 if weight != 1 else 2})
    assert response.status_code == 422
    assert "De gewichten liggen vast" in text_of(response)
    team = client.application.test_client()
    login(team, "team")
    assert team.post(f"/p/{world.plein}/afwegingstabel/gewichten/ontgrendelen",
                     data={"reason": "x"}).status_code == 403


def test_commercial_partner_needs_four_yes_checks_before_ja(ctx, world):
    plein, lead = _ctx(world)
    shop = register.create_partner(plein, by=lead, name="Telefoonwinkel", kind="commercial")
    with pytest.raises(ServiceError, match="vier de controles"):
        assessment.decide(plein, shop, "yes", "goed idee", by=lead)
    answers = {c.key: (True, "") for c in COMMERCIAL_CHECKS}
    answers[COMMERCIAL_CHECKS[1].key] = (False, "eerste gesprek gratis, daarna betaald")
    assessment.answer_checks(plein, shop, answers, by=lead)
    with pytest.raises(ServiceError):
        assessment.decide(plein, shop, "yes", "goed idee", by=lead)
    assessment.decide(plein, shop, "later", "eerst afspraken over kosten", by=lead)  # allowed
    answers[COMMERCIAL_CHECKS[1].key] = (True, "blijft gratis")
    assessment.answer_checks(plein, shop, answers, by=lead)
    assessment.decide(plein, shop, "yes", "alle controles in orde", by=lead)
    assert shop.status == "approached"


def test_decisions_move_the_pipeline_and_need_a_rationale(client, world, app):
    login(client, "team")
    url = f"/p/{world.plein}/afwegingstabel/partner/{world.schuld}/besluit"
    empty = client.post(url, data={"value": "no", "rationale": "", "version": 0})
    assert empty.status_code == 422 and "Dit veld is verplicht." in text_of(empty)
    assert client.post(url, data={"value": "no", "rationale": "Geen capaciteit",
                                  "version": 0}).status_code == 303
    with app.app_context():
        partner = db.session.get(Partner, world.schuld)
        assert partner.status == "rejected"
        steps = db.session.scalars(select(PartnerStatusChange.to_status).where(
            PartnerStatusChange.partner_id == partner.id).order_by(PartnerStatusChange.id)).all()
        assert steps == ["candidate", "rejected"]
    page = text_of(client.get(f"/p/{world.plein}/afwegingstabel/partner/{world.schuld}"))
    assert "Nee — Team" in page and "Geen capaciteit" in page


def test_inline_score_returns_total_ranks_and_ranking_out_of_band(client, world):
    login(client, "team")
    url = f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/{world.criterion}"
    response = client.post(url, data={"value": "2"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'<td id="total-{world.welzijn}" class="total" hx-swap-oob="true">' in body
    assert f'<span id="rank-{world.welzijn}" hx-swap-oob="true">1</span>' in body
    assert f'<span id="rank-{world.schuld}" hx-swap-oob="true">–</span>' in body
    assert '<aside id="ranking"' in body and "Welzijn Alfa — 66,7%" in text_of(response)
    cleared = client.post(url, data={"value": ""}, headers=HTMX)
    assert "Nog geen scores." in text_of(cleared)


@pytest.mark.parametrize("value", ["4", "-1", "x", "3.5", "99999999999999999999"])
def test_score_outside_0_to_3_is_refused(client, world, app, value):
    login(client, "team")
    url = f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/{world.criterion}"
    response = client.post(url, data={"value": value}, headers=HTMX)
    assert response.status_code == 409
    assert "Een score is 0, 1, 2 of 3." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Score)) is None


def test_scores_form_keeps_input_on_error(client, world, app):
    login(client, "lead")
    with app.app_context():
        ids = [c.id for c in assessment.criteria_of(db.session.get(Plein, world.plein))]
    data = {f"score-{ids[0]}": "2", f"explanation-{ids[0]}": "bewaar mij",
            f"score-{ids[1]}": "7"}
    response = client.post(f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/scores",
                           data=data)
    assert response.status_code == 422
    assert "Een score is 0, 1, 2 of 3." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Score)) is None  # nothing half-saved


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
        _, rows = assessment.matrix(plein)
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
                           f"{world.criterion}", data={"value": "3"}, headers=HTMX)
    assert fragment.status_code == 403 and "%" not in text_of(fragment)


def test_active_search_answers_with_a_fragment(client, world, app):
    with app.app_context():
        plein, lead = _ctx(world)
        register.create_partner(plein, by=lead, name="Bibliotheek Taalhuis",
                                themes=["language"], kind="government")
        db.session.commit()
    login(client, "team")
    response = client.get(f"/p/{world.plein}/partners/?q=taal", headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="partner-list"')
    assert "Bibliotheek Taalhuis" in body and "Welzijn Alfa" not in body
    assert "HX-Request" in response.headers["Vary"]
    by_theme = text_of(client.get(f"/p/{world.plein}/partners/?theme=language"))
    assert "Bibliotheek Taalhuis" in by_theme and "Welzijn Alfa" not in by_theme
    by_kind = text_of(client.get(f"/p/{world.plein}/partners/?kind=government"))
    assert "Bibliotheek Taalhuis" in by_kind and "Schuldhulp Alfa" not in by_kind
    nothing = text_of(client.get(f"/p/{world.plein}/partners/?q=zzzz"))
    assert "Geen partners gevonden" in nothing


def test_quick_start_offers_the_handreikings_partners():
    names = [s.name for s in SUGGESTIONS]
    for required in ("Formulierenbrigade", "GGZ/GGD", "Humanitas", "Jongerenwerk",
                     "Juridisch Loket", "Leger des Heils", "LSTA (thuisadministratie)",
                     "Mantelzorgsteunpunt", "Ouderenbonden (KBO, ANBO, PCOB)",
                     "Politie – wijkagent", "Schuldhulpverlening", "Scheidingscafé",
                     "Stichting MEE", "Sociaal raadslieden", "Sociaal wijkteam/gebiedsteam",
                     "Taalmaatjes", "Vrijwilligerscentrale", "Vluchtelingenwerk",
                     "Welzijnsorganisatie", "Woningcorporatie", "(digi)Taalhuis"):
        assert required in names
    assert any(name.startswith("IDO") for name in names)


def test_default_criteria_cover_the_topics():
    text = " ".join(f"{c.title} {c.explanation}" for c in CRITERIA).lower()
    for topic in ("visie", "doelgroep", "lokale", "expertise", "verwijs", "nieuwe",
                  "capaciteit", "één persoon", "kosten", "belang"):
        assert topic in text, topic
    assert {c.group for c in CRITERIA} == {"fit", "added_value", "feasibility"}
    assert all(1 <= c.weight <= 3 for c in CRITERIA)


# -- regressions found in review ----------------------------------------------------

def _ids(app, world):
    with app.app_context():
        return [c.id for c in assessment.criteria_of(db.session.get(Plein, world.plein))]


def test_inline_score_keeps_the_explanation(client, world, app):
    ids = _ids(app, world)
    login(client, "lead")
    client.post(f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/scores", data={
        f"score-{ids[0]}": "1", f"explanation-{ids[0]}": "uitleg 1", f"orig-{ids[0]}": "",
        f"orig-explanation-{ids[0]}": ""})
    client.post(f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/{ids[0]}",
                data={"value": "3"}, headers=HTMX)
    with app.app_context():
        score = db.session.scalar(select(Score))
        assert (score.value, score.explanation) == (3, "uitleg 1")


def test_scores_form_never_overwrites_what_someone_else_saved(app, world):
    ids = _ids(app, world)
    lead, team = app.test_client(), app.test_client()
    login(lead, "lead")
    login(team, "team")
    # the lead opened the page when nothing was scored; meanwhile team scores two cells
    for cid in ids[:2]:
        team.post(f"/p/{world.plein}/afwegingstabel/score/{world.welzijn}/{cid}",
                  data={"value": "2"}, headers=HTMX)
    page_as_loaded = {f"orig-{cid}": "" for cid in ids} | {
        f"orig-explanation-{cid}": "" for cid in ids} | {f"score-{cid}": "" for cid in ids} | {
        f"explanation-{cid}": "" for cid in ids}
    # unchanged fields do not wipe team's scores
    untouched = lead.post(f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/scores",
                          data={**page_as_loaded, f"score-{ids[5]}": "3"})
    assert untouched.status_code == 303
    # changing a score team changed meanwhile is refused, with the typed value kept
    clash = lead.post(f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/scores",
                      data={**page_as_loaded, f"score-{ids[0]}": "0",
                            f"explanation-{ids[0]}": "mijn uitleg"})
    assert clash.status_code == 409
    assert "Iemand anders heeft intussen deze scores gewijzigd" in text_of(clash)
    assert 'value="mijn uitleg"' in clash.get_data(as_text=True)
    with app.app_context():
        stored = dict(db.session.execute(select(Score.criterion_id, Score.value)).all())
        assert stored == {ids[0]: 2, ids[1]: 2, ids[5]: 3}


def test_scores_form_keeps_typed_values_on_a_bad_value(client, world):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/scores",
                           data={f"score-{world.criterion}": "9",
                                 f"explanation-{world.criterion}": "getypt"})
    assert response.status_code == 422
    assert 'value="getypt"' in response.get_data(as_text=True)


def test_commercial_ja_cannot_be_kept_without_four_yes_checks(ctx, world):
    plein, lead = _ctx(world)
    partner = register.get_partner(plein, world.welzijn)
    assessment.decide(plein, partner, "yes", "prima", by=lead)
    with pytest.raises(ServiceError, match="vier controles"):
        register.update_partner(plein, partner, by=lead, expected_version=partner.version_id,
                                name=partner.name, kind="commercial")
    shop = register.create_partner(plein, by=lead, name="Winkel", kind="commercial")
    assessment.answer_checks(plein, shop, {c.key: (True, "") for c in COMMERCIAL_CHECKS},
                             by=lead)
    assessment.decide(plein, shop, "yes", "controles in orde", by=lead)
    answers = {c.key: (True, "") for c in COMMERCIAL_CHECKS}
    answers[COMMERCIAL_CHECKS[2].key] = (False, "toch kosten")
    assert assessment.answer_checks(plein, shop, answers, by=lead) is True
    assert assessment.decision_of(shop).value == "later"


def test_a_decision_never_moves_a_partner_backwards(ctx, world):
    plein, lead = _ctx(world)
    partner = register.get_partner(plein, world.welzijn)
    register.set_status(plein, partner, "participating", by=lead, force=True)
    assessment.decide(plein, partner, "yes", "typfout verbeterd", by=lead)
    assert partner.status == "participating"
    assessment.decide(plein, partner, "no", "stopt misschien", by=lead)
    assert partner.status == "participating"


def test_stale_decision_is_refused(app, world):
    first, second = app.test_client(), app.test_client()
    login(first, "lead")
    login(second, "team")
    url = f"/p/{world.plein}/afwegingstabel/partner/{world.welzijn}/besluit"
    assert first.post(url, data={"value": "yes", "rationale": "a", "version": 0}
                      ).status_code == 303
    stale = second.post(url, data={"value": "no", "rationale": "mijn reden", "version": 0})
    assert stale.status_code == 409
    assert "mijn reden" in stale.get_data(as_text=True)
    with app.app_context():
        assert assessment.decision_of(db.session.get(Partner, world.welzijn)).value == "yes"


def test_criterion_error_keeps_the_typed_text(client, world):
    login(client, "lead")
    response = client.post(f"/p/{world.plein}/afwegingstabel/criteria/{world.criterion}",
                           data={"version": 1, "group": "fit", "title": "x" * 130,
                                 "explanation": "mijn toelichting", "weight": 2})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "mijn toelichting" in body and "x" * 130 in body


def test_compare_copes_with_odd_ids_and_too_many(client, world):
    login(client, "lead")
    assert client.get(f"/p/{world.plein}/afwegingstabel/vergelijk?p=%C2%B2").status_code == 200
    many = "&".join(f"p={i}" for i in range(1, 6))
    page = text_of(client.get(f"/p/{world.plein}/afwegingstabel/vergelijk?{many}"))
    assert "Kies minstens twee en hoogstens vier partners." in page


def test_search_treats_wildcards_as_text(client, world):
    login(client, "lead")
    for query in ("%25", "_"):
        page = text_of(client.get(f"/p/{world.plein}/partners/?q={query}"))
        assert "Geen partners gevonden" in page


def test_names_are_unique_in_any_alphabet(ctx, world):
    plein, lead = _ctx(world)
    register.create_partner(plein, by=lead, name="Ökumenisch Café")
    with pytest.raises(ServiceError, match="staat al"):
        register.create_partner(plein, by=lead, name="ökumenisch café")


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
