"""Success stories (succesverhalen, issue 19 point 4): writing and changing them, who
may add which, the collector with the recurring checklist item that reminds them, and
the shareable stories for the public programme page.

A story holds no personal data of visitors: its title and text are refused when they
hold an e-mail address or a phone number (``plein.text.personal_in``, the same check as
the desk's). Functions add to the session; the caller commits (``plein.saving``).
"""

from sqlalchemy import func, select

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.partners.models import Partner
from plein.programme import extras
from plein.results.success_models import STORY_MAX, SuccessStory, success_partners
from plein.roadmap import service as roadmap
from plein.roadmap.models import Recurrence
from plein.roadmap.phases import Phase
from plein.text import clean_line, clean_text, personal_in
from plein.timeutil import local_today, utcnow

MAX_STORIES = 1_000
PUBLIC_STORIES = 5  # the newest shareable stories on the public page
COLLECT_KEY = "successes:collect"
COLLECT_TITLE = "Succesverhalen verzamelen"
COLLECT_GUIDANCE = (
    "Vraag het team en de partners naar wat goed ging op het plein, en zet het als "
    "succesverhaal in de app (Resultaten › Succesverhalen). Zonder namen of andere "
    "gegevens van bezoekers. Kies bij elk verhaal of het buiten het netwerk gedeeld mag "
    "worden: dan staat het op de openbare programmapagina.")
PERSONAL = ("Een succesverhaal mag geen {what} bevatten: schrijf over wat er gebeurde, "
            "zonder naam of contactgegevens van de bezoeker.")


class StaleStory(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit verhaal intussen gewijzigd. Hieronder "
                         "staat wat nu is opgeslagen; jouw tekst staat in het formulier.",
                         current)


# -- reading ------------------------------------------------------------------------

def stories_of(plein, organisation=None):
    """The plein's stories, newest first; for a partner user (``organisation``) only
    those its organisation is in."""
    stmt = select(SuccessStory).where(SuccessStory.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(SuccessStory.id.in_(select(success_partners.c.story_id).where(
            success_partners.c.partner_id == organisation.id)))
    return db.session.scalars(stmt.order_by(SuccessStory.happened_on.desc(),
                                            SuccessStory.id.desc())).unique().all()


def get_story(plein, story_id):
    return db.session.scalar(select(SuccessStory).where(SuccessStory.id == story_id,
                                                        SuccessStory.plein_id == plein.id))


def shareable(plein, limit=PUBLIC_STORIES):
    """The newest stories that may be told outside the network (public page)."""
    return db.session.scalars(
        select(SuccessStory).where(SuccessStory.plein_id == plein.id,
                                   SuccessStory.shareable.is_(True))
        .order_by(SuccessStory.happened_on.desc(), SuccessStory.id.desc())
        .limit(limit)).unique().all()


def partners_of(plein):
    return db.session.scalars(select(Partner).where(Partner.plein_id == plein.id)
                              .order_by(Partner.name)).all()


# -- writing ------------------------------------------------------------------------

def _anonymous(text, field):
    what = personal_in(text)
    if what:
        raise ServiceError(PERSONAL.format(what=what), field)
    return text


def _apply(plein, story, *, title, story_text, happened_on, partner_ids, shareable,
           organisation, today):
    title = clean_line(title or "")
    if not title:
        raise ServiceError("Geef het verhaal een titel.", "title")
    if len(title) > length_of(SuccessStory.title):
        raise ServiceError(f"Gebruik voor de titel hoogstens "
                           f"{length_of(SuccessStory.title)} tekens.", "title")
    text = clean_text(story_text or "")
    if not text:
        raise ServiceError("Vertel wat er gebeurde.", "story")
    if len(text) > STORY_MAX:
        raise ServiceError(f"Gebruik hoogstens {STORY_MAX} tekens.", "story")
    story.title = _anonymous(title, "title")
    story.story = _anonymous(text, "story")
    if happened_on is None:
        raise ServiceError("Vul in wanneer het gebeurde.", "happened_on")
    if happened_on > (today or local_today()):
        raise ServiceError("Een succes dat nog moet gebeuren kan er nog niet in: kies een "
                           "datum tot en met vandaag.", "happened_on")
    story.happened_on = happened_on
    wanted = set(partner_ids or ())
    partners = db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.id.in_(wanted))).all() if wanted else []
    if len(partners) != len(wanted):
        raise ServiceError("Kies organisaties uit de lijst.", "partner_ids")
    if organisation is not None and organisation.id not in wanted:
        raise ServiceError(f"Een verhaal dat je toevoegt gaat over {organisation.name}: "
                           "vink je eigen organisatie aan.", "partner_ids")
    story.partners = sorted(partners, key=lambda p: p.name)
    # a partner's story goes outside the network only when the library decides so (the
    # other organisations in it have a say, and the public page is the library's)
    story.shareable = bool(shareable) and organisation is None


