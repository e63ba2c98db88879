"""Default data for the partner register and the afwegingstabel.

Data only, standard library only, no side effects on import. Holds the vocabularies of the
register (kinds, roles, themes, pipeline statuses and the moves between them), the
suggested partners for the quick start, the default weighing criteria grouped under
passendheid, toegevoegde waarde and realiseerbaarheid, the score labels, and the four
checks a commercial partner must pass before a decision ``ja``. Keys are stable: a plein's
copy of a criterion can be traced back to its default by ``key``.
"""

from dataclasses import dataclass

# --- register vocabularies ---------------------------------------------------------------

KINDS: dict[str, str] = {
    "professional": "Professionele organisatie",
    "volunteer": "Vrijwilligersinitiatief",
    "commercial": "Commercieel",
    "government": "Gemeente of overheid",
}

ROLES: dict[str, str] = {
    "referrer": "Doorverwijzer / vindplaats",
    "provider": "Aanbieder / expertise",
    "both": "Doorverwijzer én aanbieder",
}

THEMES: dict[str, str] = {
    "language": "Taal",
    "numeracy": "Rekenen",
    "digital": "Digitale vaardigheden",
    "digital-government": "Digitale overheid",
    "work": "Werk",
    "money": "Geld en schulden",
    "health": "Gezondheid",
    "care": "Zorg en welzijn",
    "parenting": "Opvoeding",
    "legal": "Juridisch",
    "housing": "Wonen",
    "integration": "Inburgering",
    "meeting": "Ontmoeting",
    "volunteering": "Vrijwilligerswerk",
    "safety": "Veiligheid",
}

# --- pipeline ------------------------------------------------------------------------------

STATUSES: dict[str, str] = {
    "candidate": "Kandidaat",
    "weighing": "In afweging",
    "approached": "Benaderd",
    "participating": "Doet mee",
    "stopped": "Gestopt",
    "rejected": "Afgewezen",
}

# Where a partner may go from each status. Deliberately a little permissive: a decision
# ``ja`` may move a candidate straight to "approached", a stopped partner may come back
# (directly or after a new weighing), and a rejected one may be reconsidered.
STATUS_FLOW: dict[str, tuple[str, ...]] = {
    "candidate": ("weighing", "approached", "rejected"),
    "weighing": ("approached", "rejected", "candidate"),
    "approached": ("participating", "rejected", "weighing"),
    "participating": ("stopped",),
    "stopped": ("participating", "weighing"),
    "rejected": ("candidate", "weighing"),
}

# --- quick-start suggestions ---------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str  # key of KINDS
    category: str  # short Dutch grouping word
    themes: tuple[str, ...]  # keys of THEMES
    role: str  # key of ROLES
    note: str  # one Dutch sentence: what this partner can bring to the plein


S = Suggestion

