"""The demo plein's goals (``flask plein demo``): four measured by the app from the
demo's tallies, referrals and programme, one measured by hand with two
measurements from visitor surveys. They start when the demo's tallies start, so their
progress looks alive whenever the demo is loaded."""

from datetime import timedelta

from plein.desk.demo import WEEKS
from plein.programme import service as programme
from plein.programme.recurrence import week_start
from plein.results import goals
from plein.timeutil import local_today


def load(plein, by):
    """The goals, owned by ``by`` (the lead); returns them."""
    today = local_today()
    start = week_start(today) - timedelta(weeks=WEEKS)
    deadline = start.replace(year=start.year + 1) - timedelta(days=1)
    themes = {t.name: t.id for t in programme.themes_of(plein)}
    common = {"kind": "quantitative", "owner_id": by.id, "starts_on": start,
              "deadline": deadline, "theme_id": 0, "partner_id": 0, "unit": "",
              "baseline": 0}
    made = [goals.create_goal(plein, by=by, **{**common, **fields}) for fields in (
        {"title": "Inwoners vinden de weg naar het plein", "source": "contacts",
         "target": 3_500,
         "why": "Het plein werkt pas als inwoners er met hun vragen naartoe komen. In het "
                "eerste jaar willen we zo'n 70 vragen per week aan de balie."},
        {"title": "Vragen over geld komen eerder op tafel", "source": "contacts",
         "theme_id": themes.get("Geld", 0), "target": 1_200,
         "why": "Schulden worden groter als mensen lang wachten. Hoe vaker geldvragen aan "
                "de balie komen, hoe eerder een partner kan helpen."},
        {"title": "Elke week aanbod op het plein", "source": "activities", "target": 150,
         "why": "Een vast ritme van spreekuren en workshops maakt het plein herkenbaar."},
        {"title": "Doorverwezen inwoners worden geholpen", "source": "referrals_helped",
         "target": 40,
         "why": "Warm doorverwijzen werkt pas als de partner de inwoner ook echt helpt. "
                "We tellen de doorverwijzingen die de partner op 'geholpen' zet."},
        {"title": "Bezoekers waarderen het plein", "source": "manual", "baseline": 7,
         "target": 8, "unit": "rapportcijfer",
         "why": "We vragen bezoekers twee keer per jaar kort hoe ze het plein vinden: "
                "daaruit blijkt of de hulp aansluit."},
        {"title": "Partners voelen zich samen verantwoordelijk", "kind": "qualitative",
         "source": None, "target": None,
         "why": "Uit het eerste partneroverleg: iedere partner draagt bij aan het plein, "
                "niet alleen aan het eigen spreekuur. We bespreken het bij de evaluatie."},
    )]
    survey = made[4]
    for days_ago, value, source in ((WEEKS * 7 - 10, 7.1, "Bezoekersenquête bij de start "
                                     "(52 reacties)"),
                                    (12, 7.6, "Korte enquête aan de balie (38 reacties)")):
        goals.add_measurement(plein, survey, by=by, on=today - timedelta(days=days_ago),
                              value=value, source=source, today=today)
    return made
