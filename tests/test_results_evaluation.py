"""Evaluation moments and the partners' questionnaire, through their services:
improvement points become checklist items (and show their live status), recording a
held moment rolls the yearly item on, the questionnaire's one answer per organisation,
and who sees what."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from plein.accounts import service as accounts
from plein.audit import AuditEvent
from plein.errors import ServiceError, StaleError
from plein.extensions import db
from plein.results import evaluation, questionnaire
from plein.results.evaluation_models import Improvement, PartnerAnswer
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemCompletion, ItemStatus
from plein.timeutil import local_today

pytestmark = pytest.mark.shared_world

TODAY = local_today()


def _moment(world, days=-7):
    plein, lead = world.model("plein"), world.user("lead")
    return evaluation.plan_evaluation(plein, by=lead, title="Jaarlijkse evaluatie",
                                      planned_on=TODAY + timedelta(days=days))


def _held(world, moment=None):
    plein, lead = world.model("plein"), world.user("lead")
    moment = moment or _moment(world)
    return evaluation.record_held(
        plein, moment, by=lead, expected_version=moment.version_id, held_on=TODAY,
        people_ids=[lead.id, world.mt_id], partner_ids=[world.welzijn],
        went_well="De balie was altijd bemand.")


def _point(world, moment, title="Spreekkamer inrichten", owner="team", days=30):
    plein, lead = world.model("plein"), world.user("lead")
    return evaluation.add_improvement(
        plein, moment, by=lead, title=title, explanation="Te weinig rust.",
        owner_id=world.user(owner).id, due_date=TODAY + timedelta(days=days),
        origin_url=f"/p/{plein.id}/resultaten/evaluaties/{moment.id}")


def _answer(world, moment, role="partner", version=0, **fields):
    plein, user = world.model("plein"), world.user(role)
    partner = world.model("welzijn" if role == "partner" else "schuld")
    values = {"satisfaction": 4, "works": "Korte lijnen", "change": "Vaker overleggen",
              "referral": "partly", "referral_note": "Terugkoppeling ontbreekt", **fields}
    return questionnaire.answer(plein, moment, partner, by=user, expected_version=version,
                                **values)


def test_an_improvement_point_becomes_a_checklist_item_with_owner_and_deadline(ctx, world):
    moment = _held(world)
    point = _point(world, moment)
    db.session.flush()
    item = point.item
    assert item.phase == "assurance" and item.title == "Spreekkamer inrichten"
    assert item.owner_id == world.team_id and item.due_date == TODAY + timedelta(days=30)
    assert item.origin_key == f"evaluation:{moment.id}"
    assert item.origin_url.endswith(f"/resultaten/evaluaties/{moment.id}")
    assert "Te weinig rust." in item.guidance and "Jaarlijkse evaluatie" in item.guidance
    plein = world.model("plein")
    assert roadmap.items_from(plein, moment.origin_key) == [item]
    # the point shows the item's live status: changed on the roadmap, seen here
    roadmap.set_status(plein, item, ItemStatus.BUSY, by=world.user("team"))
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Improvement, point.id).item.status == ItemStatus.BUSY
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.plein_id == plein.id, AuditEvent.object_type == "Evaluation",
        AuditEvent.object_id == moment.id).order_by(AuditEvent.id)).all()
    assert actions == ["evaluation.plan", "evaluation.record", "evaluation.improvement"]


def test_a_deleted_item_leaves_the_point_with_its_title(ctx, world):
    moment = _held(world)
    point = _point(world, moment)
    db.session.flush()
    roadmap.delete_item(world.model("plein"), point.item, by=world.user("lead"),
                        expected_version=point.item.version_id)
    db.session.flush()
    db.session.expire_all()
    point = db.session.get(Improvement, point.id)
    assert point.item is None and point.title == "Spreekkamer inrichten"


def test_points_need_a_held_moment_an_owner_of_the_team_and_a_future_deadline(ctx, world):
    moment = _moment(world, days=10)
    with pytest.raises(ServiceError, match="leg eerst vast"):
        _point(world, moment)
    _held(world, moment)
    with pytest.raises(ServiceError, match="projectleider of iemand uit het projectteam"):
        _point(world, moment, owner="mt")
    with pytest.raises(ServiceError, match="Kies een deadline vanaf vandaag") as refused:
        _point(world, moment, days=-1)
    assert refused.value.field == "due_date"
    assert roadmap.items_from(world.model("plein"), moment.origin_key) == []


def test_holding_a_moment_marks_the_yearly_item_done_once(ctx, world):
    plein = world.model("plein")
    item = evaluation.evaluation_item(plein)
    assert item.status == ItemStatus.OPEN and item.recurrence == "yearly"
    moment = _held(world)
    db.session.flush()
    completions = db.session.scalars(select(ItemCompletion).where(
        ItemCompletion.item_id == item.id)).all()
    assert [c.completed_on for c in completions] == [TODAY]
    assert item.status == ItemStatus.OPEN  # recurring: open again, a year on
    assert item.due_date.year == TODAY.year + 1
    # correcting the record later is no second evaluation
    evaluation.record_held(plein, moment, by=world.user("lead"),
                           expected_version=moment.version_id, held_on=TODAY,
                           people_ids=[world.lead_id], partner_ids=[],
                           went_well="Aangevuld.")
    db.session.flush()
    assert len(db.session.scalars(select(ItemCompletion).where(
        ItemCompletion.item_id == item.id)).all()) == 1
    # the next moment is suggested a year after the latest one (held or planned)
    latest = max(e.held_on or e.planned_on for e in evaluation.evaluations_of(plein))
    assert evaluation.suggested_date(plein, TODAY) == latest.replace(
        year=latest.year + 1, day=min(latest.day, 28))


def test_recording_refuses_the_future_nobody_foreign_people_and_stale_versions(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    moment = _moment(world)
    base = {"by": lead, "held_on": TODAY, "people_ids": [lead.id], "partner_ids": [],
            "went_well": ""}
    cases = [({"held_on": TODAY + timedelta(days=1)}, "tot en met vandaag"),
             ({"people_ids": []}, "wie er meededen"),
             ({"people_ids": [world.partner_id]}, "deelnemers van de bibliotheek"),
             ({"people_ids": [world.lead_b_id]}, "deelnemers van de bibliotheek")]
    for change, message in cases:
        with pytest.raises(ServiceError, match=message):
            evaluation.record_held(plein, moment, expected_version=moment.version_id,
                                   **{**base, **change})
    with pytest.raises(StaleError):
        evaluation.record_held(plein, moment, expected_version=moment.version_id - 1,
                               **base)
    assert moment.held_on is None


def test_one_answer_per_organisation_two_users_share_it(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    colleague = accounts.create_user("collega@test.example", "Collega Welzijn", "x" * 12)
    accounts.add_membership(plein, colleague, "partner", world.model("welzijn"))
    moment = _moment(world, days=14)
    questionnaire.open_survey(plein, moment, by=lead, expected_version=moment.version_id)
    first = _answer(world, moment)
    db.session.flush()
    # the colleague sees the first answer; one who saw none cannot make a second one
    assert questionnaire.answer_of(moment, world.welzijn) is first
    with pytest.raises(StaleError) as stale:
        questionnaire.answer(plein, moment, world.model("welzijn"), by=colleague,
                             expected_version=0, satisfaction=2, works="", change="",
                             referral="no", referral_note="")
    assert stale.value.current is first
    # changing what they saw is allowed, and still one answer
    questionnaire.answer(plein, moment, world.model("welzijn"), by=colleague,
                         expected_version=first.version_id, satisfaction=2, works="",
                         change="", referral="no", referral_note="")
    db.session.flush()
    rows = db.session.scalars(select(PartnerAnswer).where(
        PartnerAnswer.evaluation_id == moment.id)).all()
    assert len(rows) == 1 and rows[0].satisfaction == 2
    assert rows[0].answered_by_id == colleague.id


def test_answers_only_while_open_and_without_personal_data(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    moment = _moment(world, days=14)
    with pytest.raises(ServiceError, match="nog niet geopend"):
        _answer(world, moment)
    questionnaire.open_survey(plein, moment, by=lead, expected_version=moment.version_id)
    for text in ("Bel mevrouw op 06-12345678", "mail jan@example.nl",
                 "Bel +31 (0)20 1234567", "mail naam@host"):  # the desk's own check
        with pytest.raises(ServiceError, match="persoonsgegevens") as refused:
            _answer(world, moment, change=text)
        assert refused.value.field == "change"
    with pytest.raises(ServiceError, match="1 tot en met 5"):
        _answer(world, moment, satisfaction=6)
    with pytest.raises(ServiceError, match="ja, deels of nee"):
        _answer(world, moment, referral="misschien")
    questionnaire.close_survey(plein, moment, by=lead, expected_version=moment.version_id)
    with pytest.raises(ServiceError, match="gesloten"):
        _answer(world, moment)


def test_opening_and_closing_in_order(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    moment = _moment(world, days=14)
    with pytest.raises(ServiceError, match="Alleen een open"):
        questionnaire.close_survey(plein, moment, by=lead,
                                   expected_version=moment.version_id)
    questionnaire.open_survey(plein, moment, by=lead, expected_version=moment.version_id)
    with pytest.raises(ServiceError, match="al geopend"):
        questionnaire.open_survey(plein, moment, by=lead,
                                  expected_version=moment.version_id)
    held = _held(world)
    with pytest.raises(ServiceError, match="al gehouden"):
        questionnaire.open_survey(plein, held, by=lead, expected_version=held.version_id)


def test_totals_are_counts_averages_and_sorted_texts_without_organisations(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    moment = _moment(world, days=14)
    questionnaire.open_survey(plein, moment, by=lead, expected_version=moment.version_id)
    _answer(world, moment, satisfaction=5, works="zeker: de balie", referral="yes")
    _answer(world, moment, role="partner2", satisfaction=2, works="Afspraken",
            referral="no", referral_note="")
    db.session.flush()
    answers = questionnaire.answers_of(moment)
    assert [a.partner.name for a in answers] == ["Schuldhulp Alfa", "Welzijn Alfa"]
    totals = questionnaire.totals(answers)
    assert totals.count == 2 and totals.average == 3.5
    assert totals.scores == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert totals.referral == {"yes": 1, "partly": 0, "no": 1}
    assert totals.works == ["Afspraken", "zeker: de balie"]
    assert totals.referral_notes == ["Terugkoppeling ontbreekt"]
    assert not any("Alfa" in text for text in totals.works + totals.change)