SUGGESTIONS: tuple[Suggestion, ...] = (
    S("Formulierenbrigade", "volunteer", "Geld en administratie",
      ("money", "digital-government"), "provider",
      "Helpt inwoners kosteloos met het invullen van formulieren en het begrijpen van "
      "brieven van instanties."),
    S("GGZ/GGD", "professional", "Zorg", ("health", "care"), "both",
      "Kan voorlichting geven over lichamelijke en psychische gezondheid en ziet wie "
      "extra steun nodig heeft."),
    S("Humanitas", "volunteer", "Welzijn", ("money", "care", "parenting", "meeting"), "both",
      "Zet getrainde vrijwilligers in voor onder meer thuisadministratie, opvoedvragen en "
      "mensen die zich alleen voelen."),
    S("Jongerenwerk", "professional", "Welzijn", ("work", "money", "meeting"), "referrer",
      "Staat dicht bij jongeren in de wijk en kan hen met vragen over school, werk of geld "
      "naar het plein meenemen."),
    S("Juridisch Loket", "professional", "Juridisch", ("legal", "money", "housing"), "provider",
      "Geeft gratis een eerste juridisch advies, bijvoorbeeld tijdens een vast spreekuur op "
      "het plein."),
    S("Leger des Heils", "professional", "Welzijn", ("money", "housing", "care"), "both",
      "Heeft ingang bij mensen in kwetsbare omstandigheden, zoals dak- en thuislozen, en "
      "kan hen begeleiden of doorverwijzen."),
    S("LSTA (thuisadministratie)", "volunteer", "Geld en administratie", ("money",), "provider",
      "Levert vrijwilligers die huishoudens helpen hun papieren en geldzaken op orde te "
      "krijgen en te houden."),
    S("Mantelzorgsteunpunt", "professional", "Zorg", ("care", "health"), "both",
      "Weet wie er voor een naaste zorgt en biedt die mantelzorgers advies, ontlasting en "
      "een luisterend oor."),
    S("Ouderenbonden (KBO, ANBO, PCOB)", "volunteer", "Welzijn",
      ("digital", "money", "meeting"), "both",
      "Bereikt ouderen via hun leden en heeft vaak ouderenadviseurs of vrijwillige "
      "belastinginvullers."),
    S("Politie – wijkagent", "government", "Veiligheid", ("safety", "digital"), "referrer",
      "Kent de buurt goed en kan bewoners met zorgen over bijvoorbeeld oplichting of "
      "overlast op het plein wijzen."),
    S("Schuldhulpverlening", "government", "Geld en administratie", ("money",), "both",
      "Helpt mensen met zware schulden op weg naar een regeling en kan vroege signalen van "
      "geldzorgen oppakken."),
    S("Scheidingscafé", "volunteer", "Welzijn", ("parenting", "legal", "meeting"), "provider",
      "Biedt mensen die uit elkaar gaan een laagdrempelige plek om ervaringen te delen en "
      "informatie op te halen."),
    S("Stichting MEE", "professional", "Zorg", ("care", "work", "parenting"), "both",
      "Ondersteunt mensen met een beperking en hun naasten bij vragen over zorg, werk, "
      "school en regelzaken."),
    S("Sociaal raadslieden", "professional", "Juridisch",
      ("legal", "money", "digital-government"), "provider",
      "Adviseert kosteloos over toeslagen, uitkeringen, regels en post van instanties."),
    S("Sociaal wijkteam/gebiedsteam", "government", "Welzijn",
      ("care", "money", "housing", "parenting"), "both",
      "Is de toegang tot hulp in de wijk en kan bezoekers met meerdere vragen tegelijk "
      "direct verder helpen."),
    S("Taalmaatjes", "volunteer", "Taal en leren", ("language", "integration", "meeting"),
      "provider",
      "Koppelt vrijwilligers aan anderstaligen en laaggeletterden om samen de taal te "
      "oefenen."),
    S("Vrijwilligerscentrale", "professional", "Welzijn", ("volunteering", "work"), "both",
      "Kan het plein aan vrijwilligers helpen en bezoekers een opstap naar vrijwilligerswerk "
      "bieden."),
    S("Vluchtelingenwerk", "professional", "Welzijn", ("integration", "language", "legal"),
      "both",
      "Begeleidt statushouders bij inburgering en praktische zaken en kent hun vragen van "
      "dichtbij."),
    S("Welzijnsorganisatie", "professional", "Welzijn",
      ("care", "meeting", "money", "volunteering"), "both",
      "Heeft een breed aanbod en een stevig netwerk in de wijk, en is daardoor vaak een "
      "logische eerste partner."),
    S("Woningcorporatie", "professional", "Wonen", ("housing", "money"), "referrer",
      "Ziet huurachterstanden vroeg en kan huurders met geld- of woonvragen naar het plein "
      "leiden."),
    S("(digi)Taalhuis", "professional", "Taal en leren", ("language", "numeracy", "digital"),
      "both",
      "Brengt aanbod voor taal, rekenen en digitale vaardigheden mee en leidt laaggeletterden "
      "naar een passende cursus."),
    S("IDO-netwerk: gemeente (Werk en Inkomen)", "government", "Overheid",
      ("work", "money", "digital-government"), "both",
      "Kan vragen over bijstand, re-integratie en gemeentelijke regelingen beantwoorden of "
      "snel bij de juiste collega leggen."),
    S("IDO-netwerk: Belastingdienst / SVB / UWV", "government", "Overheid",
      ("digital-government", "money", "work"), "provider",
      "Beantwoordt vragen over belastingen, toeslagen, AOW, kinderbijslag en WW, "
      "bijvoorbeeld tijdens een spreekuur."),
    S("IDO-netwerk: Digisterker (DigiD-cursus)", "professional", "Overheid",
      ("digital", "digital-government"), "provider",
      "Leert inwoners in een korte cursus werken met DigiD en de websites van de overheid."),
    S("Volwassenenonderwijs (ROC)", "professional", "Taal en leren",
      ("language", "numeracy", "work"), "provider",
      "Biedt formele cursussen taal en rekenen als vervolgstap voor wie op het plein verder "
      "wil leren."),
    S("Centrum voor Jeugd en Gezin", "professional", "Zorg", ("parenting", "health"), "both",
      "Helpt ouders met vragen over opvoeden en opgroeien en bereikt jonge gezinnen."),
    S("Uitzendbureau of re-integratiebedrijf", "commercial", "Werk", ("work",), "provider",
      "Kan werkzoekenden helpen met vacatures en sollicitaties; maak wel vooraf afspraken "
      "over kosten en belangen."),
)

