"""Signals (signalen): a topic word that keeps coming back at the desk. When a word
was counted at least ``PLEIN_SIGNAL_MIN_COUNT`` times in the last ``PLEIN_SIGNAL_WEEKS``
weeks, the lead sees it on the dashboard and can turn it into new offer: a checklist
item with an owner ("Nieuw aanbod ontwikkelen: <word>"), or a draft activity in the
programme (hidden from partners and the public until the lead shows it). A word turned
into either is no signal any more. Counted in SQL; the caller commits."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from plein.desk.models import Tally
from plein.errors import ServiceError
from plein.extensions import db
from plein.programme import activities as offer
from plein.programme import visibility
from plein.programme.models import Access, Activity, ActivityKind
from plein.roadmap import service as roadmap
from plein.roadmap.models import ChecklistItem
from plein.vocab import Vocabulary

TITLE = "Nieuw aanbod ontwikkelen: "
DRAFT_TITLE = "Nieuw aanbod: "
DRAFT_REASON = "Concept uit een signaal van de balie: nog niet klaar voor bezoekers."
KEY = "signal:"  # + the word: the origin_key of the item a signal was turned into
SHOWN = 5  # at most this many signals on the dashboard, the most counted


class NewOffer(Vocabulary):
    """What the lead turns a signal into."""

    ITEM = "item", "Een actiepunt in het stappenplan, met iemand die het oppakt"
    ACTIVITY = "activity", "Een concept-activiteit in het programma (nog verborgen)"


def thresholds():
    """(minimum count, weeks) from the configuration."""
    return current_app.config["SIGNAL_MIN_COUNT"], current_app.config["SIGNAL_WEEKS"]


def signals(plein, today, minimum=None, weeks=None):
    """[(word, count)] of the words counted at least ``minimum`` times in the last
    ``weeks`` weeks (today included), the most counted first, those already turned into
    a checklist item left out."""
    if minimum is None or weeks is None:
        minimum, weeks = thresholds()
    found = db.session.execute(
        select(Tally.topic, func.count()).where(
            Tally.plein_id == plein.id, Tally.topic != "",
            Tally.on > today - timedelta(weeks=weeks), Tally.on <= today)
        .group_by(Tally.topic).having(func.count() >= minimum)
        .order_by(func.count().desc(), Tally.topic)).all()
    if not found:
        return []
    keys = [KEY + word for word, _n in found]
    handled = set(db.session.scalars(select(ChecklistItem.origin_key).where(
        ChecklistItem.plein_id == plein.id, ChecklistItem.origin_key.in_(keys)).union(
        select(Activity.origin_key).where(Activity.plein_id == plein.id,
                                          Activity.origin_key.in_(keys)))))
    return [(word, count) for word, count in found if KEY + word not in handled][:SHOWN]


def _current(plein, topic, today):
    """The signal's count now; refused when the word is no signal (any more)."""
    current = dict(signals(plein, today))
    if topic not in current:
        raise ServiceError("Dit signaal staat niet (meer) in de lijst: het is al een "
                           "actiepunt of concept-aanbod, of het woord komt minder vaak "
                           "voor. Laad de pagina opnieuw.", "topic")
    return current[topic]


def to_activity(plein, topic, *, by, today):
    """Turn the signal ``topic`` into a draft activity of the library: in the programme
    for the lead and team to fill in, hidden from partners and the public (the
    programme's own hiding, so one rule keeps it out of every public list)."""
    count = _current(plein, topic, today)
    activity = offer.create_activity(
        plein, by=by, title=DRAFT_TITLE + topic, kind=ActivityKind.INFORMATION.value,
        partner_id=0, theme_ids=[], target_groups="", room_id=0,
        access=Access.WALK_IN.value, appointment_how="", is_free=True, cost="",
        description=f"Aan de balie kwam '{topic}' {count} keer terug in {thresholds()[1]} "
                    "weken. Vul in wat het aanbod wordt, wie het geeft en wanneer, en toon "
                    "het daarna aan bezoekers.")
    activity.origin_key = KEY + topic
    return visibility.hide(plein, activity, DRAFT_REASON, by=by,
                           expected_version=activity.version_id)


def to_item(plein, topic, *, owner_id, by, today, origin_url=None):
    """Turn the signal ``topic`` into a checklist item of the current phase, owned by
    ``owner_id`` (a lead or team member)."""
    count = _current(plein, topic, today)
    if owner_id not in {user.id for user in roadmap.members_for_owner(plein)}:
        raise ServiceError("Kies wie het oppakt: de projectleider of iemand van het "
                           "projectteam.", "owner_id")
    return roadmap.add_item(
        plein, plein.current_phase, TITLE + topic, by=by, origin_url=origin_url,
        origin_key=KEY + topic, owner_id=owner_id,
        guidance=f"Aan de balie kwam '{topic}' {count} keer terug in "
                 f"{thresholds()[1]} weken. Zoek een partner die er aanbod voor heeft, of "
                 "maak samen iets nieuws, en zet het in het programma.")
