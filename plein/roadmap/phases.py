"""The four phases of an Ontwikkelplein, in order."""

from enum import StrEnum


class Phase(StrEnum):
    ORIENTATION = "orientation"
    PREPARATION = "preparation"
    REALISATION = "realisation"
    ASSURANCE = "assurance"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def blurb(self) -> str:
        return BLURBS[self]

    @property
    def number(self) -> int:
        return list(Phase).index(self) + 1


LABELS = {
    Phase.ORIENTATION: "Oriëntatie",
    Phase.PREPARATION: "Voorbereiding",
    Phase.REALISATION: "Realisatie",
    Phase.ASSURANCE: "Borging",
}

BLURBS = {
    Phase.ORIENTATION: "Verkennen, het plan op papier zetten en draagvlak zoeken.",
    Phase.PREPARATION: "Partners samenbrengen, de plek inrichten en de start voorbereiden.",
    Phase.REALISATION: "Het plein is open: aanbod zichtbaar maken en goed doorverwijzen.",
    Phase.ASSURANCE: "Afspraken vastleggen, evalueren en het plein levend houden.",
}
