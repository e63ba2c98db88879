"""Who may do what: DESIGN.md's permission table as data, and the one guard for views.

Every view is wrapped in ``@guard(...)``; ``create_app`` refuses to start when a view
has no guard. Plein views live under ``/p/<plein_id>/``: a user who is not a member
of that plein (and not an admin) gets 404 for everything in it, a member whose roles
lack the permission gets 403.
"""

from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from plein import audit
from plein.accounts.models import Plein, Role
from plein.extensions import db

# Special guards for routes outside a plein.
PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in user
ADMIN = "admin"  # installation admins only

# permission -> roles that have it. Role.ADMIN is the User.is_admin flag.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "plein.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "roadmap.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "phase.move": frozenset({Role.ADMIN, Role.LEAD}),
    "partners.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "assessment.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "assessment.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "criteria.edit": frozenset({Role.ADMIN, Role.LEAD}),
    "plan.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "plan.edit": frozenset({Role.ADMIN, Role.LEAD}),
    # only MT members judge the plan (a lead who is also MT does so as MT member)
    "plan.review": frozenset({Role.MT}),
    # the thread on a submitted plan: the lead answers, the MT asks
    "plan.discuss": frozenset({Role.ADMIN, Role.LEAD, Role.MT}),
    "agreement.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "agreement.draft": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "agreement.publish": frozenset({Role.ADMIN, Role.LEAD}),
    # reading a published version: partner users only the versions their organisation is
    # a party to (checked per version); signing: a partner for its organisation, the
    # lead for the library
    "agreement.read": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER}),
    "agreement.sign": frozenset({Role.LEAD, Role.PARTNER}),
    "members.manage": frozenset({Role.ADMIN, Role.LEAD}),
    # separation of duties: the MT judges the lead's plan, so an installation admin, not
    # the lead, appoints and removes MT members (DESIGN.md: "grant or remove the MT role")
    "members.grant_mt": frozenset({Role.ADMIN}),
    # deleting an item another feature depends on (an MT condition): the lead, with a
    # reason
    "roadmap.delete_protected": frozenset({Role.ADMIN, Role.LEAD}),
    "audit.view": frozenset({Role.ADMIN, Role.LEAD}),
    "partner.home": frozenset({Role.PARTNER}),
    # the programme: everyone in the plein reads it; library staff edit it
    "programme.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER}),
    "programme.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    # the desk rota: library staff edit every shift, a partner user its own
    # organisation's (itself or a volunteer of its own; checked per shift: 404)
    "programme.desk": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.PARTNER}),
    # adding and changing activities and their dates: library staff (programme.edit) any
    # organisation's, a partner only its own organisation's (checked per activity:
    # another organisation's is 404)
    "programme.own": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.PARTNER}),
    # hiding an activity from partners and the public, with a reason
    "programme.hide": frozenset({Role.ADMIN, Role.LEAD}),
    # the desk: library staff and partner users count contacts (a partner user of an
    # organisation that left the plein is refused by the service); everyone in the plein
    # reads the figures, a partner with counts below 5 hidden; the exact figures and the
    # monthly CSV are the library's
    "desk.record": frozenset({Role.LEAD, Role.TEAM, Role.PARTNER}),
    "desk.figures": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER}),
    "desk.export": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    # the secret links of the screen, the public page and the plein's iCal feed
    "programme.links": frozenset({Role.ADMIN, Role.LEAD}),
    # results (DESIGN.md "figures, goals, reports"): library staff set goals and enter
    # measurements, the MT reads them; partners see published reports only (later)
    "results.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "results.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    # evaluation moments: library staff plan and record them and open or close the
    # partners' questionnaire (the MT reads them through results.view); a partner user
    # answers the questionnaire for its own organisation and sees its own answers
    "results.evaluate": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "results.answer": frozenset({Role.PARTNER}),
    # making a referral is counting a contact ("record tallies, make referrals"), and so
    # is finding who can help; seeing referrals (with their personal fields): the lead,
    # the team, and a partner user only those to its own organisation (checked per
    # referral: another's is 404). The MT sees the figures only.
    "desk.referrals": frozenset({Role.LEAD, Role.TEAM, Role.PARTNER}),
    # referral agreements: library staff keep any partner's, a partner user its own
    # organisation's (another's: 404)
    "desk.agreements": frozenset({Role.LEAD, Role.TEAM, Role.PARTNER}),
    # a topic word that keeps coming back (a signal) becomes a checklist item: the lead
    "desk.signals": frozenset({Role.ADMIN, Role.LEAD}),
    # success stories: everyone in the plein reads them (a partner user those its
    # organisation is in), library staff write and edit any, a partner user adds one
    # its organisation is in; the lead chooses who collects them
    "successes.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER}),
    "successes.add": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.PARTNER}),
    "successes.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "successes.collector": frozenset({Role.ADMIN, Role.LEAD}),
    # the privacy page about referrals: everyone in the plein
    "desk.privacy": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT, Role.PARTNER}),
    # the voortgangsrapportage: the lead composes and publishes; the MT comments on a
    # published version and the lead answers; everyone in the plein, partners included,
    # reads the published versions (a draft only the lead)
    "results.report": frozenset({Role.ADMIN, Role.LEAD}),
    "results.comment": frozenset({Role.ADMIN, Role.LEAD, Role.MT}),
    "results.published": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT,
                                    Role.PARTNER}),
    # communication (plan, content calendar, monitoring): library staff keep it, the MT
    # reads it; a partner user sees and moves on (status) the calendar items on its own
    # organisation's channels (checked per item: another organisation's is 404)
    "communication.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "communication.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "communication.own": frozenset({Role.PARTNER}),
    # meetings (partneroverleg, dag- and weekstart): library staff record them and their
    # actions, the MT reads them; a partner user sees only the meetings its organisation
    # attended and its organisation's actions (checked per meeting: another's is 404)
    "meetings.view": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM, Role.MT}),
    "meetings.edit": frozenset({Role.ADMIN, Role.LEAD, Role.TEAM}),
    "meetings.attended": frozenset({Role.PARTNER}),
}


