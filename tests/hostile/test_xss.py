"""Stored XSS and formula injection: a probe in every stored text column comes back
harmless in every page, htmx fragment, print view and export.

The columns are found from the mapped models, so a text column added later is probed
too; only the machine-made columns in NOT_USER_TEXT are left alone. Values are written
straight into the database (bypassing the services' cleaning), so the templates and
exports are tested on their own.
"""

from datetime import date

import pytest
from sqlalchemy import String, Text, select

from plein.extensions import db
from plein.timeutil import local_today
from tests.conftest import HTMX, append_only_lifted, login
from tests.hostile import figures
from tests.hostile.probes import (
    XSS_PROBES,
    csv_cells,
    formula_cells,
    markup_problems,
    xlsx_cells,
)

# Machine-made or fixed-choice values: the app writes them, people do not type them.
NOT_USER_TEXT = {
    "users.email", "users.password_hash", "users.session_token", "pleinen.current_phase",
    "memberships.role", "invitations.role", "invitations.token_hash", "agreement_sections.key",
    "commitments.hours_period", "agreement_versions.canonical", "agreement_versions.sha256",
    "signatures.status", "signatures.answer", "signatures.fingerprint", "signatures.seal",
    "partners.kind", "partners.role", "partners.status", "partner_themes.theme",
    "partner_status_changes.from_status", "partner_status_changes.to_status",
    "criteria.group", "criteria.default_key", "decisions.value", "check_answers.check_key",
    "checklist_items.phase", "checklist_items.default_key", "checklist_items.status",
    "checklist_items.recurrence", "audit_events.action", "audit_events.object_type",
    "alembic_version.version_num", "plans.shape", "plan_sections.key", "budget_lines.kind",
    "budget_lines.status", "support_reviews.decision", "checklist_items.origin_url",
    # a snapshot's JSON is made from the plan's texts, which are probed before each submit
    "plan_snapshots.content",
    # frozen JSON made from the draft's texts (probed there); answers are fixed choices
    "agreement_accessions.canonical", "agreement_withdrawals.canonical",
    "accession_answers.answer", "contract_reminders.kind",
    # the outbox's bookkeeping and each person's choices (subject, address, text, link
    # and the server's answer are shown, so they are probed)
    "outbox_messages.key", "outbox_messages.kind", "outbox_messages.status",
    "outbox_messages.digest", "outbox_messages.claimed_by", "outbox_messages.attachments",
    "mail_preferences.kind", "mail_preferences.choice",
    # the programme's fixed choices
    "programme_day_parts.part", "programme_activities.kind", "programme_activities.access",
    "programme_schedules.rule", "programme_occurrence_changes.change",
    "programme_desk_shifts.part",
    # the desk's fixed choices (the topic word is typed, so it is probed)
    "desk_tallies.part", "desk_tallies.help",
    # a secret link's kind and the hash of its token
    "programme_links.kind", "programme_links.token_hash",
    # a goal's fixed choices
    "results_goals.kind", "results_goals.source",
    # referral agreements' ways and a referral's status are fixed choices
    "desk_referral_agreements.ways", "desk_referrals.status",
    # the voortgangsrapportage: a draft's texts are JSON (probed through the service each
    # round), a version's frozen JSON holds probes from the start, its period is a choice
    "results_reports.texts", "results_reports.period", "results_report_versions.content",
    "results_report_versions.sha256", "results_report_versions.period",
    # communication's fixed choices (the means chosen, a calendar item's status, what a
    # figure measures)
    "communication_audiences.means", "communication_calendar_items.means",
    "communication_calendar_items.status", "communication_figures.metric",
    # a meeting's kind
    "meetings.kind",
    # an evaluation's questionnaire state and an answer's ja/deels/nee
    "results_evaluations.survey", "results_partner_answers.referral",
}
FORMULAS = [p for p in XSS_PROBES if p[0] in "=+-@"]
HTML = [p for p in XSS_PROBES if p not in FORMULAS]
# Each round: a formula probe, then every HTML probe in a rotated order, so that columns
# too short for all of them still get a different one first in every round.
ROUNDS = [(FORMULAS[i % len(FORMULAS)], " ".join(HTML[2 * i:] + HTML[:2 * i]))
          for i in range(6)]


def text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if isinstance(column.type, String | Text) and name not in NOT_USER_TEXT:
                yield table, column


def plant(probe, html_probe):
    """Overwrite every user text column of every row with probes that fit it (past the
    append-only triggers, as only the database's owner could)."""
    with append_only_lifted(db.session.connection()):
        for table, column in text_columns():
            rows = db.session.execute(select(table.c.id)).scalars().all()
            limit = column.type.length or 100_000
            for row_id in rows:
                start = probe if limit >= 120 else ""
                value = f"{start} {html_probe}".strip()[:limit - len(str(row_id))] + str(row_id)
                db.session.execute(table.update().where(table.c.id == row_id).values(
                    {column.name: value}))


