"""Meetings, through their services: the agenda prepared from what changed since the
last meeting of the same kind (and its edges), actions that become checklist items,
the recurring roadmap item a held meeting ticks off, and what a partner organisation
gets to see."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from plein.audit import AuditEvent
from plein.desk import tally
from plein.errors import ServiceError
from plein.extensions import db
from plein.meetings import agenda
from plein.meetings import service as meetings
from plein.meetings.models import Meeting, MeetingAction
from plein.partners.models import Partner
from plein.programme import activities as offer
from plein.programme.models import Activity
from plein.results.success_models import SuccessStory
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem, ItemStatus
from plein.timeutil import local_today, utcnow

pytestmark = pytest.mark.shared_world


def _meeting(world, kind="partners", on=None, partners=("welzijn",)):
    return meetings.create_meeting(
        world.model("plein"), by=world.user("lead"), kind=kind, on=on or local_today(),
        user_ids=[world.lead_id], partner_ids=[world.ids[p] for p in partners],
        agenda="", notes="", decisions="")


def _age_everything(days):
    """The world's programme and partners were made ``days`` ago."""
    then = utcnow() - timedelta(days=days)
    db.session.execute(update(Activity).values(created_at=then))
    db.session.execute(update(Partner).values(created_at=then))
    db.session.execute(update(SuccessStory).values(created_at=then))


def _activity(world, title):
    theme = world.theme
    return offer.create_activity(
        world.model("plein"), by=world.user("lead"), title=title, kind="workshop",
        partner_id=world.schuld, theme_ids=[theme], target_groups="", description="",
        room_id=0, access="walk_in", appointment_how="", is_free=True, cost="")


def _topic(prepared, title):
    return next(t.lines for t in prepared.topics if t.title == title)


OFFER, PARTNERS, OPEN = ("Nieuw aanbod in het programma", "Nieuwe partners en kandidaten",
                         "Open actiepunten van het vorige overleg")