del S

# --- afwegingstabel ------------------------------------------------------------------------

GROUPS: dict[str, str] = {
    "fit": "Passendheid",
    "added_value": "Toegevoegde waarde",
    "feasibility": "Realiseerbaarheid",
}


@dataclass(frozen=True)
class DefaultCriterion:
    key: str
    group: str  # key of GROUPS
    title: str
    explanation: str  # what a high score means
    weight: int  # 1-3


C = DefaultCriterion

CRITERIA: tuple[DefaultCriterion, ...] = (
    # passendheid
    C("vision", "fit", "Deelt onze visie en ambitie",
      "Scoort hoog als de organisatie net als de bibliotheek inwoners sterker en zelfredzamer "
      "wil maken en het plein ziet als een gezamenlijk project, niet alleen als extra loket "
      "voor de eigen klanten.", 3),
    C("target-groups", "fit", "Past bij onze gekozen doelgroepen",
      "Scoort hoog als de organisatie zich richt op (een deel van) de focusdoelgroepen van "
      "het plein en hun vragen uit eigen werk kent.", 3),
    C("local-knowledge", "fit", "Kent de lokale situatie",
      "Scoort hoog als de organisatie actief is in deze gemeente of wijk, de sociale kaart "
      "kent en weet welke andere partijen er al werken.", 2),
    C("way-of-working", "fit", "Werkt laagdrempelig, zoals de bibliotheek",
      "Scoort hoog als de organisatie bezoekers gratis, zonder oordeel en met respect voor "
      "hun privacy helpt, zodat haar werkwijze goed naast die van de bibliotheek past.", 1),
    # toegevoegde waarde
    C("expertise", "added_value", "Vult ons aanbod aan met eigen expertise",
      "Scoort hoog als de organisatie kennis of hulp meebrengt die het plein nu nog mist, "
      "in plaats van iets te herhalen wat er al is.", 3),
    C("reach", "added_value", "Bereikt doelgroepen en verwijst door",
      "Scoort hoog als de organisatie mensen uit de doelgroepen al spreekt en bereid is hen "
      "warm naar het plein te verwijzen, en omgekeerd bezoekers van het plein op te vangen.",
      3),
    C("new-groups", "added_value", "Brengt nieuwe doelgroepen naar het plein",
      "Scoort hoog als de organisatie mensen binnenbrengt die de bibliotheek tot nu toe "
      "zelf nauwelijks bereikt.", 2),
    # realiseerbaarheid
    C("capacity", "feasibility", "Heeft capaciteit: uren en mensen",
      "Scoort hoog als de organisatie genoeg mensen en uren kan vrijmaken om op vaste "
      "momenten aanwezig te zijn en afspraken na te komen.", 3),
    C("continuity", "feasibility", "Structurele inzet, niet van één persoon afhankelijk",
      "Scoort hoog als de samenwerking door de organisatie zelf wordt gedragen en doorloopt "
      "wanneer de vaste contactpersoon vertrekt of uitvalt.", 2),
    C("costs", "feasibility", "Kosten zijn haalbaar en gedekt",
      "Scoort hoog als helder is wat de samenwerking kost, wie wat betaalt en dat die "
      "kosten binnen de begroting of uit vaste financiering passen.", 2),
    C("interests", "feasibility", "Belangen helder, geen verborgen kosten",
      "Scoort hoog als duidelijk is wat de organisatie zelf aan het plein heeft en vastligt "
      "dat bezoekers en bibliotheek achteraf niet voor onverwachte kosten komen te staan.",
      3),
)

del C

SCORE_LABELS: dict[int, str] = {0: "niet", 1: "beperkt", 2: "grotendeels", 3: "volledig"}

# --- commercial partners -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    key: str
    question: str  # Dutch yes/no question


COMMERCIAL_CHECKS: tuple[Check, ...] = (
    Check("written-terms",
          "Zijn de voorwaarden en afspraken met deze partner op papier vastgelegd?"),
    Check("free-for-visitors",
          "Blijft de hulp gratis voor bezoekers, ook na een eerste kosteloos gesprek?"),
    Check("no-library-costs",
          "Is uitgesloten dat de bibliotheek onverwacht kosten krijgt door deze samenwerking?"),
    Check("interests-explicit",
          "Hebben beide partijen hun eigen belang bij de samenwerking openlijk benoemd?"),
)
