"""Object-level access: an id of something that is not yours is not found (404).

For every route with an id in its URL (read from ``app.url_map``), three people try
ids that are not theirs:
- lead (member of plein A): ids of plein B's objects under plein A's URL;
- lead_b (member of plein B): plein A's objects under plein B's URL;
- partner (Welzijn, plein A): the other partner organisation's objects (Schuldhulp).
The answer must be 404, or 403 when the role lacks the permission for the route at
all (counted separately); the page never names the foreign object. A route with an id
argument that FOREIGN does not know fails the suite.
"""

import pytest
from flask import url_for

from plein.extensions import db
from tests.conftest import login, text_of
from tests.hostile import figures
from tests.worlds import fill_placeholders

# Routes whose id is not scoped by a plein: installation admins manage every account,
# and see every message in the outbox.
INSTALLATION_WIDE = {"admin.reset_password", "admin.deactivate", "admin.activate",
                     "mail.message", "mail.resend"}
ID_ARGUMENTS = {"plein_id", "item_id", "partner_id", "criterion_id", "party_id", "number",
                "invitation_id", "membership_id", "line_id", "accession_number",
                "activity_id", "schedule_id",
                "record_id", "closing_id", "shift_id", "goal_id", "referral_id", "report_id",
                "audience_id", "calendar_item_id", "meeting_id", "story_id",
                "evaluation_id"}
ROLES = ("lead", "lead_b", "partner")
# Numbered per plein, not ids: B's version 1 is not A's; only plein B has a version 3.
PER_PLEIN = {"number", "accession_number"}


def id_routes(app):
    routes = {}
    for rule in app.url_map.iter_rules():
        ints = {name for name, conv in rule._converters.items()
                if type(conv).__name__ == "IdConverter"}
        if ints:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes[(rule.endpoint, method)] = (rule, ints)
    return routes


def test_every_route_with_an_id_is_covered(app):
    unknown = {(endpoint, name) for (endpoint, _), (_rule, ints) in id_routes(app).items()
               if endpoint not in INSTALLATION_WIDE for name in ints - ID_ARGUMENTS}
    assert not unknown, (f"routes with an id argument {__name__} has no foreign id for "
                         f"(add it to ID_ARGUMENTS and foreign_world): {sorted(unknown)}")


JOINING = dict(hours="1", hours_period="week", money="0", money_explanation="",
               knowledge="", means="", tasks="")


