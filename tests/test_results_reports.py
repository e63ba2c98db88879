"""The voortgangsrapportage's service: a draft per period, publishing as numbered frozen
versions (canonical JSON, SHA-256), refusals in Dutch, the thread on a version, and the
sections' figures over the period's edges."""

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from plein.audit import AuditEvent
from plein.desk.models import Tally
from plein.errors import ServiceError
from plein.extensions import db
from plein.programme import service as programme
from plein.results import goals, reports
from plein.results.report_models import Immutable, ReportComment, ReportVersion
from plein.results.report_sections import SECTIONS
from plein.seal import canonical, fingerprint

pytestmark = pytest.mark.shared_world

TODAY = date(2026, 12, 2)
JULY = date(2026, 7, 1)


def _draft(world, start=JULY, period="quarter", **texts):
    return reports.start_draft(world.model("plein"), by=world.user("lead"), period=period,
                               starts_on=start, texts=texts, today=TODAY)


def _publish(world, report):
    return reports.publish(world.model("plein"), report, by=world.user("lead"),
                           expected_version=report.version_id, today=TODAY)


def _tally(world, on, times=1):
    plein, lead = world.model("plein"), world.user("lead")
    for _ in range(times):
        t = Tally(plein_id=plein.id, on=on, week_of=on - timedelta(days=on.weekday()),
                  month_of=on.replace(day=1), part="afternoon", help="information",
                  recorded_by_id=lead.id)
        t.themes = [programme.themes_of(plein)[0]]
        db.session.add(t)
    db.session.flush()


def test_publishing_freezes_every_section_as_canonical_json_numbered_per_plein(ctx, world):
    first = _publish(world, _draft(world, goals="Op koers.", partners="Twee erbij."))
    assert first.number == 1
    assert first.ends_on == date(2026, 9, 30)
    assert first.sha256 == fingerprint(first.content)
    assert first.content == canonical(first.data)  # stable: the same data, the same text
    data = first.data
    assert [s["key"] for s in data["sections"]] == [s.key for s in SECTIONS]
    assert {s["key"]: s["text"] for s in data["sections"]} == {
        "goals": "Op koers.", "programme": "", "partners": "Twee erbij.", "successes": "",
        "improvements": ""}
    assert data["plein"] == "Plein Alfa" and data["running"] is False
    second = _publish(world, _draft(world, date(2026, 10, 1)))
    assert second.number == 2
    assert reports.latest_version(world.model("plein")).number == 2
    # plein B numbers its own versions from 1
    other = world.model("other")
    b = reports.start_draft(other, by=world.user("lead_b"), period="year",
                            starts_on=date(2026, 1, 1), today=TODAY)
    assert reports.publish(other, b, by=world.user("lead_b"), expected_version=1,
                           today=TODAY).number == 1
    summaries = db.session.scalars(db.select(AuditEvent.summary).where(
        AuditEvent.action == "report.publish")).all()
    assert any("Rapportage versie 2 over 01-10-2026 t/m 31-12-2026 gepubliceerd" in s
               for s in summaries)


