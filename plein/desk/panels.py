"""What the desk adds to the programme's pages (``plein.programme.extras``): an
activity's page shows its organisation's referral agreement (issue 18 point 6) to
those who refer visitors (the same people who use "Wie kan helpen bij …?"), with a
link to keep it up to date for whoever may."""

from flask_login import current_user

from plein.accounts.access import can
from plein.desk import agreements, tally
from plein.programme import extras


@extras.activity_panel
def referral_agreement(plein, activity):
    if activity.partner is None or not can("desk.record"):
        return None
    own = tally.own_organisation(plein, current_user)
    return extras.Panel("desk/_activity_agreement.html", {
        "partner": activity.partner,
        "agreement": agreements.agreement_of(plein, activity.partner),
        "may_edit": can("desk.agreements") and (own is None or own.id == activity.partner_id),
    })
