"""Default data for the afwegingstabel.

Data only, standard library only, no side effects on import: the default weighing
criteria grouped under passendheid, toegevoegde waarde and realiseerbaarheid, the score
labels, and the four checks a commercial partner must pass before a decision ``ja``. Keys
are stable: a plein's copy of a criterion can be traced back to its default by ``key``.
"""

from dataclasses import dataclass

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