def roles_in(user, plein) -> frozenset[Role]:
    """The roles ``user`` holds in ``plein``; admins also hold Role.ADMIN."""
    if not user.is_authenticated:
        return frozenset()
    roles = {Role(m.role) for m in user.memberships if m.plein_id == plein.id}
    if user.is_admin:
        roles.add(Role.ADMIN)
    return frozenset(roles)


def can(permission: str, roles=None) -> bool:
    """True when the roles (default: the current request's) grant the permission."""
    if roles is None:
        roles = g.get("roles", frozenset())
    return bool(PERMISSIONS[permission] & roles)


def may_open(endpoint: str) -> bool:
    """Whether the current user's roles in this plein (``g.roles``) pass the guard of
    the view at ``endpoint``: a link to a page they would get a 403 on is not shown."""
    guarded = getattr(current_app.view_functions.get(endpoint), "guard", None)
    if guarded is None:
        return False
    if guarded in (PUBLIC, LOGIN):
        return True
    if guarded == ADMIN:
        return current_user.is_admin
    return can(guarded)


def me():
    """The logged-in user as a plain object (to store on rows and pass to services)."""
    return current_user._get_current_object()


def partner_membership(user, plein):
    """The membership through which ``user`` speaks for a partner organisation, if any
    (from the user's memberships, which the guard has loaded already)."""
    return next((m for m in user.memberships
                 if m.plein_id == plein.id and m.role == Role.PARTNER), None)


def _login_required_response():
    from plein.htmx import htmx_redirect

    # Come back here after logging in, but only to a page (a GET), never to a POST.
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("accounts.login", next=back)
    ended = g.get("session_ended")  # set by plein.accounts.sessions
    if ended:
        flash(ended, "info")
    elif not request.htmx:
        flash("Log in om verder te gaan.", "info")
    return htmx_redirect(target) or redirect(target)


def _refuse(status, reason):
    """abort(status) after logging the refusal for the admins (not for the user)."""
    audit.refused(f"Geweigerd ({status}): {request.method} {request.path[:200]} – {reason}")
    abort(status)


def guard(permission: str):
    """Protect a view: PUBLIC, LOGIN, ADMIN or a plein permission from PERMISSIONS.

    For a plein permission the view must take ``plein_id``; the guard loads the plein
    into ``g.plein`` and the user's roles into ``g.roles`` and passes ``plein`` on
    instead of ``plein_id``.
    """
    if permission not in (PUBLIC, LOGIN, ADMIN) and permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if permission == PUBLIC:
                return view(*args, **kwargs)
            if not current_user.is_authenticated:
                return _login_required_response()
            if permission == LOGIN:
                return view(*args, **kwargs)
            if permission == ADMIN:
                if not current_user.is_admin:
                    _refuse(403, "geen beheerder")
                return view(*args, **kwargs)
            # the user's memberships carry their pleinen: for a member this finds the
            # plein without a query of its own
            user = current_user._get_current_object()
            user.memberships  # noqa: B018  (loads them, each with its plein)
            plein = db.session.get(Plein, kwargs.pop("plein_id"))
            if plein is None:
                abort(404)
            roles = roles_in(current_user, plein)
            if not roles:
                # not a member: the plein does not exist for this user (the log says why)
                _refuse(404, f"geen lid van plein {plein.id}")
            g.plein, g.roles = plein, roles
            if not can(permission, roles):
                _refuse(403, f"recht {permission} ontbreekt (rollen: "
                             f"{', '.join(sorted(roles))})")
            return view(*args, plein=plein, **kwargs)

        wrapper.guard = permission
        return wrapper

    return decorate


def pleinen_for(user):
    """The pleinen this user can open (all of them for an admin), by name.

    A member's come from the memberships the guard has loaded already (each with its
    plein): every page shows this menu, so it costs no query of its own."""
    if user.is_admin:
        return db.session.scalars(select(Plein).order_by(Plein.name)).all()
    pleinen = {m.plein_id: m.plein for m in user.memberships}
    return sorted(pleinen.values(), key=lambda p: (p.name, p.id))


def plein_choices(user):
    """(plein, url of its start page) for every plein this user can open."""
    return [
        (plein, url_for(home_endpoint(roles_in(user, plein)), plein_id=plein.id))
        for plein in pleinen_for(user)
    ]


def home_endpoint(roles) -> str:
    """Where a user with these roles lands when opening a plein: an MT member (who has
    no other role there) on the MT overview."""
    if roles == {Role.MT}:
        return "dashboard.mt"
    if can("plein.view", roles):
        return "dashboard.index"
    return "dashboard.partner_home"
