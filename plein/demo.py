"""A fictional plein with one account per role, so a newcomer can look around.

Safe to run again: what exists already is left alone.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from plein.accounts import service as accounts
from plein.accounts.models import Membership, Plein, Role
from plein.admin import service as admin_service
from plein.extensions import db
from plein.notes import service as notes
from plein.partners import service as partners
from plein.partners.models import PartnerStatus
from plein.roadmap import gates as roadmap_gates
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemStatus
from plein.roadmap.phases import Phase
from plein.timeutil import local_today

PASSWORD = "plein-demo-2026"  # noqa: S105 (fictional demo logins, printed on purpose)
PLEIN = {
    "name": "Ontwikkelplein Lindeburg",
    "organisation": "Bibliotheek Lindeburg (fictief)",
    "location": "Vestiging Centrum, Marktplein 1",
}
# email, name, role (None: installation admin only), partner organisation
USERS = [
    ("admin@lindeburg.example", "Anna Beheerder", None, None),
    ("lead@lindeburg.example", "Lotte de Vries", Role.LEAD, None),
    ("team@lindeburg.example", "Tarik El Amrani", Role.TEAM, None),
    ("mt@lindeburg.example", "Marleen Bos", Role.MT, None),
    ("welzijn@lindeburg.example", "Pieter Jansen", Role.PARTNER, "Welzijn Lindeburg"),
    ("schuldhulp@lindeburg.example", "Fatma Yilmaz", Role.PARTNER, "Schuldhulp Lindeburg"),
    ("taalmaatjes@lindeburg.example", "Sanne Visser", Role.PARTNER, "Taalmaatjes"),
]


def load():
    """Create what is missing; return (email, role label, password) per demo login."""
    plein = db.session.scalar(select(Plein).where(Plein.name == PLEIN["name"]))
    new = plein is None
    if new:
        plein = admin_service.create_plein(**PLEIN)
    logins = []
    for email, name, role, organisation in USERS:
        user = accounts.user_by_email(email)
        if user is None:
            user = accounts.create_user(email, name, PASSWORD, is_admin=role is None)
        if role is not None:
            partner = partners.find_or_create(plein, organisation) if organisation else None
            has_role = db.session.scalar(select(Membership).where(
                Membership.plein_id == plein.id, Membership.user_id == user.id,
                Membership.role == role))
            if has_role is None:
                accounts.add_membership(plein, user, role, partner)
        label = (role or Role.ADMIN).label + (f" ({organisation})" if organisation else "")
        logins.append((email, label, PASSWORD))
    if new:
        _partners_weighed(plein)
        _plan_supported(plein)
        _roadmap_part_way(plein)
        _agreement_signed(plein)
        from plein import demo_mail

        demo_mail.examples(plein, PASSWORD)

        _features_running(plein)
    db.session.commit()
    return plein, logins


def _features_running(plein):
    """The plein at work: programme, desk, goals, communication, meetings, evaluation,
    referrals, successes and, last, the report that holds them."""
    from plein.communication import demo as communication
    from plein.desk import demo as desk
    from plein.desk import referral_demo
    from plein.meetings import demo as meetings
    from plein.programme import demo as programme
    from plein.results import demo as goals
    from plein.results import evaluation_demo, report_demo, success_demo

    user = {name: accounts.user_by_email(f"{name}@lindeburg.example")
            for name in ("lead", "team", "mt", "taalmaatjes")}
    lead, team = user["lead"], user["team"]
    programme.load(plein, lead)
    desk.load(plein, team)
    goals.load(plein, lead)
    communication.load(plein, lead, team)
    meetings.load(plein, lead)
    evaluation_demo.load(plein, lead)
    referral_demo.load(plein, lead, team)
    success_demo.load(plein, lead=lead, team=team, partner_user=user["taalmaatjes"])
    report_demo.load(plein, lead, user["mt"])  # its published version holds the above


def _roadmap_part_way(plein):
    """Oriëntatie done, Voorbereiding about half done, some of it overdue."""
    lead = accounts.user_by_email("lead@lindeburg.example")
    team = accounts.user_by_email("team@lindeburg.example")
    today = local_today()
    for item in roadmap.items_of(plein, phase=Phase.ORIENTATION):
        if item.default_key == "ido-taalhuis":
            roadmap.set_status(plein, item, ItemStatus.NA, by=lead,
                               reason="Het IDO blijft voorlopig een eigen balie.")
        else:
            item.owner_id = lead.id
            roadmap.set_status(plein, item, ItemStatus.DONE, by=lead)
    roadmap_gates.advance(plein, by=lead)
    preparation = roadmap.items_of(plein, phase=Phase.PREPARATION)
    _I = ItemStatus
    plan = {  # key: (status, owner, due in days from today)
        "contact-partners": (_I.DONE, lead, -20), "introduction": (_I.DONE, lead, -10),
        "common-ground": (_I.BUSY, lead, -3), "furnish": (_I.BUSY, team, -5),
        "inform-colleagues": (_I.DONE, team, -7), "communication-plan": (_I.BUSY, team, 9),
        "training": (_I.OPEN, team, 21), "themes": (_I.OPEN, lead, 30),
        "collection": (_I.DONE, team, -2), "customer-journey": (_I.DONE, team, -12),
        "referrers": (_I.DONE, lead, -4),
    }
    for item in preparation:
        if item.default_key in plan:
            status, owner, days = plan[item.default_key]
            item.owner_id, item.due_date = owner.id, today + timedelta(days=days)
            if status != ItemStatus.OPEN:
                roadmap.set_status(plein, item, status, by=owner)
    profile = next(i for i in preparation if i.default_key == "competence-profile")
    roadmap.set_status(plein, profile, ItemStatus.NA, by=lead,
                       reason="We gebruiken het profiel van de landelijke bibliotheekcao.")
    communication = next(i for i in preparation if i.default_key == "communication-plan")
    notes.add_note(plein, communication, "Doelgroepen en kernboodschap staan op papier.",
                   by=lead)
    notes.add_note(plein, communication, "Concept ligt bij Tarik; de lead leest het deze week.",
                   by=team)


_PLAN_TEXTS = {
    "why": "Bij de informatiebalie komen steeds vaker vragen over toeslagen, schulden en "
           "formulieren van de gemeente. Inwoners worden nu van loket naar loket gestuurd. "
           "Samen met partners willen we één herkenbare plek waar ze meteen verder komen.",
    "result": "Over een jaar weten inwoners van Lindeburg-Centrum dat ze met vragen over geld, "
              "taal en digitale zaken in de bibliotheek terechtkunnen. Minstens 300 bezoekers "
              "zijn geholpen of warm doorverwezen.",
    "target_groups": "We beginnen met twee groepen: volwassenen die moeite hebben met lezen "
                     "en schrijven, en huishoudens met geldzorgen.",
    "preconditions": "Vaste openingstijden op dinsdag- en donderdagmiddag; een afgesloten "
                     "spreekplek voor privacy; elke partner levert een vaste contactpersoon.",
    "partners": "We starten klein met Welzijn Lindeburg en Schuldhulp Lindeburg; zij kennen "
                "de wijk. Taalmaatjes en de Formulierenbrigade volgen na de eerste evaluatie.",
    "location": "De leeshoek op de begane grond van vestiging Centrum wordt ingericht als "
                "plein; er is plaats voor twee spreektafels en een werkplek.",
    "finance": "De inrichting betalen we uit eigen middelen en een fonds; voor personeel "
               "vragen we een gemeentelijke subsidie aan.",
    "staff": "Een medewerker van de bibliotheek coördineert (8 uur per week); vier getrainde "
             "vrijwilligers ontvangen bezoekers.",
    "support": "Het plan is op 3 oktober in het MT besproken; de directeur steunt het en wil "
               "het na de zomer evalueren.",
    "responsibility": "Lotte de Vries is trekker. Het projectteam bestaat uit Lotte, Tarik en "
                      "een collega van de klantenservice. Extra formatie is niet nodig.",
    "form_explained": "Een balie met wisselende contactpersoon vraagt het minst van de "
                      "partners en past bij onze openingstijden.",
}
_BUDGET = [  # kind, description, amount, status (funding only)
    ("setup", "Twee spreektafels, een pc en een printer", "4.800", None),
    ("setup", "Bewegwijzering en banner", "1.200", None),
    ("staff", "Coördinatie, 8 uur per week", "14.500", None),
    ("marketing", "Folders en campagne in de wijkkrant", "2.000", None),
    ("own", "Eigen begroting bibliotheek", "6.000", "pledged"),
    ("fund", "Fonds voor de wijk", "5.000", "pledged"),
    ("municipality", "Subsidie sociaal domein", "12.000", "requested"),
]


def _plan_supported(plein):
    """A filled-in plan with a budget, submitted once and supported on a condition."""
    from plein.plan import reviews
    from plein.plan import service as plans
    from plein.plan.models import PleinShape, ReviewDecision

    lead = accounts.user_by_email("lead@lindeburg.example")
    mt = accounts.user_by_email("mt@lindeburg.example")
    plan = plans.start(plein, by=lead)
    chosen = [partners.find_or_create(plein, name).id
              for name in ("Welzijn Lindeburg", "Schuldhulp Lindeburg")]
    plans.update(plein, plan, by=lead, expected_version=plan.version_id,
                 name="Het Plein Lindeburg", shape=PleinShape.DESK, bodies=_PLAN_TEXTS,
                 partner_ids=chosen)
    db.session.flush()
    for kind, description, amount, status in _BUDGET:
        plans.add_line(plein, plan, by=lead, kind=kind, description=description,
                       amount=amount, status=status)
    snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id,
                            note="Graag jullie oordeel vóór het MT-overleg van volgende week.")
    reviews.review(plein, snapshot, by=mt, decision=ReviewDecision.CONDITIONAL,
                 comment="Goed plan. Zorg dat de privacy van bezoekers vanaf dag één geregeld "
                         "is.",
                 conditions="Privacyafspraken met alle partners vastleggen\n"
                            "Evaluatie na zes maanden plannen met het MT",
                 link=lambda entry: _path("plan.snapshot", plein_id=plein.id,
                                          number=snapshot.number,
                                          _anchor=f"beoordeling-{entry.id}"))


def _path(endpoint, _anchor=None, **values):
    """A URL path built from the CLI, where there is no request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{_anchor}" if _anchor else path