def test_a_published_version_never_changes(ctx, world):
    draft = _draft(world, goals="Eerste tekst.")
    version = _publish(world, draft)
    with pytest.raises(ServiceError, match="Maak een nieuwe versie") as refused:
        reports.update_draft(world.model("plein"), draft, by=world.user("lead"),
                             expected_version=draft.version_id, period="quarter",
                             starts_on=JULY, texts={"goals": "Anders."}, today=TODAY)
    assert "Versie 1 van de rapportage is gepubliceerd" in str(refused.value)
    with pytest.raises(ServiceError, match="Maak een nieuwe versie"):
        reports.publish(world.model("plein"), draft, by=world.user("lead"),
                        expected_version=draft.version_id, today=TODAY)
    db.session.commit()
    version.content = version.content.replace("Eerste", "Betere")  # the ORM refuses ...
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    draft = db.session.get(type(draft), draft.id)
    draft.texts = "{}"  # ... to change the draft it came from ...
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Immutable):  # ... or to delete the version
        db.session.delete(db.session.get(ReportVersion, version.id))
        db.session.flush()
    db.session.rollback()
    # and the database itself refuses (an injected statement, a bug elsewhere)
    for statement in ("UPDATE results_report_versions SET content = 'x'",
                      "DELETE FROM results_report_versions"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(ReportVersion, version.id)
    assert "Eerste tekst." in stored.content and stored.sha256 == fingerprint(stored.content)


def test_a_new_version_starts_from_the_published_texts(ctx, world):
    first = _publish(world, _draft(world, goals="Tekst van versie 1."))
    plein, lead = world.model("plein"), world.user("lead")
    draft = reports.new_version(plein, first, by=lead)
    assert (draft.period, draft.starts_on) == ("quarter", JULY)
    assert draft.text_of["goals"] == "Tekst van versie 1."
    reports.update_draft(plein, draft, by=lead, expected_version=draft.version_id,
                         period="quarter", starts_on=JULY,
                         texts={"goals": "Verbeterd."}, today=TODAY)
    second = _publish(world, draft)
    assert second.number == 2 and "Verbeterd." in second.content
    assert "Tekst van versie 1." in first.content  # the old version stays as it was


@pytest.mark.parametrize(("period", "start", "message", "field"), [
    ("quarter", date(2026, 7, 15), "Een periode begint op de eerste van een maand",
     "starts_on"),
    ("quarter", date(2027, 1, 1), "Deze periode is nog niet begonnen", "starts_on"),
    ("decade", JULY, "Kies een kwartaal, halfjaar of jaar.", "period"),
    ("year", None, "Vul in wanneer de periode begint.", "starts_on"),
    ("year", date(2010, 1, 1), "Kies een periode in de laatste tien jaar.", "starts_on"),
])
def test_a_bad_period_is_refused_in_dutch(ctx, world, period, start, message, field):
    with pytest.raises(ServiceError, match=message) as refused:
        _draft(world, start, period)
    assert refused.value.field == field


def test_one_draft_at_a_time_texts_within_limits_and_stale_edits(ctx, world):
    draft = _draft(world)
    with pytest.raises(ServiceError, match="Er is al een concept-rapportage"):
        _draft(world, date(2026, 10, 1))
    plein, lead = world.model("plein"), world.user("lead")
    with pytest.raises(ServiceError, match="hoogstens 3000 tekens") as refused:
        reports.update_draft(plein, draft, by=lead, expected_version=draft.version_id,
                             period="quarter", starts_on=JULY, texts={"goals": "x" * 3001},
                             today=TODAY)
    assert refused.value.field == "text_goals"
    with pytest.raises(reports.StaleReport):
        reports.update_draft(plein, draft, by=lead, expected_version=draft.version_id - 1,
                             period="quarter", starts_on=JULY, texts={}, today=TODAY)


def test_the_mt_comments_and_the_thread_is_append_only(ctx, world):
    version = _publish(world, _draft(world))
    plein, mt, lead = world.model("plein"), world.user("mt"), world.user("lead")
    question = reports.comment(plein, version, by=mt, body="  Waarom minder activiteiten?  ")
    assert question.body == "Waarom minder activiteiten?"
    assert reports.comment(plein, version, by=mt, body="Waarom minder activiteiten?") is (
        question)  # a double click adds nothing
    reports.comment(plein, version, by=lead, body="Twee spreekuren vielen uit.")
    assert [c.author.name for c in version.comments] == ["Mt", "Lead"]
    with pytest.raises(ServiceError, match="Schrijf eerst je reactie."):
        reports.comment(plein, version, by=mt, body="   ")
    db.session.commit()
    with pytest.raises(Immutable):
        db.session.delete(db.session.get(ReportComment, question.id))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(ReportComment.id))) == 2


def _section(version, key):
    return next(s["data"] for s in version.data["sections"] if s["key"] == key)


