"""Installation-level operations that span features."""

from plein.accounts import service as accounts
from plein.assessment import service as assessment
from plein.errors import ServiceError
from plein.programme import service as programme
from plein.roadmap import service as roadmap


def create_plein(name, organisation, location="", *, lead=None):
    """A new plein with every feature's defaults (checklist, weighing criteria)."""
    if lead is not None and not lead.active:
        raise ServiceError("Kies een bestaand, actief account.", field="lead_id")
    plein = accounts.create_plein(name, organisation, location, lead=lead)
    roadmap.seed_defaults(plein)
    assessment.seed_criteria(plein)
    programme.seed_defaults(plein)
    return plein