# name: (status, scores per criterion in order, or None for unscored)
_P = PartnerStatus
_PARTNERS = {
    "Welzijn Lindeburg": (_P.PARTICIPATING, [3, 3, 3, 2, 3, 2, 2, 3, 2, 3, 3]),
    "Schuldhulp Lindeburg": (_P.PARTICIPATING, [3, 2, 2, 3, 2, 2, 2, 2, 3, 3, 2]),
    "Juridisch Loket": (_P.WEIGHING, [2, 2, 1, 3, 2, 1, 1, 2, 3, 3, 2]),
    "Taalmaatjes": (_P.WEIGHING, [3, 3, 2, 2, 2, 2, 1, 1, 3, 3, 3]),
    "Formulierenbrigade": (_P.WEIGHING, [2, 3, 2, 2, 3, 1, 2, 1, 3, 2, 3]),
    "Uitzendbureau of re-integratiebedrijf": (_P.APPROACHED, [1, 2, 1, 2, 3, 3, 2, 2, 1, 1, 2]),
    "Vluchtelingenwerk": (_P.WEIGHING, [3, 2, None, 2, None, 3, None, 2, None, None, None]),
    "Stichting MEE": (_P.CANDIDATE, [2, None, 2, None, None, None, None, None, None, None,
                                     None]),
    "Woningcorporatie": (_P.CANDIDATE, None),
    "Vrijwilligerscentrale": (_P.CANDIDATE, None),
    "GGZ/GGD": (_P.CANDIDATE, None),
    "Politie – wijkagent": (_P.REJECTED, None),
}


