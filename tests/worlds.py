"""The test world: two pleinen with one user per role, a programme, and the layers a test
can ask for (a published contract, a submitted plan, a toetreding). Built through the
services, as a user would; ``tests/conftest.py`` turns them into fixtures."""

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from plein.accounts import service
from plein.extensions import db
from plein.mail.models import OutboxMessage

PASSWORD = "correct-horse-battery"

def _model_of(name):
    """The model class behind a ``World`` id name ("plein", "lead_id", ...)."""
    from plein.accounts.models import Invitation, Membership, Plein, User
    from plein.agreements.models import Party
    from plein.assessment.models import Criterion
    from plein.partners.models import Partner
    from plein.plan.models import BudgetLine
    from plein.roadmap.models import ChecklistItem

    if name.endswith("_id"):
        return User
    return {"plein": Plein, "other": Plein, "welzijn": Partner, "schuld": Partner,
            "invitation": Invitation, "team_membership": Membership,
            "item": ChecklistItem, "criterion": Criterion, "welzijn_party": Party,
            "line": BudgetLine, **programme_models(), **results_models(),
            **communication_models(), **meetings_models()}[name]


def communication_models():
    from plein.communication.models import Audience, CalendarItem

    return {"audience": Audience, "calendar_item": CalendarItem, "library_item": CalendarItem}


def results_models():
    from plein.results.evaluation_models import Evaluation
    from plein.results.models import Goal
    from plein.results.success_models import SuccessStory

    return {"goal": Goal, "story": SuccessStory, "evaluation": Evaluation}


def meetings_models():
    from plein.meetings.models import Meeting

    return {"meeting": Meeting}


def programme_models():
    from plein.programme.models import Activity, ClosingDay, DeskShift, Room, Schedule, Theme

    return {"activity": Activity, "schedule": Schedule, "theme": Theme, "room": Room,
            "closing": ClosingDay, "shift": DeskShift}


@dataclass
class World:
    """Two pleinen: A with one user per role, B with its own lead; plus an outsider.

    Attributes are ids (``world.plein``, ``world.lead_id``), usable in URLs outside an
    app context. Inside one, ``world.model("plein")`` and ``world.user("lead")`` give
    the models themselves, loaded in the current ``db.session``.
    """

    ids: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.ids[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def model(self, name):
        """The model behind an id: "plein", "other", "welzijn", "item", "line", ..."""
        return db.session.get(_model_of(name), self.ids[name])

    def user(self, role):
        """The user of a role: "lead", "team", "mt", "partner", "admin", "lead_b", ..."""
        return self.model(f"{role}_id")


ROLES = ("anonymous", "nonmember", "admin", "lead", "team", "mt", "partner")


def email_for(role):
    return f"{role}@test.example"


def build_world():
    """Create the world's records (in an app context) and commit; return its ids."""
    from plein.admin.service import create_plein
    from plein.assessment import service as assessment
    from plein.partners import service as partners
    from plein.roadmap import service as roadmap

    plein = create_plein("Plein Alfa", "Bibliotheek Alfa", "Centrum")
    other = create_plein("Plein Beta", "Bibliotheek Beta")
    welzijn = partners.find_or_create(plein, "Welzijn Alfa")
    schuld = partners.find_or_create(plein, "Schuldhulp Alfa")
    users = {}
    for role in ("admin", "lead", "team", "mt", "partner", "partner2", "nonmember",
                 "lead_b"):
        users[role] = service.create_user(email_for(role), role.title(), PASSWORD,
                                          is_admin=role == "admin")
    for role in ("lead", "team", "mt"):
        service.add_membership(plein, users[role], role)
    service.add_membership(plein, users["partner"], "partner", welzijn)
    service.add_membership(plein, users["partner2"], "partner", schuld)
    service.add_membership(other, users["lead_b"], "lead")
    invitation, token = service.create_invitation(
        plein, "new@test.example", "team", by=users["lead"])
    custom_item = roadmap.add_item(plein, "orientation", "Eigen punt Alfa", by=users["lead"])
    criterion = assessment.criteria_of(plein)[0]
    programme_ids = add_programme(plein, users["lead"], welzijn)
    goal = add_goal(plein, users["lead"])
    communication_ids = add_communication(plein, users["lead"], welzijn)
    meeting = add_meeting(plein, users["lead"], [welzijn])
    story = add_story(plein, users["team"], welzijn)
    evaluation = add_evaluation(plein, users["lead"])
    db.session.commit()
    team_membership = next(m for m in users["team"].memberships)
    message = db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.key == f"invitation:{invitation.id}"))
    return World({
        "message": message, "goal": goal.id, **communication_ids, "meeting": meeting.id,
        "story": story.id, "evaluation": evaluation.id,
        **programme_ids,
        "plein": plein.id, "other": other.id, "welzijn": welzijn.id, "schuld": schuld.id,
        "invitation": invitation.id, "token": token,
        "team_membership": team_membership.id, "item": custom_item.id,
        "criterion": criterion.id,
        **{f"{role}_id": user.id for role, user in users.items()},
    })


