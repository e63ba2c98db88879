"""Hostile input: every POST route gets random and hostile form values (hypothesis).

Whatever is posted, the answer is never a server error, never carries markup that came
from the values, and the database session is usable afterwards. The route list comes
from ``app.url_map``: a POST route without an entry in FUZZ fails the suite, so routes
added later must say here which fields they read.

PLEIN_FUZZ_EXAMPLES (default 12) sets the examples per route: every route gets fresh
random forms on every run (.ci/run: 12 on SQLite and 12 more on PostgreSQL); bench/fuzz.py
runs the long version (2,000 per route) before a release.
"""

import inspect
import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

from plein.accounts.forms import AcceptInvitationForm, LoginForm, PasswordChangeForm
from plein.admin.forms import PleinForm, ResetPasswordForm, UserForm
from plein.agreements.forms import (
    AccessionForm,
    AddPartyForm,
    CommitmentForm,
    DeclineForm,
    SignForm,
    TermsForm,
    WithdrawalForm,
)
from plein.assessment.defaults import COMMERCIAL_CHECKS
from plein.assessment.forms import CriterionEditForm, CriterionForm, DecisionForm, UnlockForm
from plein.communication.forms import AudienceEditForm, AudienceForm, FigureForm
from plein.communication.forms import ItemEditForm as CalendarItemEditForm
from plein.communication.forms import ItemForm as CalendarItemForm
from plein.communication.forms import PlanForm as CommunicationPlanForm
from plein.communication.forms import StatusForm as CalendarStatusForm
from plein.desk.forms import AgreementForm, ReferForm, SignalForm, StatusForm, TallyForm
from plein.desk.forms import UndoForm as TallyUndoForm
from plein.extensions import db
from plein.mail.models import CHOOSABLE
from plein.meetings.forms import ActionForm, MeetingEditForm, MeetingForm
from plein.members.forms import InviteForm
from plein.notes.forms import NoteForm
from plein.partners.forms import PartnerForm, PartnerStatusForm, QuickStartForm
from plein.plan.forms import (
    EditLineForm,
    LineForm,
    MessageForm,
    PlanForm,
    ReviewForm,
    SubmitForm,
)
from plein.programme.forms import (
    ActivityEditForm,
    ActivityForm,
    ChangeForm,
    ClosingDayForm,
    DayPartForm,
    DeskNamesForm,
    HideForm,
    ScheduleForm,
    ShiftForm,
    SwapForm,
    UndoForm,
)
from plein.results.evaluation_forms import (
    AnswerForm,
    EvaluationForm,
    ImprovementForm,
    RecordForm,
)
from plein.results.forms import GoalEditForm, GoalForm, MeasurementForm
from plein.results.report_forms import CommentForm, ReportForm, StartForm
from plein.results.success_forms import CollectorForm, StoryEditForm, StoryForm
from plein.roadmap.forms import (
    AddItemForm,
    DeleteItemForm,
    ItemForm,
    ItemStatusForm,
    PhaseBackForm,
)
from tests.conftest import HTMX, login
from tests.hostile import figures
from tests.hostile.probes import MARKER, XSS_PROBES, markup_problems
from tests.test_access import url_for_endpoint

pytestmark = pytest.mark.shared_world  # one world, each route rolled back

