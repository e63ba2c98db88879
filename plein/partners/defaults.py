"""Default data for the partner register.

Data only, standard library only, no side effects on import. Holds the register's themes
and the suggested partners for the quick start (the kinds, roles and pipeline statuses are
vocabularies in ``plein.partners.models``). (The afwegingstabel's defaults are in
``plein.assessment.defaults``.)
"""

from dataclasses import dataclass

# --- register vocabularies ---------------------------------------------------------------

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

# --- quick-start suggestions ---------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str  # a PartnerKind value
    category: str  # short Dutch grouping word
    themes: tuple[str, ...]  # keys of THEMES
    role: str  # a PartnerRole value
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
