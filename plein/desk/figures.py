"""The figures made from tallies: counts per week, month, theme, day-part, kind of help
and organisation, for a year; and a month as CSV rows. Every count is made by the
database (GROUP BY); Python only fills in the weeks and months without any.

In a partner's view (and any public one) a count below 5 is shown as "< 5"
(``shown``): small numbers about a few visitors say too much.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from plein.desk.models import Help, Tally, tally_themes
from plein.extensions import db
from plein.partners.models import Partner
from plein.programme.models import Part, Theme
from plein.programme.recurrence import week_start

SMALL = 5  # below this a partner or public view shows "< 5"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
LIBRARY = "Bibliotheek"


def shown(count, hide_small):
    """A count as a view shows it: "< 5" for a small one where small cells are hidden,
    else the number with a Dutch thousands separator."""
    if hide_small and count < SMALL:
        return f"< {SMALL}"
    return f"{count:,}".replace(",", ".")


@dataclass
class Series:
    """One breakdown: (label, count) rows in the order shown."""

    title: str
    rows: list = field(default_factory=list)
    unit: str = "contacten"

    @property
    def total(self):
        return sum(count for _label, count in self.rows)


@dataclass
class Year:
    year: int
    total: int
    weeks: Series
    months: Series
    themes: Series
    parts: Series
    helps: Series
    organisations: Series
    months_with_data: list  # the month numbers that have tallies (CSV links)


def _between(stmt, plein, start, end):
    return stmt.where(Tally.plein_id == plein.id, Tally.on >= start, Tally.on < end)


def _grouped(plein, start, end, column):
    stmt = _between(select(column, func.count()).select_from(Tally), plein, start, end)
    return dict(db.session.execute(stmt.group_by(column)).all())


def year_figures(plein, year):
    """Every breakdown of ``year`` (one GROUP BY each)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    per_week = _grouped(plein, start, end, Tally.week_of)
    per_month = _grouped(plein, start, end, Tally.month_of)
    per_part = _grouped(plein, start, end, Tally.part)
    per_help = _grouped(plein, start, end, Tally.help)
    # counted per id first (from the index alone), named afterwards: a few rows to join
    themes = _between(select(tally_themes.c.theme_id, func.count().label("n"))
                      .select_from(Tally).join(tally_themes, tally_themes.c.tally_id == Tally.id),
                      plein, start, end).group_by(tally_themes.c.theme_id).subquery()
    per_theme = db.session.execute(
        select(Theme.name, themes.c.n).join_from(themes, Theme, Theme.id == themes.c.theme_id)
        .order_by(themes.c.n.desc(), Theme.name)).all()
    helpers = _between(select(Tally.partner_id, func.count().label("n")).select_from(Tally),
                       plein, start, end).group_by(Tally.partner_id).subquery()
    per_partner = db.session.execute(
        select(Partner.name, helpers.c.n)
        .outerjoin_from(helpers, Partner, Partner.id == helpers.c.partner_id)
        .order_by(helpers.c.n.desc(), Partner.name)).all()

    mondays = []
    monday = week_start(start)
    while monday < end:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    weeks = Series("Per week", [(m, per_week.get(m, 0)) for m in mondays])
    months = Series("Per maand", [(date(year, n, 1), per_month.get(date(year, n, 1), 0))
                                  for n in range(1, 13)])
    return Year(
        year=year, total=sum(per_month.values()), weeks=weeks, months=months,
        themes=Series("Per thema", [tuple(row) for row in per_theme],
                      unit="keer genoemd"),
        parts=Series("Per dagdeel", [(p.label, per_part.get(p.value, 0)) for p in Part]),
        helps=Series("Per soort hulp", [(h.label, per_help.get(h.value, 0)) for h in Help]),
        organisations=Series("Per organisatie", [(name or LIBRARY, count)
                                                 for name, count in per_partner]),
        months_with_data=sorted(m.month for m, count in per_month.items() if count),
    )


def years_of(plein, today):
    """The years a figures page can show: from the first tally to this year."""
    first = db.session.scalar(select(func.min(Tally.on)).where(Tally.plein_id == plein.id))
    return list(range(today.year, (first or today).year - 1, -1))


CSV_HEADER = ["datum", "dagdeel", "soort hulp", "geholpen door", "thema", "aantal"]


def month_rows(plein, year, month):
    """A month for the library's own reporting: the number of contacts per day,
    day-part, kind of help, organisation and theme (a contact about two themes is on
    two rows)."""
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    organisation = func.coalesce(Partner.name, LIBRARY)
    stmt = _between(
        select(Tally.on, Tally.part, Tally.help, organisation, Theme.name, func.count())
        .select_from(Tally).join(tally_themes, tally_themes.c.tally_id == Tally.id)
        .join(Theme, Theme.id == tally_themes.c.theme_id)
        .outerjoin(Partner, Partner.id == Tally.partner_id), plein, start, end)
    groups = (Tally.on, Tally.part, Tally.help, organisation, Theme.name)
    rows = db.session.execute(stmt.group_by(*groups).order_by(*groups)).all()
    return [(f"{on:%d-%m-%Y}", Part.label_of(part), Help.label_of(help_), org, theme, count)
            for on, part, help_, org, theme, count in rows]


def month_name(month):
    return MONTHS[month - 1]
