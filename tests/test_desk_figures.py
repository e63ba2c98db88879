"""Counting at the desk and the figures made of it: the counts per breakdown, the rule
that a partner sees a count below 5 as "< 5", the monthly CSV, the day-part from the
clock, and the topic words that are refused."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from plein.desk import charts, figures, tally
from plein.desk.models import Tally
from plein.extensions import db
from plein.programme import service as programme
from plein.timeutil import local_today
from tests.conftest import login, text_of

pytestmark = pytest.mark.shared_world


def _add(plein, user, on, *, themes, help="information", partner=None, part="afternoon",
         topic="", times=1):
    for _ in range(times):
        t = Tally(plein_id=plein.id, on=on, week_of=on - timedelta(days=on.weekday()),
                  month_of=on.replace(day=1), part=part, help=help, partner=partner,
                  topic=topic, recorded_by_id=user.id)
        t.themes = themes
        db.session.add(t)
    db.session.flush()


@pytest.fixture
def year_of_tallies(ctx, world):
    """In 2025: 12 Werk (library, information) in March, 3 Geld by Welzijn (referred,
    evening) in March, 7 Werk+Geld (practical) in June."""
    plein, lead = world.model("plein"), world.user("lead")
    themes = {t.name: t for t in programme.themes_of(plein)}
    _add(plein, lead, date(2025, 3, 4), themes=[themes["Werk"]], times=12)
    _add(plein, lead, date(2025, 3, 6), themes=[themes["Geld"]], help="referred",
         partner=world.model("welzijn"), part="evening", times=3)
    _add(plein, lead, date(2025, 6, 10), themes=[themes["Werk"], themes["Geld"]],
         help="practical", times=7)
    _add(plein, lead, date(2024, 12, 31), themes=[themes["Werk"]], times=2)  # not 2025
    db.session.commit()
    return plein


def test_the_year_is_counted_per_breakdown(year_of_tallies):
    year = figures.year_figures(year_of_tallies, 2025)
    assert year.total == 22
    assert dict(year.months.rows)[date(2025, 3, 1)] == 15
    assert dict(year.months.rows)[date(2025, 6, 1)] == 7
    assert len(year.months.rows) == 12 and sum(c for _m, c in year.months.rows) == 22
    assert dict(year.weeks.rows)[date(2025, 3, 3)] == 15
    assert year.weeks.total == 22
    assert dict(year.themes.rows) == {"Werk": 19, "Geld": 10}  # a contact per theme
    assert dict(year.parts.rows) == {"ochtend": 0, "middag": 19, "avond": 3}
    assert dict(year.helps.rows) == {"Informatie": 12, "Praktische hulp": 7,
                                     "Doorverwezen": 3, "Aangemeld voor een activiteit": 0}
    assert dict(year.organisations.rows) == {"Bibliotheek": 19, "Welzijn Alfa": 3}
    assert year.months_with_data == [3, 6]


def test_small_counts_are_hidden_only_where_asked():
    assert [figures.shown(n, True) for n in (0, 1, 4, 5, 1234)] == [
        "< 5", "< 5", "< 5", "5", "1.234"]
    assert [figures.shown(n, False) for n in (0, 4, 5)] == ["0", "4", "5"]
    chart = charts.bars([("Geld", 3), ("Werk", 40)], hide_small=True)
    assert chart.bars[0].width == 0 and chart.bars[0].text == "< 5"  # no bar to measure
    assert chart.bars[1].width > 0 and chart.bars[1].text == "40"


def test_a_partner_sees_less_than_five_and_the_library_the_numbers(client, world,
                                                                   year_of_tallies):
    url = f"/p/{world.plein}/balie/cijfers?jaar=2025"
    login(client, "partner")
    text = text_of(client.get(url))
    assert "Welzijn Alfa < 5" in text and "Doorverwezen < 5" in text
    assert "Welzijn Alfa 3" not in text
    assert "avond < 5" in text and "middag 19" in text
    assert "CSV" not in text
    assert client.get(f"/p/{world.plein}/balie/cijfers/2025-03.csv").status_code == 403
    client.post("/uitloggen")
    login(client, "mt")
    text = text_of(client.get(url))
    assert "Welzijn Alfa 3" in text and "avond 3" in text and "< 5" not in text
    assert "maart" in text and "CSV" in text


def test_the_month_csv_counts_per_day_part_help_organisation_and_theme(client, world,
                                                                       year_of_tallies):
    login(client, "team")
    response = client.get(f"/p/{world.plein}/balie/cijfers/2025-03.csv")
    assert response.status_code == 200
    assert "turven-2025-03" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines == ["datum;dagdeel;soort hulp;geholpen door;thema;aantal",
                     "04-03-2025;middag;Informatie;Bibliotheek;Werk;12",
                     "06-03-2025;avond;Doorverwezen;Welzijn Alfa;Geld;3"]
    assert client.get(f"/p/{world.plein}/balie/cijfers/2025-13.csv").status_code == 404


def test_the_figures_are_grouped_in_sql(year_of_tallies, app):
    """Every breakdown is one statement, whatever the number of tallies."""
    from bench.measure import Counter

    assert year_of_tallies.id  # loaded before counting
    statements = []
    with Counter(db.engine) as counter:
        figures.year_figures(year_of_tallies, 2025)
    assert counter.count == 6, statements


@pytest.mark.parametrize("topic", ["06-12345678", "bel 0612345678", "+31 6 1234 5678",
                                   "020 123 45 67", "jan@example.nl", "mail j@x.nl",
                                   "123456789"])
def test_a_topic_with_personal_data_is_refused(topic):
    assert "een turf is anoniem" in tally.topic_problem(topic)


@pytest.mark.parametrize("topic", ["donorregistratie", "digid", "toeslag 2026", "1e hulp"])
def test_an_ordinary_topic_word_passes(topic):
    assert tally.topic_problem(topic) is None


def test_the_day_part_comes_from_the_plein_hours(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    # Tuesday afternoon open 13:00-17:00, evening 18:30-21:00
    for part in ("afternoon", "evening"):
        programme.set_day_part(plein, weekday=1, part=part, is_open=True, starts=None,
                               ends=None, theme_id=0, by=lead)
    tuesday = date(2026, 12, 1)
    at = lambda h, m=0: datetime.combine(tuesday, time(h, m))  # noqa: E731
    assert tally.part_at(plein, at(14)) == "afternoon"
    assert tally.part_at(plein, at(10)) == "afternoon"  # nearest open one that day
    assert tally.part_at(plein, at(18, 45)) == "evening"
    assert tally.part_at(plein, at(17, 50)) == "evening"
    # a day without open day-parts: the usual hours
    assert tally.part_at(plein, at(10) + timedelta(days=1)) == "morning"
    assert tally.part_at(plein, at(19) + timedelta(days=1)) == "evening"


def test_record_uses_the_clock_in_amsterdam(ctx, world):
    plein, team = world.model("plein"), world.user("team")
    theme = programme.themes_of(plein)[0]
    # 23:30 UTC on 31 December is already 1 January in Amsterdam
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    made = tally.record(plein, theme_ids=[theme.id], help="information", partner_id=0,
                        topic="", by=team, now=late, on=date(2027, 1, 1))
    assert (made.on, made.month_of, made.week_of) == (
        date(2027, 1, 1), date(2027, 1, 1), date(2026, 12, 28))
    made = tally.record(plein, theme_ids=[theme.id], help="information", partner_id=0,
                        topic="", by=team, now=late)
    assert made.on == date(2027, 1, 1) and made.part == "morning"  # 00:30 there
    assert tally.undoable(made, late + timedelta(seconds=60))
    assert not tally.undoable(made, late + timedelta(seconds=61))


def test_a_foreign_theme_or_partner_is_refused(ctx, world):
    from plein.errors import ServiceError

    plein, team = world.model("plein"), world.user("team")
    other_theme = programme.themes_of(world.model("other"))[0]
    with pytest.raises(ServiceError, match="uit de lijst"):
        tally.record(plein, theme_ids=[other_theme.id], help="information", partner_id=0,
                     topic="", by=team)
    theme = programme.themes_of(plein)[0]
    with pytest.raises(ServiceError, match="Kies wie er hielp"):
        tally.record(plein, theme_ids=[theme.id], help="information", partner_id=999999,
                     topic="", by=team)
    assert not db.session.scalars(select(Tally)).all()
    assert local_today()  # the clock is read in Amsterdam (smoke)


def test_a_partner_user_whose_organisation_left_cannot_count(ctx, world):
    from plein.errors import ServiceError

    plein, welzijn = world.model("plein"), world.model("welzijn")
    welzijn.status = "stopped"
    theme = programme.themes_of(plein)[0]
    with pytest.raises(ServiceError, match="doet niet \\(meer\\) mee"):
        tally.record(plein, theme_ids=[theme.id], help="information", partner_id=0,
                     topic="", by=world.user("partner"))
    # and it is no longer offered as the one who helped
    assert welzijn not in tally.helpers_of(plein)