def test_a_first_meeting_looks_back_four_weeks(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        prepared = agenda.prepare(plein, "partners", today, today)
        assert prepared.last is None  # the world's meeting is in 2099
        assert _topic(prepared, OFFER) == ["Spreekuur Alfa (Welzijn Alfa, spreekuur)"]
        assert "Nieuw in het register: Welzijn Alfa (Kandidaat)" in _topic(prepared, PARTNERS)
        text = prepared.text
        assert text.startswith("1. Opening en kennismaking")
        assert "   - Spreekuur Alfa (Welzijn Alfa, spreekuur)" in text
        assert text.splitlines()[-1].endswith("Rondvraag en afspraken voor het volgende overleg")
        # a dagstart looks back one day: made 2 days ago is not new for it
        _age_everything(2)
        assert _topic(agenda.prepare(plein, "day_start", today, today), OFFER) == []
        assert _topic(agenda.prepare(plein, "partners", today, today), OFFER) != []


def test_only_what_changed_since_the_last_meeting_of_that_kind(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        _age_everything(10)
        last = _meeting(world, on=today - timedelta(days=7))
        _meeting(world, kind="week_start", on=today - timedelta(days=1))  # another kind
        _activity(world, "Workshop toeslagen")
        db.session.commit()
        prepared = agenda.prepare(plein, "partners", today, today)
        assert prepared.last.id == last.id
        assert _topic(prepared, OFFER) == ["Workshop toeslagen (Schuldhulp Alfa, workshop)"]
        # nothing new in the register, but both partners are still candidates
        assert _topic(prepared, PARTNERS) == [
            "Nog in afweging of benaderd: Schuldhulp Alfa (kandidaat), Welzijn Alfa "
            "(kandidaat)"]
        # the weekstart of yesterday is the last one of its kind: nothing since (the day
        # itself counts: made today shows)
        week = agenda.prepare(plein, "week_start", today, today)
        assert _topic(week, OFFER) == ["Workshop toeslagen (Schuldhulp Alfa, workshop)"]


def test_a_meeting_on_the_same_day_is_the_last_one_and_its_day_counts(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        last = _meeting(world, on=today)
        db.session.commit()
        prepared = agenda.prepare(plein, "partners", today, today)
        assert prepared.last.id == last.id
        # made today, before or after that meeting: shown again rather than never
        assert _topic(prepared, OFFER) == ["Spreekuur Alfa (Welzijn Alfa, spreekuur)"]


def test_nothing_new_leaves_only_the_opening_and_the_closing(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        _age_everything(60)
        db.session.execute(update(Partner).values(status="participating"))
        prepared = agenda.prepare(plein, "week_start", today, today)
        assert prepared.text == (
            "1. Wie is er deze week, en wat staat er op het programma?\n"
            "2. Rondvraag en afspraken voor het volgende overleg")
        assert agenda.successes(plein, prepared.since) == []


def test_success_stories_written_since_the_last_meeting_are_on_the_agenda(app, world):
    from plein.results import successes

    with app.app_context():
        plein, today = world.model("plein"), local_today()
        _age_everything(10)
        _meeting(world, on=today - timedelta(days=7))
        successes.create_story(plein, by=world.user("lead"), title="Taalcafe vol",
                               story="Twintig mensen oefenden samen.",
                               happened_on=today - timedelta(days=2),
                               partner_ids=[world.welzijn], shareable=False)
        db.session.commit()
        prepared = agenda.prepare(plein, "partners", today, today)
        assert _topic(prepared, "Successen") == ["Taalcafe vol (met Welzijn Alfa)"]
        assert "   - Taalcafe vol (met Welzijn Alfa)" in prepared.text


def test_open_actions_of_the_last_meeting_and_signals(app, world):
    with app.app_context():
        plein, lead, today = world.model("plein"), world.user("lead"), local_today()
        last = _meeting(world, on=today - timedelta(days=14))
        due = today + timedelta(days=3)
        open_, done, gone = (meetings.add_action(
            plein, last, by=lead, title=title, owner_id=world.team_id, due_date=due,
            partner_id=world.welzijn if title == "Folder" else 0, origin_url="/")
            for title in ("Folder", "Poster", "Flyer"))
        roadmap.set_status(plein, done.item, ItemStatus.DONE, by=lead)
        roadmap.delete_item(plein, gone.item, by=lead)
        for _ in range(5):
            tally.record(plein, theme_ids=[world.theme], help="information", partner_id=0,
                         topic="toeslagen", by=lead)
        db.session.commit()
        db.session.expire_all()
        prepared = agenda.prepare(plein, "partners", today, today)
        assert _topic(prepared, OPEN) == [
            f"Folder (Team, Welzijn Alfa, deadline {due:%d-%m-%Y}; open)"]
        assert _topic(prepared, "Vragen die aan de balie vaak terugkomen") == [
            "'toeslagen': 5 keer in de laatste 4 weken"]
        # the deleted item's action keeps what was agreed
        assert db.session.get(MeetingAction, gone.id).item_id is None
        assert db.session.get(MeetingAction, gone.id).title == "Flyer"


def test_an_action_is_a_checklist_item_with_owner_deadline_and_origin(app, world):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        meeting = _meeting(world, on=local_today() - timedelta(days=1))
        due = local_today() + timedelta(days=10)
        action = meetings.add_action(plein, meeting, by=lead, title="  Folder   drukken ",
                                     owner_id=world.team_id, due_date=due,
                                     partner_id=world.welzijn, origin_url="/p/1/overleg/1")
        db.session.commit()
        [item] = roadmap.items_from(plein, f"meeting:{meeting.id}")
        assert item.id == action.item_id and item.title == action.title == "Folder drukken"
        assert item.owner_id == world.team_id and item.due_date == due
        assert item.phase == plein.current_phase and item.origin_url == "/p/1/overleg/1"
        assert "samen met Welzijn Alfa" in item.guidance
        assert db.session.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "meeting.action")).startswith("Actiepunt 'Folder drukken'")
        # its status is the item's, read live
        roadmap.set_status(plein, item, ItemStatus.BUSY, by=lead)
        assert db.session.get(MeetingAction, action.id).item.status_label == "Bezig"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"owner_id": 0}, "owner_id", "Kies wie het actiepunt oppakt."),
    ({"owner_id": "mt"}, "owner_id", "projectleider of iemand uit het projectteam"),
    ({"due_date": None}, "due_date", "Vul een deadline in."),
    ({"partner_id": "other_partner"}, "partner_id", "Kies een partner van dit plein."),
    ({"title": "   "}, "title", "Geef het actiepunt een titel."),
])
def test_refused_actions(app, world, change, field, message):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        meeting = _meeting(world)
        other = Partner(plein_id=world.other, name="Geheime Partner Beta")
        db.session.add(other)
        db.session.flush()
        values = {"title": "Folder", "owner_id": world.team_id,
                  "due_date": local_today(), "partner_id": 0}
        values.update(change)
        if values["owner_id"] == "mt":
            values["owner_id"] = world.mt_id
        if values["partner_id"] == "other_partner":
            values["partner_id"] = other.id
        before = db.session.scalar(select(db.func.count(ChecklistItem.id)))
        with pytest.raises(ServiceError) as refused:
            meetings.add_action(plein, meeting, by=lead, origin_url="/", **values)
        assert refused.value.field == field and message in str(refused.value)
        db.session.rollback()
        assert db.session.scalar(select(db.func.count(ChecklistItem.id))) == before