def _partners_weighed(plein):
    """About a dozen partners across kinds and statuses, half of them fully scored."""
    from plein.assessment import checks
    from plein.assessment import service as assessment
    from plein.assessment.defaults import COMMERCIAL_CHECKS
    from plein.assessment.models import Verdict

    lead = accounts.user_by_email("lead@lindeburg.example")
    team = accounts.user_by_email("team@lindeburg.example")
    partners.add_suggestions(plein, [n for n in _PARTNERS if "Lindeburg" not in n], by=lead)
    criteria = assessment.criteria_of(plein)
    for name, (status, scores) in _PARTNERS.items():
        partner = partners.find_or_create(plein, name, by=lead)
        if scores:
            for criterion, value in zip(criteria, scores, strict=False):
                if value is not None:
                    assessment.set_score(plein, partner, criterion, value, by=team)
        if status != partner.status:
            partners.set_status(plein, partner, status, by=lead, force=True)
    welzijn = partners.find_or_create(plein, "Welzijn Lindeburg")
    assessment.decide(plein, welzijn, Verdict.YES, "Sterke match op alle drie de onderdelen; "
                      "heeft al een spreekuur in de wijk.", by=lead)
    partners.set_status(plein, welzijn, PartnerStatus.PARTICIPATING, by=lead, force=True)
    bureau = partners.find_or_create(plein, "Uitzendbureau of re-integratiebedrijf")
    checks.answer_checks(plein, bureau, {c.key: (True, "") for c in COMMERCIAL_CHECKS},
                             by=lead)
    assessment.decide(plein, bureau, Verdict.LATER, "Voorwaarden zijn rond, maar eerst de "
                      "professionele partners laten landen.", by=lead)



# what the demo library wrote in the template's "[...]" places
DEMO_FILLED = {
    "[elke maand]": "elke eerste dinsdag van de maand",
    "[de bibliotheek / een meerderheid]": "de bibliotheek",
    "[datum] tot [datum]": "1 januari 2027 tot 31 december 2027",
    "[elk halfjaar]": "elk halfjaar",
    "[mail / een appgroep / het logboek van het plein]": "mail en het logboek van het plein",
    "[drie maanden]": "drie maanden",
    " [Schrap dit onderdeel als er geen commerciële partners meedoen.]": "",
}