@pytest.fixture
def foreign_world(app, contract_world):
    """Plein B gets one of everything (two published versions); plein A's agreement
    gets a version 2 to which only Schuldhulp (partner2's organisation) is a party."""
    from plein.accounts import service as accounts
    from plein.accounts.models import Membership
    from plein.agreements import addenda
    from plein.agreements import service as agreements
    from plein.assessment import service as assessment
    from plein.partners import service as partners
    from plein.roadmap import service as roadmap

    world = contract_world
    with app.app_context():
        a, b = world.model("plein"), world.model("other")
        lead, lead_b = world.user("lead"), world.user("lead_b")
        b_partner = partners.find_or_create(b, "Geheime Partner Beta")
        b_item = roadmap.add_item(b, "orientation", "Geheim punt Beta", by=lead_b)
        b_agreement = agreements.start(b, by=lead_b)
        b_party = agreements.add_party(b, b_agreement, b_partner, by=lead_b, confirmed=True)
        fill_placeholders(b, b_agreement, lead_b)
        agreements.publish(b, b_agreement, by=lead_b)
        for text in ("Beta tekst", "Beta tekst, nog eens"):  # versions 2 and 3
            agreements.update_sections(b, b_agreement, {b_agreement.sections[0].key: text},
                                       by=lead_b, expected_version=b_agreement.version_id)
            agreements.publish(b, b_agreement, by=lead_b)
        # plein B's toetredingen 1 and 2; plein A has only a toetreding 1
        for name in ("Geheime Partner Beta twee", "Geheime Partner Beta drie"):
            addenda.accede(b, b_agreement, partners.find_or_create(b, name), by=lead_b,
                           confirmed=True, **JOINING)
        b_invitation, _ = accounts.create_invitation(b, "beta@test.example", "team",
                                                     by=lead_b)
        b_membership = db.session.scalar(db.select(Membership).where(
            Membership.plein_id == b.id))
        # plein A, version 2: Schuldhulp instead of Welzijn
        a_agreement = agreements.agreement_of(a)
        schuld = partners.get_partner(a, world.schuld)
        schuld_party = agreements.add_party(a, a_agreement, schuld, by=lead, confirmed=True)
        welzijn_party = agreements.get_party(a_agreement, world.welzijn_party)
        agreements.remove_party(a, a_agreement, welzijn_party, by=lead)
        agreements.publish(a, a_agreement, by=lead)
        # toetreding 1 to A's version 2 (of which Welzijn is no party): not Welzijn's
        addenda.accede(a, a_agreement, partners.find_or_create(a, "Derde Alfa"), by=lead,
                       confirmed=True, **JOINING)
        # Welzijn is a party again in the draft, so its routes still have a party id
        welzijn_party = agreements.add_party(a, a_agreement, partners.get_partner(
            a, world.welzijn), by=lead, confirmed=True)
        partner2_membership = db.session.scalar(db.select(Membership).where(
            Membership.user_id == world.partner2_id))
        # plans: A's version 1; B's versions 1 to 3 and a budget line of its own
        from plein.plan import service as plans
        from tests.worlds import add_evaluation, add_goal, add_meeting, add_story, submit_plan

        _plan, a_line, _snapshot = submit_plan(a, lead)
        b_plan, b_line, _snapshot = submit_plan(b, lead_b)
        for name in ("Beta 2", "Beta 3"):
            plans.update(b, b_plan, by=lead_b, expected_version=b_plan.version_id,
                         name=name, shape="desk", bodies={}, partner_ids=None)
            plans.submit(b, b_plan, by=lead_b, expected_version=b_plan.version_id)
        b_programme = _programme_of(b, lead_b, b_partner)
        # a desk shift of Schuldhulp in plein A: not Welzijn's to remove or swap
        from plein.programme import rota

        schuld_shift = rota.add_shift(a, weekday=3, part="morning", person_id=0,
                                      partner_id=schuld.id, first_name="Sem", by=lead)
        b_goal = add_goal(b, lead_b, "Geheim doel Beta")
        # communication: B's target group and items; in A an item on Schuldhulp's channels
        from tests.worlds import add_communication

        b_communication = add_communication(b, lead_b, b_partner, name="Geheime doelgroep Beta")
        schuld_communication = add_communication(a, lead, schuld, name="Ouders Schuld")
        # meetings: B's own; in A one that only Schuldhulp attended
        b_meeting = add_meeting(b, lead_b, [b_partner])
        schuld_meeting = add_meeting(a, lead, [schuld])
        # success stories: B's own, and one of A's that Welzijn is not in
        b_story = add_story(b, lead_b, b_partner, "Geheim verhaal Beta")
        schuld_story = add_story(a, lead, schuld, "Verhaal van Schuldhulp Alfa")
        b_evaluation = add_evaluation(b, lead_b, "Geheime evaluatie Beta")
        # referrals: A's to Welzijn (the partner user's), A's to Schuldhulp, B's own
        a_referral, schuld_referral = (_referral(a, world.user("team"), p, world.theme)
                                       for p in (world.welzijn, world.schuld))
        b_referral = _referral(b, lead_b, b_partner.id, b_programme["record_id"])
        # voortgangsrapportages: a draft in each plein (B's with a secret text)
        a_report, b_report = (_report(p, by, text) for p, by, text in (
            (a, lead, "Alfa"), (b, lead_b, "Beta tekst")))
        db.session.commit()
        own = {"plein_id": a.id, "kind": "themas", "which": "scherm",
               "activity_id": world.activity,
               "schedule_id": world.schedule, "record_id": world.theme,
               "closing_id": world.closing, "shift_id": world.shift,
               "item_id": world.item, "partner_id": world.welzijn,
               "criterion_id": world.criterion, "party_id": welzijn_party.id, "number": 1,
               "invitation_id": world.invitation, "membership_id": world.team_membership,
               "line_id": a_line.id, "accession_number": 1, "period": "2026-12",
               "goal_id": world.goal,
               "referral_id": a_referral.id, "report_id": a_report.id,
               "audience_id": world.audience,
               "calendar_item_id": world.calendar_item, "meeting_id": world.meeting,
               "story_id": world.story, "evaluation_id": world.evaluation}
        b_own = {"plein_id": b.id, "item_id": b_item.id, "partner_id": b_partner.id,
                 "criterion_id": assessment.criteria_of(b)[0].id, "party_id": b_party.id,
                 "number": 3, "invitation_id": b_invitation.id,
                 "membership_id": b_membership.id, "line_id": b_line.id,
                 "accession_number": 2,
                 "kind": "themas", "period": "2026-12", "which": "scherm",
                 "goal_id": b_goal.id, "referral_id": b_referral.id,
                 "report_id": b_report.id,
                 "audience_id": b_communication["audience"],
                 "calendar_item_id": b_communication["calendar_item"],
                 "meeting_id": b_meeting.id, "story_id": b_story.id,
                 "evaluation_id": b_evaluation.id, **b_programme}
        other_partner = {**b_own, "partner_id": schuld.id, "party_id": schuld_party.id,
                         "number": 2, "membership_id": partner2_membership.id,
                         "shift_id": schuld_shift.id, "story_id": schuld_story.id,
                         "referral_id": schuld_referral.id,
                         "calendar_item_id": schuld_communication["calendar_item"],
                         "meeting_id": schuld_meeting.id}
    return own, b_own, other_partner


