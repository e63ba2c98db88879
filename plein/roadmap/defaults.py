"""The checklist every new plein starts with: the method of the handreiking, per phase.

Data only. Each item has a stable ``key`` (so a plein's copy can be traced back to its
default), a title, guidance in two to four sentences (what to decide or do, and what
counts as done), whether the phase gate waits for it, and for borging items how often
they come back.
"""

from dataclasses import dataclass

from plein.roadmap.phases import Phase


@dataclass(frozen=True)
class DefaultItem:
    key: str
    title: str
    guidance: str
    required: bool = True
    recurrence: str | None = None  # weekly, monthly, quarterly, yearly


D = DefaultItem

DEFAULTS: dict[Phase, tuple[DefaultItem, ...]] = {
    Phase.ORIENTATION: (
        D("knowledge", "Kennis opdoen",
          "Lees de handreiking over het Ontwikkelplein en zoek voorbeelden van pleinen in "
          "andere bibliotheken; ga er als het kan een dagdeel kijken. Klaar als het "
          "projectteam de bruikbare lessen in een paar punten heeft opgeschreven."),
        D("why", "Waarom een Ontwikkelplein?",
          "Schrijf op waarom jullie bibliotheek dit wil: betere toegang voor inwoners, "
          "sterkere samenwerking in de wijk, of een paraplu boven bestaand aanbod. Klaar als "
          "de reden in een halve pagina in het plan staat en het team zich erin herkent."),
        D("result", "Beoogd resultaat",
          "Beschrijf wat het plein na een jaar moet opleveren: voor wie, met welke vragen, en "
          "waaraan je ziet dat het werkt. Klaar als er meetbare doelen in het plan staan."),
        D("target-groups", "Doelgroepen kiezen",
          "Kies om te beginnen één of twee focusdoelgroepen, bijvoorbeeld werkzoekenden of "
          "mensen met geldzorgen; andere groepen volgen later. Klaar als de keuze en de "
          "reden ervoor zijn vastgelegd."),
        D("preconditions", "Randvoorwaarden benoemen",
          "Wat moet er minimaal geregeld zijn voordat het plein kan starten: tijd, geld, "
          "ruimte, mensen, afspraken met partners? Klaar als die voorwaarden op een rij "
          "staan, met per voorwaarde of ze al vervuld is."),
        D("map-partners", "Partners in kaart brengen",
          "Zet op een rij welke organisaties jullie doelgroepen al bereiken of helpen, en "
          "weeg ze in de afwegingstabel. Begin met een handvol professionele partners; "
          "vrijwilligersinitiatieven en commerciële partijen kunnen later aanhaken. Klaar "
          "als de eerste partners gekozen zijn."),
        D("feasible-location", "Haalbaarheid: locatie",
          "Bepaal of het plein in de bibliotheek komt of erbuiten, en hoeveel ruimte er nodig "
          "is voor spreekuren, oefenplekken en gesprekken met privacy. Klaar als er een "
          "concrete plek is gekozen en die ook beschikbaar is."),
        D("feasible-finance", "Haalbaarheid: financiën",
          "Begroot de inrichting (pc's, tafels, printers) en de jaarlijkse kosten voor "
          "personeel en marketing. Zoek dekking: gemeentelijke subsidie, fondsen, bedrijven, "
          "serviceclubs, eigen budget. Mik op structurele financiering en kijk wat het "
          "coalitieakkoord van de gemeente zegt. Klaar als de begroting sluit of het tekort "
          "bekend is."),
        D("feasible-staff", "Haalbaarheid: personeel",
          "Beslis wie het plein bemensen: vrijwilligers, betaalde medewerkers of beide, en "
          "welke rol ieder krijgt (gastheer of -vrouw, begeleider, coördinator). Klaar als "
          "de bezetting per dagdeel rond te krijgen is."),
        D("internal-support", "Intern draagvlak bij directie en MT",
          "Bespreek het plan met de directeur en het MT en vraag om hun steun; zonder hun "
          "draagvlak komt het plein er niet. Klaar als het MT het plan heeft beoordeeld en "
          "zijn steun heeft uitgesproken."),
        D("responsibility", "Verantwoordelijkheid beleggen",
          "Leg vast wie trekker is, wie in het projectteam zitten en of daarvoor extra "
          "formatie nodig is. Klaar als de namen en uren zijn afgesproken met de "
          "leidinggevenden."),
        D("form", "Vorm kiezen",
          "Kies hoe het plein eruitziet: alle partners tegelijk op één dagdeel, verspreid "
          "over de week, of één vaste balie met een wisselend aanspreekpunt. Klaar als de "
          "gekozen vorm en de openingstijden vastliggen."),
        D("name", "Naam kiezen",
          "Een plein hoeft niet 'Ontwikkelplein' te heten; kies een naam die bezoekers "
          "aanspreekt en die past bij jullie bibliotheek. Klaar als de naam is gekozen.",
          required=False),
        D("ido-taalhuis", "Verbinding met IDO en (digi)Taalhuis",
          "Bepaal hoe het plein zich verhoudt tot het Informatiepunt Digitale Overheid en het "
          "(digi)Taalhuis: komen ze onder dezelfde paraplu of blijven ze apart? Klaar als "
          "dat is besproken met de betrokken collega's.",
          required=False),
        D("not-one-person", "Niet afhankelijk van één persoon",
          "Samenwerking mag niet hangen op één enthousiaste medewerker, bij de bibliotheek "
          "of bij een partner. Spreek per partner een vervanger af en leg afspraken vast. "
          "Klaar als er voor elke sleutelrol een tweede persoon is."),
        D("at-expense-of", "Ruimte en formatie: ten koste van wat?",
          "Een plein kost ruimte en uren. Bespreek welke andere activiteiten daarvoor "
          "kleiner worden of stoppen, en wat dat betekent voor de positie van de bibliotheek "
          "bij de gemeente. Klaar als die keuze is gemaakt en gedeeld."),
    ),
    Phase.PREPARATION: (
        D("contact-partners", "Partners één voor één benaderen",
          "Bel elke gekozen partner in plaats van te mailen: vertel wat jullie van plan zijn "
          "en vraag wat zij nodig hebben. Klaar als iedere partner is gesproken en heeft "
          "gezegd of hij meedoet."),
        D("introduction", "Kennismakingsbijeenkomst",
          "Breng alle partners bij elkaar zodat ze elkaar en elkaars aanbod leren kennen. "
          "Klaar als de bijeenkomst is geweest en er een verslag is."),
        D("common-ground", "Gezamenlijke ambitie bepalen",
          "Organiseer een tweede bijeenkomst om een gedeelde ambitie te formuleren en samen "
          "te kijken waar ieders kracht ligt. Klaar als de ambitie in een paar zinnen op "
          "papier staat en iedere partner zich erin herkent."),
        D("themes", "Werken met thema's",
          "Kies thema's om het aanbod rond te bundelen, bijvoorbeeld een middag 'werk' waarop "
          "de partners voor dat thema aanwezig zijn. Klaar als de eerste thema's met "
          "partners en data zijn ingepland.",
          required=False),
        D("furnish", "Locatie inrichten",
          "Regel tafels, pc's, printers en oefenplekken, en zorg voor privacy, bijvoorbeeld "
          "een huiskamerhoek of een aparte oefenruimte. Klaar als de plek klaar is voor de "
          "eerste bezoekers."),
        D("inform-colleagues", "Collega's informeren",
          "Vertel alle collega's in de bibliotheek wat het plein is, wie er werken en waar "
          "ze bezoekers naartoe kunnen sturen. Klaar als iedereen aan de balie dat kan "
          "uitleggen."),
        D("customer-journey", "Klantreis uitwerken",
          "Loop de route van een bezoeker na: wie ontvangt hem (een gastheer of -vrouw), "
          "waar wacht hij en hoe komt hij bij de juiste partner? Klaar als de route is "
          "beschreven en getest met een paar proefbezoekers.",
          required=False),
        D("competence-profile", "Competentieprofiel medewerkers",
          "Beschrijf welke kennis en houding medewerkers en vrijwilligers op het plein nodig "
          "hebben. Klaar als het profiel er is en gebruikt wordt bij werving en inwerken.",
          required=False),
        D("collection", "Collectie afstemmen",
          "Zorg voor materiaal dat past bij de doelgroepen: boeken op een toegankelijk "
          "taalniveau, oefenmateriaal en spellen. Klaar als de collectie bij het plein "
          "staat.",
          required=False),
        D("communication-plan", "Communicatieplan",
          "Leg vast voor welke doelgroepen je communiceert, met welke SMART-doelen, welke "
          "kernboodschap en middelen, volgens welke planning, en wie er verantwoordelijk is. "
          "Spreek ook af hoe je het effect volgt. Klaar als het plan is vastgesteld en er "
          "één eigenaar is."),
        D("referrers", "Vindplaatsen bezoeken",
          "Ga langs bij plekken waar de doelgroep komt, zoals uitzendbureaus en "
          "telefoonwinkels, zodat zij mensen naar het plein sturen. Klaar als de "
          "belangrijkste vindplaatsen zijn bezocht.",
          required=False),
        D("marketing", "Huisstijl en logo's",
          "Geef het plein een eigen logo en huisstijl en zet de logo's van de partners "
          "eronder, als één paraplu. Klaar als de huisstijl gebruikt wordt op folder, "
          "bewegwijzering en website.",
          required=False),
        D("training", "Medewerkers trainen",
          "Train medewerkers en vrijwilligers in wat het plein vraagt, bijvoorbeeld omgaan "
          "met gefrustreerde of boze bezoekers. Klaar als iedereen die op het plein staat de "
          "training heeft gehad."),
    ),
    Phase.REALISATION: (
        D("customer-focus", "Klantgerichte houding",
          "Spreek af hoe medewerkers bezoekers tegemoet treden: open en uitnodigend. Beslis "
          "ook of ze altijd aanspreekbaar zijn, ook als ze met iets anders bezig zijn. Klaar "
          "als die afspraken bekend zijn bij iedereen op het plein."),
        D("recognisable", "Herkenbare medewerkers",
          "Zorg dat bezoekers zien wie ze iets kunnen vragen, bijvoorbeeld met een keycord of "
          "shirt. Klaar als alle medewerkers op het plein herkenbaar zijn.",
          required=False),
        D("visible-offer", "Aanbod zichtbaar maken",
          "Maak een folder met het aanbod en de spreekuren en houd die actueel; laat het "
          "programma ook op een scherm zien. Klaar als folder en scherm er zijn en iemand ze "
          "bijhoudt."),
        D("registration", "Registratie afspreken",
          "Bepaal wat je registreert (bezoekers, vragen, doorverwijzingen) en hoe, en welke "
          "plichten de bibliotheek daarbij heeft, zoals privacy. Klaar als de werkwijze is "
          "vastgelegd en iedereen die gebruikt."),
        D("new-offer", "Nieuw aanbod op vraag",
          "Let op vragen die vaker terugkomen en ontwikkel daar samen met partners nieuw "
          "aanbod voor. Klaar als er een vaste manier is om zulke vragen te verzamelen en te "
          "bespreken.",
          required=False),
        D("warm-referral", "Afspraken over warm doorverwijzen",
          "Spreek met elke partner af wie je belt of mailt, of je verwijskaarten gebruikt, "
          "waar een doorverwijzing wordt vastgelegd, hoe vaak je contact houdt en wanneer de "
          "partner bereikbaar is. Klaar als die afspraken per partner op papier staan."),
        D("colleagues", "Collega's, geen concurrenten",
          "Maak met de partners duidelijk dat je elkaar aanvult en niet beconcurreert; "
          "verwijs naar elkaar door. Klaar als dit is besproken in een partneroverleg.",
          required=False),
    ),
    Phase.ASSURANCE: (
        D("agreement", "Afspraken vastleggen in het samenwerkingscontract",
          "Leg vast wie wat beslist, wie wat doet, wie erbij hoort en hoe vaak je overlegt. "
          "Klaar als alle partners de actuele versie hebben ondertekend."),
        D("communication", "Communicatieafspraken",
          "Spreek af hoe het team en de partners elkaar op de hoogte houden: mail, een "
          "appgroep, een logboek of een dagrapport. Klaar als iedereen weet welk kanaal "
          "waarvoor is."),
        D("ownership", "Eigenaarschap in kleine teams",
          "Verdeel onderwerpen over kleine teams met een eigen eigenaar, zodat niet alles "
          "bij de trekker ligt. Klaar als elk onderwerp een team en een eigenaar heeft.",
          required=False),
        D("know-partners", "Elkaar blijven kennen",
          "Houd partners op de hoogte van elkaars werk, bijvoorbeeld met een nieuwsbrief of "
          "een maandelijks overleg. Gereed melden na elk overleg of elke nieuwsbrief.",
          required=False, recurrence="monthly"),
        D("new-partners", "Nieuwe partners bespreken",
          "Zet nieuwe partners maandelijks op de agenda: wie kan er aansluiten, wie past er "
          "niet meer? Gereed melden als het onderwerp besproken is.",
          required=False, recurrence="monthly"),
        D("evaluation", "Evalueren en verbeteren",
          "Formuleer doelen en criteria, plan vaste feedbackmomenten en houd jaarlijks een "
          "evaluatiebijeenkomst met verbeterpunten. Gereed melden als de jaarlijkse "
          "evaluatie is gehouden en de verbeterpunten zijn verdeeld.",
          required=False, recurrence="yearly"),
        D("expertise", "Deskundigheid bijhouden en inwerken",
          "Houd de kennis van medewerkers actueel en werk nieuwe collega's en vrijwilligers "
          "goed in. Gereed melden als het kwartaaloverzicht van scholing en inwerken is "
          "bijgewerkt.",
          required=False, recurrence="quarterly"),
        D("celebrate", "Successen vieren",
          "Deel om de paar weken verhalen over wat er goed ging; spreek af wie ze verzamelt. "
          "Gereed melden als er weer verhalen zijn gedeeld.",
          required=False, recurrence="monthly"),
        D("share-success", "Successen breder delen",
          "Vertel ook buiten het plein wat het oplevert: in de nieuwsbrief, op sociale media "
          "en via de netwerken van de partners. Gereed melden na elke ronde.",
          required=False, recurrence="quarterly"),
        D("daily-start", "Dag- of weekstart",
          "Begin de dag of week kort samen: wie is er, wat staat er op het programma, wat "
          "vraagt aandacht? Gereed melden na elke start.",
          required=False, recurrence="weekly"),
    ),
}