def pages(app, ids):
    """(role, url) for every GET route, and a few with hostile query strings."""
    from flask import url_for

    values = {"plein_id": ids["plein"], "item_id": ids["item"], "partner_id": ids["welzijn"],
              "criterion_id": ids["criterion"], "number": 2, "membership_id": ids["membership"],
              "invitation_id": ids["invitation"], "user_id": ids["mt_id"],
              "token": ids["token"], "party_id": ids["party"], "line_id": ids["line"],
              "accession_number": 1, "message_id": ids["message"],
              "activity_id": ids["activity"], "schedule_id": ids["schedule"],
              "record_id": ids["theme"], "closing_id": ids["closing"], "shift_id": ids["shift"],
              "period": f"{local_today():%Y-%m}", "which": "scherm", "goal_id": ids["goal"],
              "referral_id": ids["referral"], "report_id": ids["report"],
              "audience_id": ids["audience"],
              "calendar_item_id": ids["calendar_item"], "meeting_id": ids["meeting"],
              "story_id": ids["story"], "evaluation_id": ids["evaluation"]}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            role = ("admin" if rule.endpoint.startswith(("admin.", "mail.")) else
                    "partner" if rule.endpoint in ("dashboard.partner_home",
                                                   "agreements.version",
                                                   "programme.ours",
                                                   "communication.partner_items",
                                                   "meetings.attended",
                                                   "meetings.attended_meeting",
                                                   "evaluations.survey") else
                    "anonymous" if rule.endpoint in ("accounts.login", "accounts.accept")
                    else "lead")
            values["kind"] = "assigned" if rule.endpoint.startswith("mail.") else "themas"
            urls.append((role, url_for(rule.endpoint, **{
                k: values[k] for k in rule.arguments})))
        probe = XSS_PROBES[1]
        urls += [
            ("lead", url_for("partners.index", plein_id=ids["plein"], q=probe, sort=probe)),
            ("lead", url_for("roadmap.index", plein_id=ids["plein"], status=probe,
                             owner_id=probe)),
            ("lead", url_for("assessment.index", plein_id=ids["plein"], sort=probe)),
            ("lead", url_for("assessment.compare", plein_id=ids["plein"],
                             p=[ids["welzijn"], ids["schuld"]])),
            ("lead", url_for("agreements.compare", plein_id=ids["plein"], van=1, naar=2)),
            ("anonymous", url_for("accounts.login", next=XSS_PROBES[3])),
            ("lead", url_for("programme.index", plein_id=ids["plein"], week=probe)),
            ("lead", url_for("programme.offer_list", plein_id=ids["plein"], per="thema")),
            ("lead", url_for("programme.activity", plein_id=ids["plein"],
                             activity_id=ids["activity"], datum=probe)),
            ("partner", url_for("programme.index", plein_id=ids["plein"],
                                week="2026-12-07")),
            # the partner's own activity, hidden: the lead's reason is shown to it
            ("partner", url_for("programme.activity", plein_id=ids["plein"],
                                activity_id=ids["activity"])),
            ("partner", url_for("programme.edit", plein_id=ids["plein"],
                                activity_id=ids["activity"])),
            ("lead", url_for("programme_outputs.folder", plein_id=ids["plein"],
                             indeling="thema", van=probe, weken=probe)),
            # the referred partner's view of the referral (with its personal fields), the
            # finder searched, and the figures a partner sees
            ("partner", url_for("desk_referrals.detail", plein_id=ids["plein"],
                                referral_id=ids["referral"])),
            ("partner", url_for("desk_referrals.index", plein_id=ids["plein"])),
            ("lead", url_for("desk_agreements.helpers", plein_id=ids["plein"], q=probe,
                             thema=ids["theme"])),
            ("lead", url_for("desk_agreements.helpers", plein_id=ids["plein"], q="a")),
            ("partner", url_for("desk_figures.index", plein_id=ids["plein"])),
            # the published report (its frozen JSON holds probes) as lead and partner
            ("lead", url_for("reports.version", plein_id=ids["plein"], number=1)),
            ("partner", url_for("reports.version", plein_id=ids["plein"], number=1)),
            ("lead", url_for("reports.print_view", plein_id=ids["plein"], number=1)),
            # the content calendar as a list (the world's items are a month ahead)
            ("lead", url_for("communication.calendar", plein_id=ids["plein"],
                             weergave="lijst")),
            ("lead", url_for("communication.calendar", plein_id=ids["plein"], maand=probe)),
            # a new meeting's agenda is prepared from probed texts (and the date typed)
            ("lead", url_for("meetings.new", plein_id=ids["plein"], soort="partners",
                             datum=probe)),
            # the held evaluation with its improvement point and participants
            ("lead", url_for("evaluations.moment", plein_id=ids["plein"],
                             evaluation_id=ids["held_evaluation"])),
        ]
        # the pages opened through a secret link, as anybody
        urls += [("anonymous", url_for(endpoint, token=ids[name])) for endpoint, name in (
            ("public_programme.screen", "screen_token"), ("public_programme.page",
             "public_token"), ("public_programme.feed", "feed_token"),
            ("public_programme.personal_feed", "personal_token"))]
    return urls