def _fill(body):
    for placeholder, text in DEMO_FILLED.items():
        body = body.replace(placeholder, text)
    return body


def _agreement_signed(plein):
    """Two published versions: everyone signed the first; on the current one the library
    and Welzijn signed and Schuldhulp is still to answer."""
    from plein.agreements import service as agreements

    lead = accounts.user_by_email("lead@lindeburg.example")
    welzijn_user = accounts.user_by_email("welzijn@lindeburg.example")
    agreement = agreements.start(plein, by=lead)
    welzijn = partners.find_or_create(plein, "Welzijn Lindeburg")
    schuld = partners.find_or_create(plein, "Schuldhulp Lindeburg")
    library, welzijn_party = agreement.parties[0], agreements.add_party(
        plein, agreement, welzijn, by=lead)
    schuld_party = agreements.add_party(plein, agreement, schuld, by=lead, confirmed=True)
    for party, hours, money, why, knowledge in (
            (library, "16", "2500", "inrichting: twee pc's en een printer",
             "Gastvrouwen, digitale vaardigheden, de ruimte"),
            (welzijn_party, "6", "0", "", "Maatschappelijk werk, warme doorverwijzing"),
            (schuld_party, "4", "0", "", "Budgetcoaching en formulierenhulp")):
        agreements.set_commitment(
            plein, agreement, party, by=lead, expected_version=agreement.version_id,
            hours=hours, hours_period="week", money=money, money_explanation=why,
            knowledge=knowledge, means="", tasks="Spreekuur op het plein, elke dinsdagmiddag.")
    filled = {s.key: _fill(s.body) for s in agreement.sections}
    filled["purpose"] = ("Samen maken we van het plein dé plek in Lindeburg voor hulp bij geld, "
                         "formulieren en de digitale overheid. Ons doel voor het eerste jaar: "
                         "300 bezoekers geholpen, de helft warm doorverwezen.")
    agreements.update_sections(plein, agreement, filled, by=lead,
                               expected_version=agreement.version_id)
    first = agreements.publish(plein, agreement, by=lead)
    agreements.sign(plein, agreement, first, welzijn.id, user=welzijn_user,
                    roles=frozenset({Role.PARTNER}), function="teamleider",
                    has_read=True)
    agreements.sign(plein, agreement, first, None, user=lead, roles=frozenset({"lead"}),
                    function="projectleider", has_read=True)
    agreements.sign(plein, agreement, first, schuld.id,
                    user=accounts.user_by_email("schuldhulp@lindeburg.example"),
                    roles=frozenset({"partner"}), function="coördinator", has_read=True)
    agreements.set_commitment(
        plein, agreement, welzijn_party, by=lead, expected_version=agreement.version_id,
        hours="8", hours_period="week", money="0", money_explanation="",
        knowledge="Maatschappelijk werk, warme doorverwijzing", means="",
        tasks="Spreekuur op dinsdag- en donderdagmiddag.")
    current = agreements.publish(plein, agreement, by=lead)
    agreements.sign(plein, agreement, current, None, user=lead, roles=frozenset({Role.LEAD}),
                    function="projectleider", has_read=True)
    agreements.sign(plein, agreement, current, welzijn.id, user=welzijn_user,
                    roles=frozenset({Role.PARTNER}), function="teamleider",
                    has_read=True)
    _joined_later(plein, agreement, lead)


def _joined_later(plein, agreement, lead):
    """The contract's life: its dates (the evaluation comes up within two months), and
    Taalmaatjes joined version 2 by a toetreding that only Taalmaatjes signed."""
    from plein.agreements import addenda, terms

    today = local_today()  # dates around today, so the demo always shows a reminder
    terms.set_terms(plein, agreement, by=lead, expected_version=agreement.version_id,
                    start_date=today - timedelta(days=30),
                    end_date=today + timedelta(days=335), open_ended=False,
                    evaluation_date=today + timedelta(days=45))
    accession = addenda.accede(
        plein, agreement, partners.find_or_create(plein, "Taalmaatjes"), by=lead,
        confirmed=True, hours="3", hours_period="week", money="0", money_explanation="",
        knowledge="Taalcoaching door vrijwilligers", means="",
        tasks="Taalspreekuur op woensdagochtend.")
    addenda.answer(plein, agreement, accession,
                   user=accounts.user_by_email("taalmaatjes@lindeburg.example"),
                   roles=frozenset({Role.PARTNER}), sign=True, function="coördinator",
                   has_read=True)
