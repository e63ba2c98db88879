"""Bench goals: ``per_source`` goals of every kind of indicator over the tally year
(so the contacts goals have a year of tallies to count), half of the counted ones
narrowed to a theme or a partner, the hand-measured ones with a measurement a month."""

from datetime import date

from sqlalchemy import select

KINDS = ("contacts", "activities", "partners", "presence", "routine", "manual")


def seed_goals(plein, users, partners, rng, per_source, year):
    """The goals; returns the id of a contacts goal (the measured goal page)."""
    from plein.extensions import db
    from plein.programme.models import Theme
    from plein.results import goals
    from plein.results.models import Measurement

    if not per_source:
        return 0
    themes = db.session.scalars(select(Theme.id).where(Theme.plein_id == plein.id)).all()
    lead, first = users["lead"], None
    for n in range(per_source):
        for source in KINDS:
            narrowed = n % 2 == 1
            goal = goals.create_goal(
                plein, by=lead, title=f"Doel {source} {n + 1}", why="Bench", owner_id=lead.id,
                kind="quantitative", starts_on=date(year, 1, 1), deadline=date(year, 12, 31),
                source=source, unit="cijfer" if source == "manual" else "",
                theme_id=rng.choice(themes) if narrowed and source != "presence" else 0,
                partner_id=rng.choice(partners).id if narrowed else 0,
                baseline=0 if source != "routine" else 50,
                target=rng.randint(10, 40) * 100 if source != "routine" else 90)
            if source == "manual":
                db.session.add_all(Measurement(goal=goal, on=date(year, month, 15),
                                               value=rng.randint(60, 90) / 10,
                                               source="Enquête", recorded_by_id=lead.id)
                                   for month in range(1, 13))
            first = first or goal
    db.session.flush()
    return first.id