@pytest.fixture
def probed(app, contract_world, plan_world, referral_world):
    from plein.accounts.models import Membership
    from plein.agreements import service as agreements
    from plein.assessment import service as assessment

    world = contract_world
    with app.app_context():
        plein, lead, schuld = world.model("plein"), world.user("lead"), world.model("schuld")
        agreement = agreements.agreement_of(plein)
        # Schuldhulp joins version 1 and signs, then leaves (toetreding 1 and an
        # opzegging, to be probed), and is a party in the draft again
        from plein.agreements import addenda

        accession = addenda.accede(plein, agreement, schuld, by=lead, confirmed=True,
                                   hours="1", hours_period="week", money="0",
                                   money_explanation="", knowledge="", means="", tasks="")
        addenda.answer(plein, agreement, accession, user=world.user("partner2"),
                       roles={"partner"}, sign=True, function="functie", has_read=True)
        addenda.withdraw(plein, agreement, schuld, by=lead, leaves_on=date(2027, 1, 1),
                         reason="reden")
        party = agreements.add_party(plein, agreement, schuld, by=lead, confirmed=True)
        from plein.programme import links

        tokens = {f"{kind.value}_token": links.renew(plein, kind, by=lead)[1]
                  for kind in links.PLEIN_KINDS}
        tokens["personal_token"] = links.renew_personal(lead)
        criterion = assessment.criteria_of(plein)[0]
        # a swap of the desk shift (a Tuesday) in the coming weeks, so the rota shows it
        from datetime import timedelta

        from plein.programme import rota
        from plein.timeutil import local_today

        tuesday = local_today() + timedelta(days=(1 - local_today().weekday()) % 7 + 7)
        if tuesday.month == 12 and tuesday.day == 25:  # the world's closing day
            tuesday += timedelta(days=7)
        rota.swap(plein, world.model("shift"), on=tuesday, person_id=0, first_name="Bo",
                  reason="reden", by=lead)
        from plein.notes import service as notes

        # a note on an item and on a partner, so the threads are probed too
        notes.add_note(plein, world.model("item"), "notitie", by=lead)
        notes.add_note(plein, schuld, "notitie", by=lead)
        # the world's activity hidden, so the lead's reason shows on its pages
        from plein.programme import visibility

        activity = world.model("activity")
        visibility.hide(plein, activity, "reden", by=lead,
                        expected_version=activity.version_id)
        # a tally with a topic word, counted by Schuldhulp: the desk and its figures
        from plein.desk import tally

        tally.record(plein, theme_ids=[world.theme], help="referred", partner_id=schuld.id,
                     topic="onderwerp", by=world.user("team"))
        # a measurement by hand on the world's goal: its source is shown
        from plein.results import goals

        goals.add_measurement(plein, world.model("goal"), by=lead, on=date(2026, 6, 1),
                              value=7, source="bron", today=date(2026, 6, 1))
        # the communication plan names its responsible person; a figure with its source
        # about the world's target group
        from plein.communication import monitoring
        from plein.communication import plan as communication

        communication.save_plan(plein, by=lead, expected_version=0, responsible_id=lead.id,
                                introduction="inleiding")
        monitoring.add_figure(plein, by=lead, today=local_today(), on=local_today(),
                              metric="page_views", value=5, source="bron",
                              audience_id=world.audience)
        # an action of the world's meeting for Welzijn: its pages and the partner's show it
        from plein.meetings import service as meetings

        meetings.add_action(plein, world.model("meeting"), by=lead, title="actie",
                            owner_id=lead.id, due_date=date(2027, 1, 1),
                            partner_id=world.welzijn, origin_url="/")
        # the world's success story may be shared: the public page shows it too
        world.model("story").shareable = True
        # Welzijn's answers to the world's questionnaire; a held evaluation with a
        # participant of each side and an improvement point (a checklist item)
        from plein.results import evaluation, questionnaire

        moment = world.model("evaluation")
        questionnaire.answer(plein, moment, world.model("welzijn"),
                             by=world.user("partner"), expected_version=0, satisfaction=3,
                             works="werkt", change="anders", referral="partly",
                             referral_note="toelichting")
        held = evaluation.plan_evaluation(plein, by=lead, title="gehouden",
                                          planned_on=date(2026, 1, 5))
        evaluation.record_held(plein, held, by=lead, expected_version=held.version_id,
                               held_on=date(2026, 1, 5), people_ids=[lead.id],
                               partner_ids=[schuld.id], went_well="goed")
        evaluation.add_improvement(plein, held, by=lead, title="beter",
                                   explanation="uitleg", owner_id=lead.id,
                                   due_date=date(2100, 1, 1), origin_url="/")
        for partner in (schuld, world.model("welzijn")):
            assessment.set_score(plein, partner, criterion, 2, "uitleg", by=lead)
            assessment.decide(plein, partner, "yes", "onderbouwing", by=lead,
                              expected_version=0)
        # a voortgangsrapportage published with probes in its texts, a comment (planted
        # each round) and a new draft (its texts probed each round through the service)
        from plein.results import reports

        report = reports.start_draft(plein, by=lead, period="quarter",
                                     starts_on=date(2026, 7, 1), today=date(2026, 12, 2),
                                     texts={"goals": " ".join(XSS_PROBES)})
        version = reports.publish(plein, report, by=lead, expected_version=1,
                                  today=date(2026, 12, 2))
        reports.comment(plein, version, by=world.user("mt"), body="reactie")
        world.ids["report"] = reports.new_version(plein, version, by=lead).id
        db.session.commit()
        membership = db.session.scalar(select(Membership.id).where(
            Membership.user_id == world.team_id))
        party_id, held_id = party.id, held.id
    return world, {**world.ids, "party": party_id, "membership": membership, **tokens,
                   "held_evaluation": held_id}