def add_programme(plein, lead, partner):
    """A weekly spreekuur of ``partner`` with one cancelled date, and a closing day;
    returns the ids the programme's routes take."""
    from datetime import date, time

    from plein.programme import activities as offer
    from plein.programme import rota
    from plein.programme import service as programme

    theme, room = programme.themes_of(plein)[0], programme.rooms_of(plein)[0]
    activity = offer.create_activity(
        plein, by=lead, title="Spreekuur Alfa", kind="consultation", partner_id=partner.id,
        theme_ids=[theme.id], target_groups="", description="", room_id=room.id,
        access="walk_in", appointment_how="", is_free=True, cost="")
    schedule = offer.add_schedule(plein, activity, by=lead, rule="weekly",
                                  start_date=date(2026, 12, 1), end_date=None, weekday=None,
                                  nth=None, starts=time(14), ends=time(16))
    offer.change_date(plein, activity, by=lead, on=date(2026, 12, 8), change="cancelled",
                      reason="Ziek", new_date=None, new_starts=None, new_ends=None,
                      person="")
    closing = programme.add_closing_day(plein, date(2026, 12, 25), "Kerst", by=lead)
    # a volunteer of ``partner`` at the desk on Tuesday afternoons
    shift = rota.add_shift(plein, weekday=1, part="afternoon", person_id=0,
                           partner_id=partner.id, first_name="Ayla", by=lead)
    return {"activity": activity.id, "schedule": schedule.id, "theme": theme.id,
            "room": room.id, "closing": closing.id, "shift": shift.id}


def add_goal(plein, lead, title="Tevreden bezoekers Alfa"):
    """A goal measured by hand (its page takes measurements)."""
    from datetime import date

    from plein.results import goals

    return goals.create_goal(
        plein, by=lead, title=title, why="", kind="quantitative",
        owner_id=lead.id, starts_on=date(2026, 1, 1), deadline=date(2026, 12, 31),
        source="manual", theme_id=0, partner_id=0, unit="rapportcijfer", baseline=6,
        target=8)


def add_communication(plein, lead, partner, name="Ouders Alfa"):
    """A target group and two calendar items a month ahead: one on ``partner``'s
    channels, one of the lead's; returns their ids."""
    from datetime import timedelta

    from plein.communication import calendar, plan
    from plein.timeutil import local_today

    today = local_today()
    audience = plan.create_audience(
        plein, by=lead, today=today, name=name, age="", interests="", area="",
        media_use="", goal="Weet van het plein", target=50, unit="%",
        goal_date=today + timedelta(days=90), core_message="", tone="", means=["flyer"],
        means_other="")
    common = {"on": today + timedelta(days=30), "buffer_on": today + timedelta(days=25),
              "audience_id": audience.id, "channel": "", "status": "idea"}
    ours = calendar.create_item(plein, by=lead, today=today, means="partners",
                                message=f"Bericht via {partner.name}", owner_id=0,
                                partner_id=partner.id, **common)
    library = calendar.create_item(plein, by=lead, today=today, means="flyer",
                                   message=f"Flyer {name}", owner_id=lead.id, partner_id=0,
                                   **common)
    return {"audience": audience.id, "calendar_item": ours.id, "library_item": library.id}
def add_meeting(plein, lead, partners, on=None):
    """A partneroverleg (in the future, so it ticks off no checklist item), attended by
    ``partners``; no actions (those are checklist items)."""
    from datetime import date

    from plein.meetings import service as meetings

    return meetings.create_meeting(
        plein, by=lead, kind="partners", on=on or date(2099, 1, 1), user_ids=[lead.id],
        partner_ids=[p.id for p in partners], agenda="1. Opening", notes="", decisions="")
def add_story(plein, by, partner, title="Samen geholpen Alfa", shareable=False):
    """A success story with ``partner`` in it (its edit page takes a stale edit)."""
    from datetime import date

    from plein.results import successes

    return successes.create_story(
        plein, by=by, title=title, story="Welzijn en de balie losten samen een vraag op.",
        happened_on=date(2026, 11, 2), partner_ids=[partner.id], shareable=shareable,
        today=date(2026, 12, 1))
def add_evaluation(plein, lead, title="Evaluatie Alfa"):
    """An evaluation moment planned a month on, its questionnaire open for partners."""
    from datetime import timedelta

    from plein.results import evaluation, questionnaire
    from plein.timeutil import local_today

    moment = evaluation.plan_evaluation(plein, by=lead, title=title,
                                        planned_on=local_today() + timedelta(days=30))
    questionnaire.open_survey(plein, moment, by=lead, expected_version=moment.version_id)
    return moment


