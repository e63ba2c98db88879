""""Wie kan helpen bij …?": the partners who can help with a theme or a topic word, each
with its referral agreement and when it is next on the plein.

A partner matches a theme when one of its public activities is about it, or when it
helped with that theme at the desk this past year (tallies); a word, when its agreement,
a public activity's title or description, its name or an earlier topic word it helped
with holds it. The next time on the plein comes from the programme itself: the next
occurrence, not cancelled, of the partner's public activities (``visibility`` decides
what is public, ``recurrence`` when it takes place). A constant number of queries.
"""

from dataclasses import dataclass, field
from datetime import time, timedelta

from sqlalchemy import func, select

from plein.desk import agreements
from plein.desk.models import Tally, tally_themes
from plein.extensions import db
from plein.programme import service as programme
from plein.programme.recurrence import occurrences
from plein.programme.visibility import visible_activities

HORIZON_WEEKS = 8  # how far ahead "next on the plein" looks
HISTORY_DAYS = 365  # the tallies that tell who helped before
WORDS_MAX = 40


@dataclass
class Helper:
    partner: object
    agreement: object  # ReferralAgreement or None
    next: object  # recurrence.Occurrence or None
    reasons: list = field(default_factory=list)


def _helped(plein, today, *, theme_id=None, word=""):
    """{partner id: tallies} the partner helped with, about the theme or the word."""
    stmt = select(Tally.partner_id, func.count()).where(
        Tally.plein_id == plein.id, Tally.partner_id.is_not(None),
        Tally.on >= today - timedelta(days=HISTORY_DAYS))
    if theme_id:
        stmt = stmt.join(tally_themes, tally_themes.c.tally_id == Tally.id).where(
            tally_themes.c.theme_id == theme_id)
    if word:
        stmt = stmt.where(Tally.topic.contains(word, autoescape=True))
    return dict(db.session.execute(stmt.group_by(Tally.partner_id)).all())


def _texts(agreement):
    if agreement is None:
        return ""
    return " ".join((agreement.contact, agreement.reachable, agreement.response_time,
                     agreement.follow_up, agreement.needs)).casefold()


def find(plein, now, *, theme=None, word=""):
    """[Helper] for ``theme`` (a Theme) and/or ``word``; with neither, every partner.
    Matches first (most reasons), then the soonest on the plein, then by name. ``now``
    is local wall-clock time: what ended earlier today is no "next time"."""
    today = now.date()
    word = (word or "").strip().casefold()[:WORDS_MAX]
    partners = agreements.partners_of(plein)
    kept = agreements.agreements_by_partner(plein)
    public = [a for a in visible_activities(plein) if a.partner_id]
    end = today + timedelta(weeks=HORIZON_WEEKS)
    closed = {d.on: d.reason for d in programme.closing_days(plein, today, end)}
    soonest = {}
    for item in occurrences(public, today, end, closed):
        if not item.cancelled and (item.on > today or item.ends > now.time()):
            soonest.setdefault(item.activity.partner_id, item)
    by_theme = _helped(plein, today, theme_id=theme.id) if theme else {}
    by_word = _helped(plein, today, word=word) if word else {}
    found = []
    for partner in partners:
        agreement = kept.get(partner.id)
        own = [a for a in public if a.partner_id == partner.id]
        reasons = []
        if theme:
            reasons += [f"aanbod over {theme.name}: {a.title}" for a in own
                        if theme in a.themes]
            if by_theme.get(partner.id):
                reasons.append(f"hielp {by_theme[partner.id]}× bij {theme.name}")
        if word:
            if word in partner.name.casefold():
                reasons.append("naam")
            if word in _texts(agreement):
                reasons.append("doorverwijsafspraak")
            reasons += [f"aanbod: {a.title}" for a in own
                        if word in f"{a.title} {a.description}".casefold()]
            if by_word.get(partner.id):
                reasons.append(f"hielp {by_word[partner.id]}× bij '{word}'")
        if (theme or word) and not reasons:
            continue
        found.append(Helper(partner, agreement, soonest.get(partner.id), reasons))
    far = today + timedelta(weeks=HORIZON_WEEKS + 1)
    found.sort(key=lambda h: (-len(h.reasons), (h.next.on, h.next.starts) if h.next
                              else (far, time.max), h.partner.name.casefold()))
    return found
