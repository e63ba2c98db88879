"""Bench tallies: a full calendar year of contacts at the desk (issue 18: 40 a day per
plein), written in bulk (the desk service is for one contact at a time). The year is
last year, so the figures page of that year is a whole year of tallies."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

PARTS = ("morning", "afternoon", "evening")
HELPS = ("information", "practical", "referred", "signed_up")
TOPICS = ("digid", "toeslagen", "cv", "donorregistratie", "inburgering", "energietoeslag",
          "huurtoeslag", "mijnoverheid", "")


def seed_tallies(plein, users, partners, rng, per_day, year):
    """``per_day`` tallies on every day of ``year``; returns how many."""
    from plein.desk.models import Tally, tally_themes
    from plein.extensions import db
    from plein.programme.models import Theme

    if not per_day:
        return 0
    themes = db.session.scalars(select(Theme.id).where(Theme.plein_id == plein.id)).all()
    recorders = [users["lead"].id, users["team"].id, users["team2"].id]
    partner_ids = [p.id for p in partners]
    rows, links = [], []
    day = date(year, 1, 1)
    while day.year == year:
        for _ in range(per_day):
            part = rng.choices(PARTS, (4, 5, 1))[0]
            rows.append({
                "plein_id": plein.id, "on_date": day, "part": part,
                "week_of": day - timedelta(days=day.weekday()), "month_of": day.replace(day=1),
                "help": rng.choices(HELPS, (5, 4, 2, 1))[0],
                "partner_id": rng.choice(partner_ids) if rng.random() < 0.45 else None,
                "topic": rng.choice(TOPICS) if rng.random() < 0.3 else "",
                "recorded_by_id": rng.choice(recorders),
                "created_at": datetime.combine(day, time(9 + PARTS.index(part) * 4), UTC)})
        day += timedelta(days=1)
    table = Tally.__table__
    ids = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                             rows).scalars().all()
    for tally_id in ids:
        chosen = rng.sample(themes, 2 if rng.random() < 0.15 else 1)
        links += [{"tally_id": tally_id, "theme_id": theme} for theme in chosen]
    db.session.execute(insert(tally_themes), links)
    return len(ids)