def _submit_and_review_probed_plan(plein, lead, mt, probe):
    """Freeze the probed plan texts into a new snapshot, with a review and a message."""
    from plein.plan import reviews
    from plein.plan import service as plans

    plan = plans.plan_of(plein)
    snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id)
    reviews.review(plein, snapshot, by=mt, decision="conditional", comment=probe,
                 conditions=probe[:150])
    reviews.post_message(plein, snapshot, by=lead, body=probe)


def test_probes_in_every_text_column_come_back_harmless(app, probed):
    from plein.agreements import service as agreements

    world, ids = probed
    clients = {}
    for role in ("admin", "lead", "partner", "anonymous"):
        clients[role] = app.test_client()
        if role != "anonymous":
            assert login(clients[role], role).status_code == 303
    problems, checked = [], 0
    for number, (probe, html_probe) in enumerate(ROUNDS, start=2):
        with app.app_context():
            plant(probe, html_probe)
            plein, lead = world.model("plein"), world.user("lead")
            agreement = agreements.agreement_of(plein)
            version = agreements.publish(plein, agreement, by=lead,
                                         expected_version=agreement.version_id)
            agreements.decline(plein, agreement, version, world.welzijn,
                               user=world.user("partner"),
                               roles={"partner"}, reason=probe)
            _submit_and_review_probed_plan(plein, lead, world.user("mt"), probe)
            from plein.results import reports

            draft = reports.draft_of(plein)
            reports.update_draft(plein, draft, by=lead, expected_version=draft.version_id,
                                 period="quarter", starts_on=date(2026, 7, 1),
                                 texts=dict.fromkeys(("goals", "programme", "partners"),
                                                     f"{probe} {html_probe}"[:3000]),
                                 today=date(2026, 12, 2))
            plant(probe, html_probe)  # the signature and the audit trail too
            db.session.commit()
        for role, url in pages(app, {**ids}):
            url = url.replace("/versie/2", f"/versie/{number}").replace(
                "/versies/2", f"/versies/{number}")
            for headers in ({}, HTMX):
                response = clients[role].get(url, headers=headers)
                checked += 1
                assert response.status_code < 500, (url, probe)
                body = response.get_data(as_text=False)
                if response.mimetype == "text/html":
                    found = markup_problems(body.decode())
                elif response.mimetype == "text/csv":
                    found = formula_cells(csv_cells(body.decode("utf-8")))
                elif "spreadsheet" in response.mimetype:
                    found = formula_cells(xlsx_cells(body))
                else:
                    found = []
                problems += [(url, bool(headers), probe, f) for f in found]
    figures.XSS.update(pages=checked, probes=len(XSS_PROBES), problems=len(problems))
    assert checked > 100
    assert not problems, sorted({p[3] for p in problems})
