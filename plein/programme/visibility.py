"""What of the programme the outside world sees, and the lead hiding an activity.

One rule decides it, here and nowhere else: an activity is *public* when the lead has
not hidden it and its organisation (the library, or a partner) still takes part; a
partner that stopped or was turned down takes its activities out of every public list
(week view for partners, TV screen, folder, public page, iCal). Those outputs ask
:func:`visible_activities` (or compose :func:`public_clause` into their own query); the
lead's week view shows everything and warns about what the public no longer sees.
"""

from sqlalchemy import and_, or_, select

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.forms import length_of
from plein.partners.models import Partner, PartnerStatus
from plein.programme.models import Activity
from plein.text import clean_line
from plein.timeutil import utcnow

# a partner with one of these statuses no longer offers anything on the plein
GONE = (PartnerStatus.STOPPED.value, PartnerStatus.REJECTED.value)


def public_clause():
    """The SQL condition "this activity is public", to add to a query of ``Activity``."""
    gone = select(Partner.id).where(Partner.status.in_(GONE))
    return and_(Activity.hidden_at.is_(None),
                or_(Activity.partner_id.is_(None), Activity.partner_id.not_in(gone)))


def is_public(activity):
    """The same rule for an activity already loaded."""
    return activity.hidden_at is None and (activity.partner is None
                                           or activity.partner.status not in GONE)


def visible_activities(plein):
    """Every public activity of the plein, with their themes, schedules and changes
    loaded (a constant number of queries): what the public outputs list."""
    from plein.programme.activities import activities_of

    return activities_of(plein, public_only=True)


def why_not_public(activity):
    """Why the public does not see ``activity`` (Dutch), or "" when it does."""
    if activity.hidden_at is not None:
        return "verborgen door de projectleider"
    if activity.partner is not None and activity.partner.status in GONE:
        return f"{activity.partner.name} is {activity.partner.status_label.lower()} als partner"
    return ""


class StaleHiding(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit aanbod intussen gewijzigd. Kijk of het "
                         "verbergen nog nodig is.", current)


def hide(plein, activity, reason, *, by, expected_version):
    """Hide ``activity`` from partners and the public, with a reason its organisation
    reads."""
    check_version(activity, expected_version, StaleHiding(activity))
    if activity.hidden_at is not None:
        raise ServiceError("Dit aanbod is al verborgen.")
    reason = clean_line(reason or "")
    if not reason:
        raise ServiceError("Schrijf erbij waarom het verborgen wordt; de organisatie van "
                           "het aanbod leest dat.", "reason")
    if len(reason) > length_of(Activity.hidden_reason):
        raise ServiceError(f"Gebruik hoogstens {length_of(Activity.hidden_reason)} tekens.",
                           "reason")
    activity.hidden_at, activity.hidden_reason, activity.hidden_by = utcnow(), reason, by
    audit.record("programme.hide", f"Aanbod '{activity.title}' ({activity.organisation}) "
                 f"verborgen: {reason}", plein=plein, obj=activity, user=by)
    return activity


def unhide(plein, activity, *, by, expected_version):
    """Show a hidden activity again."""
    check_version(activity, expected_version, StaleHiding(activity))
    if activity.hidden_at is None:
        raise ServiceError("Dit aanbod is niet verborgen.")
    activity.hidden_at, activity.hidden_reason, activity.hidden_by = None, "", None
    audit.record("programme.hide", f"Aanbod '{activity.title}' ({activity.organisation}) "
                 "is weer zichtbaar", plein=plein, obj=activity, user=by)
    return activity
