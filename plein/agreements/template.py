"""The sections a new samenwerkingscontract starts with, in Dutch, for the lead to adapt."""

# key, title, starting text. Commitments and parties are added by the app itself.
SECTIONS = (
    ("purpose", "Doel en gedeelde ambitie",
     "Samen maken we van het Ontwikkelplein één herkenbare plek waar inwoners terechtkunnen "
     "met vragen over taal, geld, werk, gezondheid en de digitale overheid, en waar ze "
     "kunnen leren en oefenen. We verwijzen elkaar warm door, zodat niemand van loket naar "
     "loket hoeft.\n\nOnze ambitie voor het eerste jaar: [vul aan]."),
    ("governance", "Wie beslist wat",
     "Er is een partneroverleg, [elke maand], met van elke partij één vaste vertegenwoordiger "
     "(en een vervanger). Het overleg beslist over de inhoud: het programma, de thema's en "
     "nieuwe partners. De projectleider van de bibliotheek bereidt het overleg voor en "
     "beslist over de uitvoering: rooster, ruimte en communicatie.\n\nBesluiten nemen we in "
     "overleg; lukt dat niet, dan beslist [de bibliotheek / een meerderheid]."),
    ("tasks", "Wie doet wat",
     "Per partij staat hieronder wat die op en rond het plein doet. Wie een taak niet kan "
     "uitvoeren, meldt dat tijdig bij de projectleider."),
    ("term", "Looptijd en evaluatie",
     "Deze afspraken gelden van [datum] tot [datum] en worden daarna stilzwijgend met een "
     "jaar verlengd. We evalueren [elk halfjaar] aan de hand van de doelen en de "
     "registratie, en houden één keer per jaar een bijeenkomst met verbeterpunten."),
    ("communication", "Communicatieafspraken",
     "We houden elkaar op de hoogte via [mail / een appgroep / het logboek van het plein]. "
     "Naar buiten toe communiceren we onder de naam van het plein; de logo's van alle "
     "partners staan daarbij. Niemand deelt gegevens van bezoekers zonder hun toestemming."),
    ("joining", "Toetreden en uittreden",
     "Een nieuwe partner kan aansluiten na een gesprek en een besluit in het "
     "partneroverleg; hij tekent dan de geldende versie van dit contract. Een partij die "
     "wil stoppen, meldt dat [drie maanden] van tevoren en zorgt dat lopende afspraken met "
     "bezoekers worden afgemaakt of overgedragen."),
    ("commercial", "Voorwaarden voor commerciële partners",
     "Een commerciële partner vraagt geen geld van bezoekers, ook niet na een eerste gratis "
     "gesprek, en brengt de bibliotheek geen onverwachte kosten in rekening. De afspraken "
     "en ieders belang staan op papier. [Schrap dit onderdeel als er geen commerciële "
     "partners meedoen.]"),
)