def test_figures_count_the_period_edges_and_say_geen_gegevens_for_empty_months(ctx, world):
    for day in (date(2026, 6, 30), JULY, date(2026, 9, 30), date(2026, 10, 1)):
        _tally(world, day, times=2)
    goal = goals.get_goal(world.model("plein"), world.goal)  # Jan-Dec 2026: in the report
    version = _publish(world, _draft(world))
    numbers = _section(version, "programme")
    assert numbers["contacts"] == 4  # 1 July and 30 September, not the days around them
    assert [m["contacts"] for m in numbers["months"]] == [2, None, 2]  # August: no data
    assert numbers["themes"] == [[programme.themes_of(world.model("plein"))[0].name, 4]]
    shown = _section(version, "goals")["goals"]
    assert [g["title"] for g in shown] == [goal.title]
    assert shown[0]["standing_label"] == "Geen gegevens"  # measured by hand, none yet
    partners = _section(version, "partners")
    assert partners["participating"] == [] and partners["contract"] is None


def test_a_running_period_counts_until_today_and_says_so(ctx, world):
    version = _publish(world, _draft(world, date(2026, 10, 1)))
    assert version.data["running"] is True and version.data["as_of"] == "2026-12-02"
    assert _section(version, "programme")["until"] == "2026-12-02"


def test_the_report_holds_the_periods_shareable_stories_and_the_improvement_points(ctx,
                                                                                   world):
    from plein.results import evaluation, successes
    from plein.roadmap import service as roadmap
    from plein.roadmap.models import ItemStatus

    plein, lead = world.model("plein"), world.user("lead")
    welzijn = world.welzijn

    def story(title, on, shareable):
        successes.create_story(plein, by=lead, title=title, story=f"{title}: zo ging het.",
                               happened_on=on, partner_ids=[welzijn], shareable=shareable,
                               today=TODAY)

    story("Taalcafe vol", date(2026, 7, 1), True)  # the period's first day
    story("Alleen voor ons", date(2026, 8, 12), False)  # not to be shared outside
    story("Te vroeg", date(2026, 6, 30), True)
    moment = evaluation.plan_evaluation(plein, by=lead, title="Jaarevaluatie",
                                        planned_on=TODAY + timedelta(days=1), today=TODAY)
    evaluation.record_held(plein, moment, by=lead, expected_version=moment.version_id,
                           held_on=date(2026, 9, 30), people_ids=[lead.id],
                           partner_ids=[welzijn], went_well="Samen", today=TODAY)
    for title in ("Vaste dagstart", "Betere bewegwijzering"):
        evaluation.add_improvement(plein, moment, by=lead, title=title, explanation="",
                                   owner_id=lead.id, due_date=date(2026, 12, 31),
                                   origin_url="/", today=TODAY)
    first = moment.improvements[0].item
    roadmap.set_status(plein, first, ItemStatus.DONE, by=lead, today=TODAY)
    data = {s["key"]: s["data"] for s in _publish(world, _draft(world)).data["sections"]}
    assert [s["title"] for s in data["successes"]["stories"]] == ["Taalcafe vol"]
    assert data["successes"]["stories"][0]["partners"] == ["Welzijn Alfa"]
    [held] = data["improvements"]["moments"]
    assert held["title"] == "Jaarevaluatie" and held["held_on"] == "2026-09-30"
    assert [(p["title"], p["done"], p["due_date"]) for p in held["points"]] == [
        ("Vaste dagstart", True, "2026-12-31"), ("Betere bewegwijzering", False, "2026-12-31")]
    # a later period without a moment of its own shows the last one held before its end
    later = {s["key"]: s["data"] for s in _publish(
        world, _draft(world, date(2026, 10, 1))).data["sections"]}
    assert later["improvements"]["moments"][0]["title"] == "Jaarevaluatie"
    assert later["successes"]["stories"] == []


def test_no_visitors_contact_details_in_a_report_that_never_changes(ctx, world):
    with pytest.raises(ServiceError, match="zet er geen telefoonnummer") as refused:
        _draft(world, successes="Mevrouw belde ons terug op 06-12345678.")
    assert refused.value.field == "text_successes"
    version = _publish(world, _draft(world))
    with pytest.raises(ServiceError, match="zet er geen e-mailadres") as refused:
        reports.comment(world.model("plein"), version, by=world.user("mt"),
                        body="Mail haar via jan@example.org")
    assert refused.value.field == "body"
