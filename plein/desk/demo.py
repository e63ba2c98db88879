"""The demo plein's tallies (``flask plein demo``): three months of contacts counted at
the desk on the plein's open day-parts, busiest on Tuesday and Thursday afternoon, with
a topic word that keeps coming back ("donorregistratie"), more so in recent weeks.
Counted from today, so the figures look alive whenever the demo is loaded."""

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from plein.desk.models import Help, Tally
from plein.extensions import db
from plein.partners.models import Partner
from plein.programme import service as programme
from plein.programme.models import DayPart
from plein.programme.recurrence import week_start
from plein.timeutil import LOCAL_TZ, local_today

WEEKS = 13
# (weekday, part) -> contacts on a usual day: the weekly pattern
BUSY = {(0, "morning"): 7, (1, "afternoon"): 14, (2, "morning"): 9, (2, "afternoon"): 5,
        (2, "evening"): 3, (3, "morning"): 6, (3, "afternoon"): 16, (3, "evening"): 2,
        (4, "morning"): 8}
TOPICS = {"Werk": ["cv", "sollicitatiebrief", "vacaturesite"],
          "Geld": ["toeslagen", "energietoeslag", "betalingsregeling"],
          "Taal": ["inburgering", "taalcursus"],
          "Digitaal": ["digid", "donorregistratie", "mijnoverheid", "wachtwoord"],
          "Gezondheid": ["huisarts", "donorregistratie"],
          "Ontmoeting": ["koffie", "vrijwilligerswerk"]}
HELP_WEIGHTS = [(Help.INFORMATION, 5), (Help.PRACTICAL, 4), (Help.REFERRED, 2),
                (Help.SIGNED_UP, 1)]
STARTS = {"morning": time(10), "afternoon": time(14), "evening": time(19)}


def load(plein, by, rng=None):
    """Tallies for the last ``WEEKS`` weeks up to yesterday; returns how many."""
    rng = rng or random.Random(18)  # noqa: S311 (demo data, no secret)
    themes = {t.name: t for t in programme.themes_of(plein)}
    partners = db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status.not_in(("stopped", "rejected")))).all()
    grid = {(d.weekday, d.part): d for d in db.session.scalars(select(DayPart).where(
        DayPart.plein_id == plein.id, DayPart.is_open.is_(True)))}
    today = local_today()
    first = week_start(today) - timedelta(weeks=WEEKS)
    tallies = []
    for offset in range((today - first).days):
        day = first + timedelta(days=offset)
        for (weekday, part), usual in BUSY.items():
            cell = grid.get((weekday, part))
            if weekday != day.weekday() or cell is None:
                continue
            for _ in range(max(0, usual + rng.randint(-3, 3))):
                tallies.append(_tally(plein, by, day, part, cell, themes, partners, rng,
                                      recent=(today - day).days < 28))
    db.session.add_all(tallies)
    db.session.flush()
    return len(tallies)


def _tally(plein, by, day, part, cell, themes, partners, rng, *, recent):
    theme = cell.theme if cell.theme and rng.random() < 0.6 else rng.choice(
        list(themes.values()))
    chosen = [theme]
    if rng.random() < 0.15:
        other = rng.choice(list(themes.values()))
        if other is not theme:
            chosen.append(other)
    topic = ""
    if rng.random() < 0.35:
        topic = rng.choice(TOPICS.get(theme.name, [""]))
    if recent and rng.random() < 0.08:
        topic = "donorregistratie"
    helps, weights = zip(*HELP_WEIGHTS, strict=True)
    helped = rng.choices(helps, weights)[0]
    partner = rng.choice(partners) if partners and rng.random() < 0.45 else None
    moment = datetime.combine(day, STARTS[part], ZoneInfo(LOCAL_TZ)) + timedelta(
        minutes=rng.randint(0, 150))
    tally = Tally(plein_id=plein.id, on=day, week_of=week_start(day),
                  month_of=day.replace(day=1), part=part, help=helped.value,
                  partner=partner, topic=topic, recorded_by_id=by.id,
                  created_at=moment.astimezone(UTC))
    tally.themes = chosen
    return tally