EXAMPLES = int(os.environ.get("PLEIN_FUZZ_EXAMPLES", "12"))
# A button-only route has no form: only extra fields and htmx vary, so fewer examples.
BUTTON_EXAMPLES = max(1, EXAMPLES // 6)


def form_fields(form_class):
    """The field names a WTForms form reads (csrf_token aside)."""
    return [name for name, value in inspect.getmembers(form_class)
            if isinstance(value, UnboundField)]


# Which fields each POST route reads: a form class, or a function of the world for
# routes that read request.form by hand (field names with ids in them).
def _score_fields(ctx):
    return [f"{prefix}-{cid}" for cid in ctx["criteria"]
            for prefix in ("score", "orig", "explanation", "orig-explanation")]


def _check_fields(_ctx):
    return [f"{prefix}-{check.key}" for check in COMMERCIAL_CHECKS
            for prefix in ("check", "note", "was-check", "was-note")]


def _section_fields(ctx):
    return ["version", *(f"section-{key}" for key in ctx["sections"])]


# endpoint -> (role that may use it, fields)
FUZZ = {
    "plan.start": ("lead", []),
    "plan.save": ("lead", form_fields(PlanForm)),
    "plan.add_line": ("lead", form_fields(LineForm)),
    "plan.save_line": ("lead", form_fields(EditLineForm)),
    "plan.delete_line": ("lead", ["version"]),
    "plan.submit": ("lead", form_fields(SubmitForm)),
    "plan.review": ("mt", form_fields(ReviewForm)),
    "plan.post_message": ("lead", form_fields(MessageForm)),
    "accounts.login:post": ("anonymous", form_fields(LoginForm)),
    "accounts.logout": ("lead", []),
    "accounts.password:post": ("team", form_fields(PasswordChangeForm)),
    "accounts.accept:post": ("anonymous", form_fields(AcceptInvitationForm)),
    "admin.create_plein": ("admin", form_fields(PleinForm)),
    "admin.create_user": ("admin", form_fields(UserForm)),
    "admin.reset_password": ("admin", [f"reset-{name}" for name in
                                       form_fields(ResetPasswordForm)]),
    "admin.deactivate": ("admin", []),
    "admin.activate": ("admin", []),
    "members.invite": ("lead", form_fields(InviteForm)),
    "members.revoke": ("lead", []),
    "members.remove": ("lead", []),
    "members.change": ("lead", ["change-role"]),
    "roadmap.add_item": ("lead", form_fields(AddItemForm)),
    "roadmap.update_item": ("lead", form_fields(ItemForm)),
    "roadmap.set_status": ("team", form_fields(ItemStatusForm)),
    "roadmap.move_item": ("lead", ["direction"]),
    "roadmap.delete_item": ("lead", form_fields(DeleteItemForm)),
    "roadmap.advance": ("lead", []),
    "roadmap.go_back": ("lead", form_fields(PhaseBackForm)),
    "roadmap.add_note": ("team", form_fields(NoteForm)),
    "partners.add_note": ("team", form_fields(NoteForm)),
    "partners.create": ("lead", form_fields(PartnerForm)),
    "partners.update": ("team", form_fields(PartnerForm)),
    "partners.set_status": ("lead", form_fields(PartnerStatusForm)),
    "partners.add_suggestions": ("lead", form_fields(QuickStartForm)),
    "assessment.score": ("team", ["value", "explanation"]),
    "assessment.save_scores": ("lead", _score_fields),
    "assessment.answer_checks": ("lead", _check_fields),
    "assessment.decide": ("lead", form_fields(DecisionForm)),
    "assessment.add_criterion": ("lead", form_fields(CriterionForm)),
    "assessment.update_criterion": ("lead", form_fields(CriterionEditForm)),
    "assessment.delete_criterion": ("lead", ["version"]),
    "assessment.unlock": ("lead", form_fields(UnlockForm)),
    "assessment.lock": ("lead", []),
    "agreements.start": ("lead", []),
    "agreements.save_sections": ("team", _section_fields),
    "agreements.add_party": ("lead", form_fields(AddPartyForm)),
    "agreements.save_commitment": ("lead", form_fields(CommitmentForm)),
    "agreements.remove_party": ("lead", ["version"]),
    "agreements.publish": ("lead", ["version"]),
    "agreements.sign": ("partner", form_fields(SignForm)),
    "agreements.decline": ("partner", form_fields(DeclineForm)),
    "agreements.save_terms": ("lead", form_fields(TermsForm)),
    "agreements.accede": ("lead", form_fields(AccessionForm)),
    "agreements.withdraw": ("lead", form_fields(WithdrawalForm)),
    # toetreding 1 (accession_world): Schuldhulp, partner2's organisation, answers it
    "agreements.sign_accession": ("partner2", form_fields(SignForm)),
    "agreements.decline_accession": ("partner2", form_fields(DeclineForm)),
    "mail.preferences:post": ("team", [kind.value for kind in CHOOSABLE]),
    "mail.resend": ("admin", []),
    "mail.unsubscribe:post": ("anonymous", []),
    "programme.create": ("lead", form_fields(ActivityForm)),
    # the partner user keeps its own organisation's activity (the world's is Welzijn's)
    "programme.update": ("partner", form_fields(ActivityEditForm)),
    "programme.hide": ("lead", form_fields(HideForm)),
    "programme.unhide": ("lead", ["version"]),
    "programme.add_schedule": ("lead", form_fields(ScheduleForm)),
    "programme.remove_schedule": ("lead", []),
    "programme.change_date": ("team", form_fields(ChangeForm)),
    "programme.undo_change": ("lead", form_fields(UndoForm)),
    "programme_setup.set_day_part": ("lead", form_fields(DayPartForm)),
    # a theme: a new one, or a rename (its form's fields carry the theme's id)
    "programme_setup.add_name": ("lead", ["theme-name"]),
    "programme_setup.rename": ("lead", lambda ctx: [f"theme-{ctx['theme']}-name"]),
    "programme_setup.remove_name": ("lead", []),
    "programme_setup.add_closing": ("lead", form_fields(ClosingDayForm)),
    "programme_setup.remove_closing": ("lead", []),
    "programme_desk.add_shift": ("lead", form_fields(ShiftForm)),
    # Welzijn's user on its own organisation's shift
    "programme_desk.swap": ("partner", lambda ctx: [f"swap-{ctx['shift']}-{name}"
                                                    for name in form_fields(SwapForm)]),
    "programme_desk.undo_swap": ("team", form_fields(UndoForm)),
    "programme_desk.remove_shift": ("lead", []),
    "desk.record": ("team", form_fields(TallyForm)),
    "desk.undo": ("partner", form_fields(TallyUndoForm)),
    "programme_outputs.renew": ("lead", []),
    "programme_outputs.switch_off": ("lead", []),
    "programme_outputs.desk_names": ("lead", form_fields(DeskNamesForm)),
    "programme_outputs.renew_my_feed": ("team", []),
    "results.create": ("team", form_fields(GoalForm)),
    "results.update": ("lead", form_fields(GoalEditForm)),
    "results.measure": ("lead", form_fields(MeasurementForm)),
    # evaluation moments: the world's is planned with its questionnaire open
    "evaluations.plan": ("lead", form_fields(EvaluationForm)),
    "evaluations.record": ("team", form_fields(RecordForm)),
    "evaluations.improve": ("lead", form_fields(ImprovementForm)),
    "evaluations.open_survey": ("lead", ["version"]),
    "evaluations.close_survey": ("lead", ["version"]),
    "evaluations.answer": ("partner", form_fields(AnswerForm)),
    # warm referrals: the world's referral is to Welzijn, the partner user's organisation
    "desk_agreements.save_agreement": ("partner", form_fields(AgreementForm)),
    "desk_referrals.refer": ("team", form_fields(ReferForm)),
    "desk_referrals.set_status": ("partner", form_fields(StatusForm)),
    "desk_figures.signal_to_item": ("lead", form_fields(SignalForm)),
    # the voortgangsrapportage (the world's draft and published version 1)
    "reports.start": ("lead", form_fields(StartForm)),
    "reports.update": ("lead", form_fields(ReportForm)),
    "reports.publish": ("lead", ["version"]),
    "reports.comment": ("mt", form_fields(CommentForm)),
    "reports.new_version": ("lead", []),
    "communication.save_plan": ("lead", form_fields(CommunicationPlanForm)),
    "communication.create_audience": ("team", form_fields(AudienceForm)),
    "communication.update_audience": ("lead", form_fields(AudienceEditForm)),
    "communication.audience_goal": ("lead", []),
    "communication.add_figure": ("team", form_fields(FigureForm)),
    "communication.create_item": ("team", form_fields(CalendarItemForm)),
    "communication.update_item": ("lead", form_fields(CalendarItemEditForm)),
    # the world's calendar item is on Welzijn's channels: the partner user's organisation
    "communication.item_status": ("partner", form_fields(CalendarStatusForm)),
    "meetings.create": ("team", form_fields(MeetingForm)),
    "meetings.update": ("lead", form_fields(MeetingEditForm)),
    "meetings.add_action": ("lead", form_fields(ActionForm)),
    # success stories: a partner adds one (Welzijn in it), library staff edit, the lead
    # picks the collector
    "successes.create": ("partner", form_fields(StoryForm)),
    "successes.update": ("team", form_fields(StoryEditForm)),
    "successes.set_collector": ("lead", form_fields(CollectorForm)),
}

# Routes that log the user out (or could): log in again before every example.
RELOGIN = {"accounts.logout", "accounts.password:post", "accounts.accept:post"}


def post_routes(app):
    keys = set()
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            keys.add(f"{rule.endpoint}:post" if "GET" in rule.methods else rule.endpoint)
    return keys


def test_every_post_route_is_fuzzed(app):
    routes = post_routes(app)
    missing = routes - set(FUZZ)
    assert not missing, f"POST routes without a fuzz entry in {__file__}: {sorted(missing)}"
    assert not set(FUZZ) - routes, f"fuzz entries without a route: {set(FUZZ) - routes}"


# -- hostile values ---------------------------------------------------------------------

NUMBERS = ["0", "1", "2", "3", "-1", "-0", "1.5", "1,5", "1.250,50", "1,250.50", "€ 12",
           "1e9", "1e309", "NaN", "inf", "-inf", "0x10", "٣", "１２", "2147483647",
           "2147483648", "-2147483649", "99999999999999999999999", "12 uur", " 7 ", "+5"]
DATES = ["2025-02-30", "31-12-2025", "2025/12/31", "0000-00-00", "9999-12-31", "1-1-1",
         "2025-13-01", "gisteren"]
WORDS = ["", " ", "week", "month", "up", "down", "yes", "no", "ja", "nee", "later",
         "open", "busy", "done", "na", "item", "partner", "lead", "team", "mt", "admin",
         "candidate", "contact", "agreement", "active", "stopped", "professional",
         "volunteer", "commercial", "both", "help", "learning", "on", "true", "y",
         "Welzijn Alfa", "Bibliotheek", "naam@bibliotheek.nl", "a@b.c"]


def hostile_text():
    unicode_text = st.text(st.characters(codec="utf-8"), max_size=60)
    return st.one_of(
        unicode_text,
        st.text(string.printable, max_size=40),
        st.sampled_from(XSS_PROBES),
        st.sampled_from(NUMBERS + DATES + WORDS),
        st.integers(-(2**70), 2**70).map(str),
        # longer than every field allows (the longest takes 20,000 characters)
        st.integers(1, 25_000).map(lambda n: ("ab\u00e9\u2028" * n)[:n]),
        unicode_text.map(lambda s: s + "\x00" + s),  # NUL: refused, not stored
        st.sampled_from(["\r\n", "\u202e", "\ufeff", "%00", "../../etc/passwd",
            "' OR 1=1 --", "\\", "{{config}}", "${7*7}"]),
    )


def form_data(fields, ids):
    """A multidict as a list of pairs: some fields missing, some twice, some extra."""
    value = st.one_of(hostile_text(), st.sampled_from(ids).map(str))

    def pairs_for(name):
        return st.one_of(
            st.just([]),  # missing
            value.map(lambda v: [(name, v)]),
            st.lists(value, min_size=2, max_size=3).map(lambda vs: [(name, v) for v in vs]),
        )

    named = st.tuples(*(pairs_for(name) for name in fields)) if fields else st.just(())
    extra = st.lists(st.tuples(st.sampled_from(["extra", "plein_id", "id", "role",
                                                "is_admin", "csrf_token", "version"]),
                               value), max_size=2)
    return st.tuples(named, extra).map(
        lambda t: [pair for pairs in t[0] for pair in pairs] + list(t[1]))


# -- the test -----------------------------------------------------------------------------


def _context(app, world):
    """Field-name material and foreign ids, read from the database once."""
    from plein.agreements.models import Agreement
    from plein.assessment.models import Criterion

    with app.app_context():
        criteria = db.session.scalars(select(Criterion.id).where(
            Criterion.plein_id == world.plein)).all()
        agreement = db.session.scalar(select(Agreement).where(
            Agreement.plein_id == world.plein))
        sections = [s.key for s in agreement.sections]
        other_ids = db.session.scalars(select(Criterion.id).where(
            Criterion.plein_id == world.other)).all()[:3]
    return {"criteria": criteria, "sections": sections, "theme": world.theme,
            "shift": world.shift,
            "ids": [world.other, world.plein, world.welzijn, world.schuld, world.item,
                    world.welzijn_party, world.line, world.theme, world.room,
                    world.activity, world.referral, world.audience, world.calendar_item,
                    *other_ids, 0, -1, 2**31, 2**63]}


@pytest.fixture(scope="module")
def shared(app, _shared_world):
    """What every route's test reads the same way, made once in the module's world
    (outside every test's savepoint): the field-name material and foreign ids, and a
    login session per role, so a test starts with that role's cookie instead of logging
    in again. A route that logs out or changes the password ends its session inside the
    test's savepoint, which is rolled back: the next test's cookie still works."""
    roles = {role for role, _fields in FUZZ.values()} - {"anonymous"}
    cookies = {}
    for role in sorted(roles):
        client = app.test_client()
        assert login(client, role).status_code in (302, 303), f"login as {role} failed"
        cookies[role] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return _context(app, _shared_world.world), cookies


@pytest.mark.parametrize("key", sorted(FUZZ))
def test_hostile_values_never_break_a_route(app, accession_world, plan_world, referral_world,
                                            report_world, shared, key):
    world = accession_world
    role, fields = FUZZ[key]
    ctx, cookies = shared
    if callable(fields):
        fields = fields(ctx)
    url = url_for_endpoint(app, world, key.split(":")[0])
    seen = {"examples": 0, "5xx": 0}
    client = app.test_client()
    if role != "anonymous":
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookies[role])

    def log_in():
        if role != "anonymous":
            assert login(client, role).status_code in (302, 303)

    @settings(max_examples=EXAMPLES if fields else BUTTON_EXAMPLES, deadline=None,
              database=None, suppress_health_check=list(HealthCheck))
    @given(data=form_data(fields, ctx["ids"]), htmx=st.booleans())
    def post(data, htmx):
        if key in RELOGIN:
            log_in()
        headers = HTMX if htmx else {}
        response = client.post(url, data=MultiDict(data), headers=headers)
        seen["examples"] += 1
        if response.status_code >= 500:
            seen["5xx"] += 1
        assert response.status_code < 500, (key, data, response.get_data(as_text=True)[:500])
        if role != "anonymous" and key not in RELOGIN:  # the role's session did the post
            sent_to = response.headers.get("Location", "") + response.headers.get(
                "HX-Redirect", "")
            assert "/inloggen" not in sent_to, (key, role, "not logged in", sent_to)
        body = response.get_data(as_text=True)
        if response.mimetype == "text/html" and MARKER in body:  # a probe came back
            problems = markup_problems(body)
            assert not problems, (key, data, problems)
        with app.app_context():  # the session (and the connection) still work
            assert db.session.execute(text("SELECT 1")).scalar() == 1

    post()
    figures.record_fuzz(key, seen["examples"], seen["5xx"])