def _said(story):
    shared = "mag gedeeld worden" if story.shareable else "alleen binnen het netwerk"
    return f"'{story.title}' ({story.happened_on:%d-%m-%Y}, {shared})"


def create_story(plein, *, by, title, story, happened_on, partner_ids, shareable,
                 organisation=None, today=None):
    """A new story written by ``by``; a partner user passes its ``organisation``, which
    must be among the story's partners."""
    count = db.session.scalar(select(func.count()).select_from(SuccessStory).where(
        SuccessStory.plein_id == plein.id))
    if count >= MAX_STORIES:
        raise ServiceError(f"Een plein bewaart hoogstens {MAX_STORIES} succesverhalen.")
    record = SuccessStory(plein_id=plein.id, written_by_id=by.id)
    _apply(plein, record, title=title, story_text=story, happened_on=happened_on,
           partner_ids=partner_ids, shareable=shareable, organisation=organisation,
           today=today)
    db.session.add(record)
    db.session.flush()
    audit.record("success.create", f"Succesverhaal {_said(record)} toegevoegd",
                 plein=plein, obj=record, user=by)
    return record


def update_story(plein, record, *, by, expected_version, title, story, happened_on,
                 partner_ids, shareable, today=None):
    check_version(record, expected_version, StaleStory(record))
    _apply(plein, record, title=title, story_text=story, happened_on=happened_on,
           partner_ids=partner_ids, shareable=shareable, organisation=None, today=today)
    record.updated_at = utcnow()
    audit.record("success.update", f"Succesverhaal {_said(record)} gewijzigd",
                 plein=plein, obj=record, user=by)
    return record


# -- the collector ------------------------------------------------------------------

def collecting_item(plein):
    """The recurring checklist item that reminds the collector, or None."""
    return next(iter(roadmap.items_from(plein, COLLECT_KEY)), None)


def collector(plein):
    item = collecting_item(plein)
    return item.owner if item is not None else None


def candidates(plein):
    """Who can collect: the lead and the team (they own checklist items)."""
    return roadmap.members_for_owner(plein)


def set_collector(plein, user_id, *, by, today=None):
    """Make ``user_id`` the collector: the first time a monthly checklist item in the
    borging phase owned by them, after that the same item re-owned."""
    person = next((u for u in candidates(plein) if u.id == user_id), None)
    if person is None:
        raise ServiceError("Kies wie de verhalen verzamelt: de projectleider of iemand uit "
                           "het projectteam.", "owner_id")
    item = collecting_item(plein)
    if item is None:
        item = roadmap.add_item(
            plein, Phase.ASSURANCE, COLLECT_TITLE, by=by, guidance=COLLECT_GUIDANCE,
            origin_key=COLLECT_KEY, owner_id=person.id, recurrence=Recurrence.MONTHLY.value,
            due_date=roadmap.next_due(today or local_today(), Recurrence.MONTHLY.value))
    elif item.owner_id != person.id:
        roadmap.update_item(plein, item, by=by, expected_version=roadmap.NO_CHECK,
                            title=item.title, evidence=item.evidence, owner_id=person.id,
                            due_date=item.due_date, recurrence=item.recurrence)
    audit.record("success.collector", f"{person.name} verzamelt de succesverhalen",
                 plein=plein, obj=item, user=by)
    return item


# -- the public programme page ------------------------------------------------------

@extras.public_section
def public_stories(plein):
    """The newest shareable stories, for the public page (only when there are any)."""
    found = shareable(plein)
    return extras.Panel("results/_public_stories.html", {"stories": found}) if found else None
