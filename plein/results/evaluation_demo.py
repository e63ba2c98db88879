"""The demo plein's evaluation (``flask plein demo``): the yearly evaluation held two
weeks ago, after a questionnaire that three partners answered (now closed), with three
improvement points that are now checklist items; and the next evaluation planned a
year on."""

from datetime import timedelta

from plein.accounts import service as accounts
from plein.accounts.access import partner_membership
from plein.results import evaluation, questionnaire
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemStatus
from plein.timeutil import local_today
from plein.urls import path_for

ANSWERS = {  # partner user: satisfaction, what works, what should change, referral, note
    "welzijn@lindeburg.example": (
        4, "Korte lijnen met de balie: we weten van elkaar wie er is.",
        "Vaker samen bespreken welke vragen terugkomen.", "yes",
        "Mensen komen bijna altijd aan bij onze consulent."),
    "schuldhulp@lindeburg.example": (
        3, "Het vaste spreekuur op dinsdag is bekend bij inwoners.",
        "Een rustigere plek voor gesprekken over geld.", "partly",
        "Soms missen we de terugkoppeling als iemand niet op de afspraak komt."),
    "taalmaatjes@lindeburg.example": (
        5, "De bibliotheek denkt mee over nieuwe groepen.",
        "Meer bekendheid bij huisartsen en wijkteams.", "yes", ""),
}
POINTS = (  # title, explanation, owner e-mail, days from today
    ("Spreekkamer inrichten voor gesprekken over geld",
     "Schuldhulp wil rustig kunnen praten; de hoek achter de balie is te open.",
     "team@lindeburg.example", 45),
    ("Terugkoppeling na een doorverwijzing afspreken",
     "Afspreken wie wie laat weten of iemand geholpen is.",
     "lead@lindeburg.example", 30),
    ("Plein voorstellen bij huisartsen en het wijkteam",
     "Een korte presentatie en de folder, samen met Taalmaatjes.",
     "team@lindeburg.example", 75),
)


def load(plein, by):
    """The held evaluation with its questionnaire and points, and the next one planned;
    ``by`` is the lead. Returns (held, planned)."""
    today = local_today()
    held_on = today - timedelta(days=14)
    moment = evaluation.plan_evaluation(plein, by=by, title=f"Evaluatie met de partners "
                                        f"{held_on.year}", planned_on=held_on, today=today)
    questionnaire.open_survey(plein, moment, by=by, expected_version=moment.version_id)
    for email, (score, works, change, referral, note) in ANSWERS.items():
        user = accounts.user_by_email(email)
        partner = partner_membership(user, plein).partner
        questionnaire.answer(plein, moment, partner, by=user, expected_version=0,
                             satisfaction=score, works=works, change=change,
                             referral=referral, referral_note=note)
    questionnaire.close_survey(plein, moment, by=by, expected_version=moment.version_id)
    people = [u.id for u in evaluation.library_people(plein)]
    partners = [p.id for p in evaluation.partners_of(plein)
                if p.name in ("Welzijn Lindeburg", "Schuldhulp Lindeburg", "Taalmaatjes")]
    evaluation.record_held(
        plein, moment, by=by, expected_version=moment.version_id, held_on=held_on,
        people_ids=people, partner_ids=partners, today=today,
        went_well="De balie is het hele jaar bemand geweest, ook in de zomer.\n"
                  "Partners verwijzen naar elkaar door in plaats van mensen weg te sturen.\n"
                  "Het spreekuur over geld trekt elke week nieuwe mensen.")
    back = path_for("evaluations.moment", plein_id=plein.id, evaluation_id=moment.id)
    for title, explanation, owner, days in POINTS:
        evaluation.add_improvement(
            plein, moment, by=by, title=title, explanation=explanation,
            owner_id=accounts.user_by_email(owner).id, due_date=today + timedelta(days=days),
            origin_url=back, today=today)
    first = roadmap.items_from(plein, moment.origin_key)[0]
    roadmap.set_status(plein, first, ItemStatus.BUSY, by=by)
    planned = evaluation.plan_evaluation(
        plein, by=by, title=f"Evaluatie met de partners {held_on.year + 1}",
        planned_on=evaluation.suggested_date(plein, today), today=today)
    return moment, planned
