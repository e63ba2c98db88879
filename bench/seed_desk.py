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


def seed_referrals(plein, users, partners, pending, rng, count):
    """A referral agreement for every partner, and ``count`` warm referrals (most to
    ``pending``, the partner whose user the bench logs in as), a third of them with a
    fictional visitor's contact. Returns the id of one with contact, to ``pending``
    (None when ``count`` is 0: no agreements, no referrals)."""
    if not count:
        return None
    from plein.desk.models import Referral, ReferralAgreement
    from plein.extensions import db
    from plein.programme.models import Theme
    from plein.timeutil import utcnow

    db.session.execute(insert(ReferralAgreement.__table__), [{
        "plein_id": plein.id, "partner_id": p.id, "ways": "call,walk",
        "contact": f"Balie {p.name}, 010-1234567", "reachable": "ma-vr 9.00-17.00",
        "response_time": "twee werkdagen", "follow_up": "één keer, na een week",
        "needs": "Waar de vraag over gaat.", "updated_at": utcnow(), "version_id": 1}
        for p in partners])
    themes = db.session.scalars(select(Theme.id).where(Theme.plein_id == plein.id)).all()
    now = utcnow()
    rows = []
    for n in range(count):
        contact = n % 3 == 0
        created = now - timedelta(days=rng.randint(0, 20), minutes=n)
        rows.append({
            "plein_id": plein.id, "partner_id": pending.id if n % 2 == 0 else
            rng.choice(partners).id, "theme_id": rng.choice(themes),
            "question": rng.choice(TOPICS), "status": rng.choice(
                ("open", "contacted", "helped", "unreachable")) if not contact else "open",
            "status_note": "", "first_name": "Bezoeker" if contact else "",
            "phone": "06 12345678" if contact else "", "email": "",
            "consent_at": created if contact else None,
            "keep_until": created + timedelta(days=30) if contact else None,
            "created_at": created, "created_by_id": users["team"].id, "version_id": 1})
    ids = db.session.execute(insert(Referral.__table__).returning(
        Referral.__table__.c.id, sort_by_parameter_order=True), rows).scalars().all()
    return ids[0] if ids else None