def _item(plein, key):
    return db.session.scalar(select(ChecklistItem).where(
        ChecklistItem.plein_id == plein.id, ChecklistItem.default_key == key))


def test_a_held_meeting_ticks_off_its_recurring_item_once_per_period(app, world):
    with app.app_context():
        plein, today = world.model("plein"), local_today()
        know = _item(plein, "know-partners")
        first = _meeting(world, on=today - timedelta(days=2))
        assert first.ticked_item_id == know.id
        assert [c.completed_on for c in know.completions] == [today - timedelta(days=2)]
        assert know.status == ItemStatus.OPEN  # recurring: open again, next month due
        assert know.due_date == roadmap.next_due(today - timedelta(days=2), "monthly")
        # a second partneroverleg in the same month ticks nothing
        second = _meeting(world, on=today)
        assert second.ticked_item_id is None and len(know.completions) == 1
        # one planned for later ticks nothing (the world's 2099 meeting did not either)
        assert world.model("meeting").ticked_item_id is None
        # a weekstart ticks the dag- or weekstart, not the partneroverleg's
        week = _meeting(world, kind="week_start", on=today)
        assert week.ticked_item_id == _item(plein, "daily-start").id
        # an item set to n.v.t. is left alone
        daily = _item(plein, "daily-start")
        roadmap.set_status(plein, daily, ItemStatus.NA, by=world.user("lead"),
                           reason="Geen plein op maandag")
        assert _meeting(world, kind="day_start", on=today + timedelta(days=8)
                        ).ticked_item_id is None


def test_editing_a_planned_meeting_once_it_is_held_ticks_it_then(app, world):
    with app.app_context():
        plein, lead, today = world.model("plein"), world.user("lead"), local_today()
        meeting = _meeting(world, on=today + timedelta(days=3))
        assert meeting.ticked_item_id is None
        meetings.update_meeting(plein, meeting, by=lead, expected_version=meeting.version_id,
                                today=today + timedelta(days=3), kind="partners",
                                on=meeting.on, user_ids=[], partner_ids=[], agenda="",
                                notes="Gehouden.", decisions="")
        assert meeting.ticked_item_id == _item(plein, "know-partners").id


def test_a_partner_sees_only_what_its_organisation_attended(app, world):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        welzijn, schuld = world.model("welzijn"), world.model("schuld")
        theirs = _meeting(world, partners=("schuld",))
        ours = world.model("meeting")
        assert meetings.get_meeting(plein, theirs.id, welzijn) is None
        assert meetings.get_meeting(plein, ours.id, welzijn).id == ours.id
        assert [m.id for m in meetings.attended_by(plein, welzijn)] == [ours.id]
        # Welzijn's action in Schuldhulp's meeting is Welzijn's to see; Schuldhulp's not
        mine = meetings.add_action(plein, theirs, by=lead, title="Welzijn belt", owner_id=lead.id,
                                   due_date=local_today(), partner_id=welzijn.id,
                                   origin_url="/")
        meetings.add_action(plein, theirs, by=lead, title="Schuldhulp belt", owner_id=lead.id,
                            due_date=local_today(), partner_id=schuld.id, origin_url="/")
        assert [a.id for a in meetings.actions_for(plein, welzijn)] == [mine.id]


def test_attendees_are_of_this_plein_and_a_change_of_them_alone_is_versioned(app, world):
    with app.app_context():
        plein, lead = world.model("plein"), world.user("lead")
        meeting = world.model("meeting")
        fields = {"kind": "partners", "on": meeting.on, "agenda": "", "notes": "",
                  "decisions": ""}
        with pytest.raises(ServiceError, match="Kies alleen mensen van dit plein."):
            meetings.update_meeting(plein, meeting, by=lead, expected_version=1,
                                    user_ids=[world.lead_b_id], partner_ids=[], **fields)
        db.session.rollback()
        meeting = db.session.get(Meeting, world.meeting)
        version = meeting.version_id
        meetings.update_meeting(plein, meeting, by=lead, expected_version=version,
                                user_ids=[world.lead_id], partner_ids=[world.schuld],
                                **{**fields, "agenda": meeting.agenda})
        db.session.flush()
        assert meeting.version_id == version + 1
        assert [p.name for p in meeting.partners] == ["Schuldhulp Alfa"]