def add_contract(world):
    """An agreement in plein A: Welzijn is a party, version 1 published (commits)."""
    from plein.agreements import service as agreements

    plein, lead = world.model("plein"), world.user("lead")
    agreement = agreements.start(plein, by=lead)
    party = agreements.add_party(plein, agreement, world.model("welzijn"), by=lead,
                                 confirmed=True)
    fill_placeholders(plein, agreement, lead)
    agreements.publish(plein, agreement, by=lead)
    db.session.commit()
    world.ids["welzijn_party"] = party.id


def fill_placeholders(plein, agreement, by):
    """Fill the template's "[...]" places (publishing refuses while any remain)."""
    from plein.agreements import service as agreements

    agreements.update_sections(
        plein, agreement, {s.key: re.sub(r"\[([^\[\]]*)\]", r"\1", s.body)
                           for s in agreement.sections},
        by=by, expected_version=agreement.version_id)


def add_plan(world):
    """Plein A's plan: version 1 submitted, not yet reviewed (commits)."""
    _plan, line, snapshot = submit_plan(world.model("plein"), world.user("lead"))
    db.session.commit()
    world.ids["line"] = line.id
    world.ids["snapshot"] = snapshot.number


def add_accession(world):
    """Schuldhulp joins plein A's version 1 by toetreding 1, not yet signed (commits)."""
    from plein.agreements import addenda
    from plein.agreements import service as agreements

    plein = world.model("plein")
    addenda.accede(plein, agreements.agreement_of(plein), world.model("schuld"),
                   by=world.user("lead"), confirmed=True, hours="2", hours_period="week",
                   money="0", money_explanation="", knowledge="", means="", tasks="")
    db.session.commit()
    world.ids["accession_number"] = 1


def add_referral(world):
    """Welzijn's referral agreement, and a referral to Welzijn by the team member of a
    visitor who asked to be called (commits)."""
    from plein.desk import agreements, referrals

    plein, team = world.model("plein"), world.user("team")
    welzijn = world.model("welzijn")
    agreements.save(plein, welzijn, ways=["call"], contact="Balie Welzijn, 0123-456789",
                    reachable="ma-vr 9-12", response_time="twee werkdagen",
                    follow_up="een keer", needs="Wat de vraag is.", by=world.user("lead"),
                    expected_version=0)
    referral = referrals.refer(plein, partner_id=welzijn.id, theme_id=world.theme,
                               question="huurtoeslag", first_name="Fatima",
                               phone="06 12345678", email="", consent=True, by=team)
    db.session.commit()
    world.ids["referral"] = referral.id


LAYERS = {"contract_world": add_contract, "plan_world": add_plan,
          "accession_world": add_accession, "referral_world": add_referral}


def submit_plan(plein, lead):
    """A plan with the texts an MT needs and one cost line, submitted as version 1."""
    from plein.plan import service as plans

    plan = plans.start(plein, by=lead)
    plans.update(plein, plan, by=lead, expected_version=plan.version_id, name="Plein Alfa",
                 shape="desk", partner_ids=None,
                 bodies={"why": "Inwoners vinden de weg niet.", "result": "Eén loket.",
                         "target_groups": "Laaggeletterden"})
    db.session.flush()
    line = plans.add_line(plein, plan, by=lead, kind="setup", description="Twee pc's",
                          amount="1.500")
    snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id)
    return plan, line, snapshot


def mt_supports_plan(world):
    """Make the MT support plein A's plan, so that only the roadmap guards the gate."""
    from plein.plan import reviews

    _plan, _line, snapshot = submit_plan(world.model("plein"), world.user("lead"))
    reviews.review(world.model("plein"), snapshot, by=world.user("mt"), decision="support")
    db.session.flush()


def add_report(world):
    """Plein A's voortgangsrapportage: version 1 over a quarter published by the lead,
    and a draft over the next quarter (commits)."""
    from datetime import date

    from plein.results import reports

    plein, lead = world.model("plein"), world.user("lead")
    today = date(2026, 12, 2)
    first = reports.start_draft(plein, by=lead, period="quarter", starts_on=date(2026, 7, 1),
                                texts={"goals": "Doelen Alfa liggen op koers."}, today=today)
    reports.publish(plein, first, by=lead, expected_version=first.version_id, today=today)
    draft = reports.start_draft(plein, by=lead, period="quarter", starts_on=date(2026, 10, 1),
                                texts={"programme": "Concept Alfa"}, today=today)
    db.session.commit()
    world.ids["report"] = draft.id
    world.ids["report_version"] = 1


LAYERS["report_world"] = add_report
