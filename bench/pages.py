"""The pages and htmx fragments that the query budgets and the HTTP benchmark measure.

One table for both: adding a page (the plan pages, say) is one line here. ``path`` and
``form`` are formatted with the ids of a seeded plein (``bench.seed.Seeded`` fields,
plus ``item_id``/``item_version``/``toggle_status`` of the item a status toggle flips).
"""

from dataclasses import dataclass, field

P = "/p/{plein_id}"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    role: str = "lead"  # lead, partner (the seeded partner still to sign) or anonymous
    method: str = "GET"
    htmx: bool = False  # sent as htmx does (HX-Request): a fragment comes back
    form: dict = field(default_factory=dict)
    full_page: str | None = None  # a fragment: the page it is part of (weight ratio)
    # False: the fragment *is* the content asked for (a filtered list), so its weight is
    # reported but not held to the 15 % target
    weighed: bool = True
    bench: bool = False  # in the HTTP benchmark too
    # a POST that changes a row: the benchmark gives each connection its own value for
    # this path field (toggle: an item, whose version it follows; score: a partner)
    slot: str | None = None

    def url(self, values):
        return self.path.format(**values)

    def data(self, values):
        return {key: str(value).format(**values) for key, value in self.form.items()}


PAGES = [
    Page("hello (/healthz)", "/healthz", role="anonymous", bench=True),
    # not a target: the cheapest page a logged-in user gets (session, user, menu, the
    # base template and a small form). It shows how far any logged-in page can go.
    Page("logged-in floor (password form)", "/account/wachtwoord", bench=True),
    Page("dashboard", P + "/", bench=True),
    Page("roadmap", P + "/stappenplan/", bench=True),
    Page("roadmap: filter", P + "/stappenplan/?status=open", htmx=True, full_page="roadmap",
         weighed=False),
    Page("roadmap: filter mine", P + "/stappenplan/?mine=y&overdue=y", htmx=True,
         full_page="roadmap", weighed=False),
    Page("roadmap: open a phase", P + "/stappenplan/?fase=preparation", htmx=True,
         full_page="roadmap", weighed=False),
    Page("roadmap: status toggle", P + "/stappenplan/punt/{item_id}/status", method="POST",
         htmx=True, form={"status": "{toggle_status}", "version": "{item_version}"},
         full_page="roadmap", bench=True, slot="item_id"),
    Page("roadmap: edit form", P + "/stappenplan/punt/{item_id}", htmx=True,
         full_page="roadmap"),
    Page("roadmap: row", P + "/stappenplan/punt/{item_id}/rij", htmx=True,
         full_page="roadmap"),
    Page("roadmap item", P + "/stappenplan/punt/{item_id}"),
    Page("phase gate", P + "/stappenplan/fase"),
    Page("roadmap print", P + "/stappenplan/afdrukken"),
    Page("partners", P + "/partners/"),
    Page("partners: search", P + "/partners/?q=welzijn", htmx=True, full_page="partners"),
    Page("partners: filter", P + "/partners/?status=candidate&sort=status", htmx=True,
         full_page="partners", weighed=False),
    Page("partner", P + "/partners/{partner_id}"),
    Page("partner edit", P + "/partners/{partner_id}/bewerken"),
    Page("afwegingstabel", P + "/afwegingstabel/", bench=True),
    Page("afwegingstabel: score", P + "/afwegingstabel/score/{partner_id}/{criterion_id}",
         method="POST", htmx=True, form={"value": "2"}, full_page="afwegingstabel",
         bench=True, slot="partner_id"),
    Page("afwegingstabel partner", P + "/afwegingstabel/partner/{partner_id}"),
    Page("afwegingstabel criteria", P + "/afwegingstabel/criteria"),
    Page("afwegingstabel print", P + "/afwegingstabel/afdrukken"),
    Page("agreement", P + "/contract/", bench=True),
    Page("agreement draft", P + "/contract/concept"),
    Page("agreement version", P + "/contract/versie/{version_number}"),
    Page("agreement compare", P + "/contract/vergelijk"),
    Page("agreement print", P + "/contract/versie/{version_number}/afdrukken"),
    Page("sign page (partner)", P + "/contract/versie/{version_number}", role="partner",
         bench=True),
    Page("partner home", P + "/partner", role="partner"),
    Page("plan", P + "/plan/"),
    Page("plan edit", P + "/plan/bewerken"),
    Page("plan version", P + "/plan/versies/1"),
    Page("MT overview", P + "/mt"),
    Page("members", P + "/leden/"),
    Page("logboek", P + "/logboek"),
    Page("logboek: filter", P + "/logboek?soort=partners", htmx=True, full_page="logboek",
         weighed=False),
    Page("logboek: older page", P + "/logboek?pagina=5", htmx=True, full_page="logboek",
         weighed=False),
    Page("baliedienst", P + "/programma/balie"),
    Page("baliedienst (partner)", P + "/programma/balie", role="partner"),
    Page("inzet partners", P + "/programma/inzet"),
    # the desk (issue 18): counting a contact is one small POST; the figures page reads a
    # whole year of tallies (40 a day)
    Page("desk", P + "/balie/", bench=True),
    Page("desk: count a contact", P + "/balie/turven", method="POST", htmx=True,
         form={"theme_ids": "{theme_id}", "partner_id": "0", "help": "information"},
         full_page="desk", bench=True),
    Page("desk figures (a year)", P + "/balie/cijfers?jaar={tally_year}", bench=True),
    Page("desk figures (partner)", P + "/balie/cijfers?jaar={tally_year}", role="partner"),
    Page("desk month CSV", P + "/balie/cijfers/{tally_year}-06.csv"),
    Page("programme week", P + "/programma/"),
    Page("programme folder", P + "/programma/folder"),
    Page("programme folder by theme", P + "/programma/folder?indeling=thema&weken=8"),
    Page("programme links", P + "/programma/links"),
    # opened without a login, through the plein's secret links
    Page("screen (TV)", "/scherm/{screen_token}", role="anonymous"),
    Page("public programme", "/programma/{public_token}", role="anonymous"),
    Page("iCal feed", "/agenda/{feed_token}.ics", role="anonymous"),
    Page("personal iCal feed", "/agenda/mijn/{personal_token}.ics", role="anonymous"),
    # results (issue 19): every goal's progress is counted in SQL, one statement per
    # kind of indicator whatever the number of goals (12 on the small plein, 30 large)
    Page("goals", P + "/resultaten/doelen", bench=True),
    Page("goal (contacts, a year)", P + "/resultaten/doelen/{goal_id}"),
    Page("goal edit", P + "/resultaten/doelen/{goal_id}/bewerken"),
    # warm referrals (issue 18, points 3-4)
    Page("desk: who can help", P + "/balie/wie-kan-helpen?thema={theme_id}&q=toeslagen"),
    Page("desk: who can help (htmx)", P + "/balie/wie-kan-helpen?q=balie", htmx=True,
         full_page="desk: who can help", weighed=False),
    Page("desk: refer form", P + "/balie/doorverwijzen"),
    Page("desk referrals", P + "/balie/doorverwijzingen"),
    Page("desk referrals (partner)", P + "/balie/doorverwijzingen", role="partner"),
    Page("desk referral", P + "/balie/doorverwijzingen/{referral_id}"),
    Page("desk referral (partner)", P + "/balie/doorverwijzingen/{referral_id}",
         role="partner"),
    Page("referral agreement", P + "/balie/afspraken/{partner_id}"),
    # the voortgangsrapportage (issue 19, point 5): a published version is read from its
    # frozen JSON; the draft computes every section live (goals: one statement per kind
    # of indicator, the programme and partners a few each), whatever the number of goals
    Page("reports", P + "/resultaten/rapportages"),
    Page("report (published, a year)", P + "/resultaten/rapportages/1", bench=True),
    Page("report (partner)", P + "/resultaten/rapportages/1", role="partner"),
    Page("report print", P + "/resultaten/rapportages/1/afdrukken"),
    Page("report draft (live figures)", P + "/resultaten/rapportages/concept/{report_id}"),
    # communication (issue 20): the month view reads its weeks' items in one statement
    # (8 items on the small plein, 120 on the large one)
    Page("communication plan", P + "/communicatie"),
    Page("communication plan print", P + "/communicatie/afdrukken"),
    Page("content calendar month", P + "/communicatie/kalender"),
    Page("content calendar list", P + "/communicatie/kalender?weergave=lijst"),
    Page("content calendar (partner)", P + "/communicatie/kalender/partner", role="partner"),
    Page("communication monitoring", P + "/communicatie/monitoring"),
]

BY_NAME = {page.name: page for page in PAGES}
BASELINE = PAGES[0]


def values_for(seeded, item=None, toggle_status="busy"):
    """Format values for a seeded plein; ``item`` is (id, version) of the item to toggle."""
    item_id, item_version = item or seeded.toggle_items[0]
    return {**seeded.__dict__, "item_id": item_id, "item_version": item_version,
            "toggle_status": toggle_status}