def _programme_of(plein, lead, partner):
    """Plein B's programme: an activity of its partner with times, a closing day."""
    from tests.worlds import add_programme

    ids = add_programme(plein, lead, partner)
    return {"activity_id": ids["activity"], "schedule_id": ids["schedule"],
            "record_id": ids["theme"], "closing_id": ids["closing"], "shift_id": ids["shift"]}


def _referral(plein, by, partner_id, theme_id):
    """A referral with a (fictional) visitor's contact, to ``partner_id``."""
    from plein.desk import referrals

    return referrals.refer(plein, partner_id=partner_id, theme_id=theme_id, question="",
                           first_name="Geheime Bezoeker", phone="06 99999999", email="",
                           consent=True, by=by)


def cases(app, own, b_own, other_partner):
    """(endpoint, method, role, url, argument): one foreign id each. A list, built
    before any request is sent (a request context must not stay open meanwhile)."""
    with app.test_request_context():
        return list(_cases(app, own, b_own, other_partner))


def _cases(app, own, b_own, other_partner):
    for (endpoint, method), (rule, ints) in sorted(id_routes(app).items()):
        if endpoint in INSTALLATION_WIDE:
            continue
        for name in sorted(ints):
            if name != "plein_id":
                # lead of A: B's object in A's URL
                values = {k: own[k] for k in rule.arguments}
                values[name] = b_own[name]
                yield endpoint, method, "lead", url_for(endpoint, **values), name
            # Welzijn's partner user: Schuldhulp's object (B's where Schuldhulp has none)
            values = {k: own[k] for k in rule.arguments}
            values[name] = other_partner[name]
            yield endpoint, method, "partner", url_for(endpoint, **values), name
            # lead of B: A's object (or A itself) in B's URL
            if name in PER_PLEIN:
                continue
            values = {k: b_own[k] for k in rule.arguments}
            values[name] = own[name]
            yield endpoint, method, "lead_b", url_for(endpoint, **values), name


# What each person must not get to see through a foreign id.
SECRETS = {
    "lead": ("Geheime Partner Beta", "Geheim punt Beta", "Beta tekst", "beta@test.example",
             "Geheim doel Beta", "06 99999999", "Geheime doelgroep Beta",
             "Geheime evaluatie Beta"),
    "lead_b": ("Welzijn Alfa", "Schuldhulp Alfa", "Eigen punt Alfa", "new@test.example",
               "Tevreden bezoekers Alfa", "06 99999999", "Ouders Alfa", "Evaluatie Alfa"),
    "partner": ("Schuldhulp Alfa", "Geheime Partner Beta", "Geheim punt Beta",
                "06 99999999", "Geheime evaluatie Beta"),
}


def test_foreign_ids_are_not_found(app, foreign_world):
    own, b_own, other_partner = foreign_world
    clients = {role: app.test_client() for role in ROLES}
    for role, client in clients.items():
        assert login(client, "lead_b@test.example" if role == "lead_b" else role
                     ).status_code == 303
    tried, leaks = 0, []
    for endpoint, method, role, url, name in cases(app, own, b_own, other_partner):
        client = clients[role]
        response = client.get(url) if method == "GET" else client.post(url, data={
            "version": 1, "value": "2", "name": "X", "function": "Y", "has_read": "y",
            "reason": "Z"})
        tried += 1
        figures.FOREIGN.append((f"{endpoint}:{method}", role, name, response.status_code))
        page = text_of(response)
        named = [s for s in SECRETS[role] if s in page]
        if response.status_code not in (403, 404) or named:
            leaks.append((role, method, url, response.status_code, named))
    assert tried > 50
    assert not leaks, f"foreign ids that were not refused: {leaks}"


def _report(plein, by, text):
    """A draft voortgangsrapportage over July to September 2026."""
    from datetime import date

    from plein.results import reports

    return reports.start_draft(plein, by=by, period="quarter", starts_on=date(2026, 7, 1),
                               texts={"goals": text}, today=date(2026, 12, 2))
