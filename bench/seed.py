"""Deterministic bench data: a realistic plein, and an installation of many of them.

A *realistic* plein (``Size()``): 40 partners, 12 criteria every partner is scored on,
120 checklist items, an agreement with 3 published versions and 25 parties that
answered, 2 plan snapshots with MT reviews (see ``_plan``) and 2,000 audit events.
A *large* installation is 50 such pleinen. Everything goes through the services where
they keep an invariant (fingerprints, seals, versions, audit); only bulk audit history
and surplus default items are written directly. The same seed gives the same data.

    python -m bench.seed --database sqlite:////tmp/plein-bench.db --pleinen 50
"""

import argparse
import random
import sys
import time
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import delete, insert, select

PASSWORD = "bench-wachtwoord-2026"  # noqa: S105 (fictional bench logins on a throwaway db)
# Cheap scrypt: the bench logs in once per user, and 1,400 users at production cost would
# take minutes to create. Logging in still checks the password the normal way.
BENCH_HASH_METHOD = "scrypt:1024:8:1"
DOMAIN = "bench.example"


@dataclass(frozen=True)
class Size:
    """How much one plein holds. The default is the realistic plein of issue 8."""

    partners: int = 40
    criteria: int = 12
    items: int = 120
    versions: int = 3
    parties: int = 25  # the library included
    audit_events: int = 2_000
    plan_snapshots: int = 2
    tallies_per_day: int = 40  # contacts counted at the desk, every day of last year
    activities: int = 30  # the programme: activities, most weekly, some with changes
    goals_per_source: int = 5  # goals of each kind of indicator (6 kinds), over last year
    referrals: int = 300  # warm referrals (a third with a visitor's contact)
    calendar_items: int = 120  # content calendar items over this month and the next


REALISTIC = Size()
SMALL = Size(partners=5, items=20, versions=1, parties=3, audit_events=100,
             tallies_per_day=2, activities=4, goals_per_source=2, referrals=3,
             calendar_items=8)


def scaled(size, factor):
    """``size`` with the lists that grow with use (partners, checklist items, contract
    parties, the logboek) ``factor`` times as long, each capped at the plein's upper
    bound (the items leave room for the MT's conditions). Criteria, versions and plan
    snapshots stay: they do not grow with a plein's age the same way."""
    from plein.agreements.service import MAX_PARTIES
    from plein.partners.service import MAX_PARTNERS
    from plein.roadmap.service import MAX_ITEMS

    return replace(size, partners=min(size.partners * factor, MAX_PARTNERS),
                   items=min(size.items * factor, MAX_ITEMS - 20),
                   parties=min(size.parties * factor, MAX_PARTIES),
                   audit_events=size.audit_events * factor)


@dataclass(frozen=True)
class Seeded:
    """What the bench and the tests need to find in a seeded plein."""

    plein_id: int
    lead_email: str
    partner_email: str  # a partner whose organisation has not answered the current version
    partner_id: int
    toggle_items: tuple  # ((item id, version), ...): open or busy, not recurring
    criterion_id: int
    version_number: int
    tally_year: int  # the calendar year full of tallies (last year)
    theme_id: int  # a theme of the plein (to count a contact with)
    # the secret links of the programme's outputs (see plein.programme.links)
    screen_token: str = ""
    public_token: str = ""
    feed_token: str = ""
    personal_token: str = ""
    goal_id: int = 0  # a goal counting contacts (0: the size has none)
    referral_id: int | None = None  # a referral with a visitor's contact, to partner_id
    report_id: int = 0  # the draft voortgangsrapportage (version 1 covers tally_year)


def email(plein_index, who):
    return f"{who}-{plein_index}@{DOMAIN}"


def seed_plein(index, rng, size=REALISTIC):
    """One plein with everything ``size`` asks for; returns its ``Seeded`` ids. The caller
    commits."""
    from plein.admin.service import create_plein

    plein = create_plein(f"Plein {index:03d} {rng.choice(PLACES)}",
                         f"Bibliotheek {rng.choice(PLACES)} ({index})", "Vestiging Centrum")
    users = _users(plein, index, rng)
    partners = _partners(plein, users, rng, size)
    criteria = _criteria(plein, users, rng, size)
    _scores(plein, users, partners, criteria, rng)
    toggles = _roadmap(plein, users, rng, size)
    pending_user, pending_partner, number = _agreement(plein, index, users, partners, rng,
                                                       size)
    _plan(plein, index, users, partners, rng, size)
    tokens = _programme(plein, users, partners, rng, size)
    _audit_history(plein, users, rng, size)
    from bench.seed_desk import seed_referrals, seed_tallies
    from plein.programme.service import themes_of
    from plein.timeutil import local_today

    tally_year = local_today().year - 1
    seed_tallies(plein, users, partners, rng, size.tallies_per_day, tally_year)
    from bench.seed_results import seed_goals

    goal_id = seed_goals(plein, users, partners, rng, size.goals_per_source, tally_year)
    referral_id = seed_referrals(plein, users, partners, pending_partner, rng, size.referrals)
    from bench.seed_reports import seed_reports

    report_id = seed_reports(plein, users, tally_year)
    from bench.seed_communication import seed_communication

    seed_communication(plein, users, partners, pending_partner, rng, size.calendar_items)
    return Seeded(plein_id=plein.id, lead_email=users["lead"].email,
                  partner_email=pending_user.email, partner_id=pending_partner.id,
                  toggle_items=toggles, criterion_id=criteria[0].id,
                  version_number=number, tally_year=tally_year,
                  theme_id=themes_of(plein)[0].id, **tokens, goal_id=goal_id,
                  referral_id=referral_id, report_id=report_id)


KINDS = ["consultation", "drop_in", "workshop", "course", "information"]


def _programme(plein, users, partners, rng, size):
    """Themes on the afternoons, ``size.activities`` activities of the partners (weekly,
    every other week, monthly or once, from four weeks ago), a cancelled and a moved
    date on some, a closing day; and the links of the screen, the public page, the feed
    and the lead's own feed. Returns the links' tokens."""
    from datetime import time, timedelta

    from plein.programme import activities as offer
    from plein.programme import links
    from plein.programme import service as programme
    from plein.timeutil import local_today

    lead, today = users["lead"], local_today()
    themes, rooms = programme.themes_of(plein), programme.rooms_of(plein)
    for weekday in range(5):
        for part in ("morning", "afternoon"):
            programme.set_day_part(plein, weekday=weekday, part=part, is_open=True,
                                   starts=None, ends=None,
                                   theme_id=themes[(weekday + len(part)) % len(themes)].id,
                                   by=lead)
    first = today - timedelta(days=28)
    for n in range(size.activities):
        partner = partners[n % len(partners)]
        activity = offer.create_activity(
            plein, by=lead, title=f"{KINDS[n % len(KINDS)].title()} {n + 1}",
            kind=KINDS[n % len(KINDS)], partner_id=partner.id,
            theme_ids=[t.id for t in rng.sample(themes, 2)], target_groups="volwassenen",
            description="Kom langs met je vraag; we helpen je verder.",
            room_id=rooms[n % len(rooms)].id, access="walk_in", appointment_how="",
            is_free=True, cost="")
        rule = ("weekly", "weekly", "biweekly", "monthly", "once")[n % 5]
        hour = 9 + (n * 2) % 8
        start = first + timedelta(days=n % 7) if rule != "once" else today + timedelta(n % 20)
        offer.add_schedule(plein, activity, by=lead, rule=rule, start_date=start,
                           end_date=None, weekday=None, nth=1 if rule == "monthly" else None,
                           starts=time(hour), ends=time(hour + 1, 30))
        if rule == "weekly":
            day = start + timedelta(weeks=5)
            offer.change_date(plein, activity, by=lead, on=day, change="cancelled",
                              reason="De begeleider is er niet.", new_date=None,
                              new_starts=None, new_ends=None, person="")
    programme.add_closing_day(plein, today + timedelta(days=30), "Studiedag", by=lead)
    tokens = {}
    for kind in links.PLEIN_KINDS:
        _link, tokens[f"{kind.value}_token"] = links.renew(plein, kind, by=lead)
    tokens["personal_token"] = links.renew_personal(lead)
    return tokens


def _plan(plein, index, users, partners, rng, size):
    """A filled-in plan with a budget, submitted ``size.plan_snapshots`` times; each
    version reviewed by two MT members (conditions become checklist items, questions are
    answered)."""
    from plein.accounts import service as accounts
    from plein.extensions import db
    from plein.plan import reviews
    from plein.plan import service as plans
    from plein.plan.models import FundingKind, FundingStatus, PleinShape

    lead = users["lead"]
    mt2 = _user(index, "mt2", _person(rng), password_hash=_password_hash())
    db.session.flush()
    accounts.add_membership(plein, mt2, "mt")
    plan = plans.start(plein, by=lead)
    bodies = {key: f"{title}: " + " ".join(rng.choice(SENTENCES) for _ in range(3))
              for key, title, _hint in plans.SECTIONS}
    chosen = rng.sample(partners, min(6, len(partners)))
    plans.update(plein, plan, by=lead, expected_version=plan.version_id,
                 name=f"Het Plein {rng.choice(PLACES)}",
                 shape=rng.choice(sorted(PleinShape.values())), bodies=bodies,
                 partner_ids=[str(p.id) for p in chosen])
    db.session.flush()
    for kind in ("setup", "setup", "staff", "marketing"):
        plans.add_line(plein, plan, by=lead, kind=kind, description=f"Kosten {kind}",
                       amount=str(rng.randint(5, 150) * 100))
    for kind in sorted(FundingKind.values()):
        plans.add_line(plein, plan, by=lead, kind=kind, description=f"Bijdrage {kind}",
                       amount=str(rng.randint(5, 80) * 100),
                       status=rng.choice(sorted(FundingStatus.values())))
    for number in range(1, size.plan_snapshots + 1):
        if number > 1:
            plans.update(plein, plan, by=lead, expected_version=plan.version_id,
                         name=f"{plan.name} ({number})", shape=plan.shape, bodies={},
                         partner_ids=None)
            db.session.flush()
        snapshot = plans.submit(plein, plan, by=lead, expected_version=plan.version_id,
                                note="Graag jullie oordeel.")
        for member in (users["mt"], mt2):
            decision = rng.choice(["support", "conditional", "questions"])
            reviews.review(plein, snapshot, by=member, decision=decision,
                         comment="Ik heb een vraag over de begroting." if decision ==
                         "questions" else "Akkoord.",
                         conditions="Privacy regelen\nEvaluatie plannen" if decision ==
                         "conditional" else "")
        for question in reviews.open_questions(plein, snapshot):
            reviews.post_message(plein, snapshot, by=lead, body="Het fonds dekt dat.",
                               answers_id=question.id)


def seed_installation(count, size=REALISTIC, *, seed=8, progress=None):
    """``count`` pleinen, committed one by one; returns their ``Seeded`` ids."""
    from plein.extensions import db

    seeded = []
    for index in range(1, count + 1):
        seeded.append(seed_plein(index, random.Random(seed * 1_000 + index), size))
        db.session.commit()
        if progress:
            progress(index, count)
    return seeded


# -- parts ------------------------------------------------------------------------------

SENTENCES = ["Inwoners zoeken hulp bij geldzaken.", "Partners kennen de wijk goed.",
             "We beginnen klein en breiden later uit.", "De ruimte is op dinsdag vrij.",
             "Vrijwilligers ontvangen de bezoekers.", "Het MT volgt de voortgang."]
PLACES = ["Lindeburg", "Havenstad", "Oosterveen", "Bergdorp", "Rivierwijk", "Noordhaven",
          "Zandvoorde", "Eikenlaan", "Molenbroek", "Kerkplein"]
FIRST = ["Anna", "Bram", "Fatma", "Joost", "Lotte", "Mohamed", "Noor", "Pieter", "Sanne",
         "Tarik", "Wouter", "Yara", "Eva", "Daan", "Iris", "Kees"]
LAST = ["de Vries", "Jansen", "Yilmaz", "El Amrani", "Bos", "Visser", "Smit", "Mulder",
        "de Boer", "Bakker", "Peters", "Hendriks"]
ORGS = ["Welzijn", "Schuldhulp", "Taalhuis", "Juridisch Loket", "Formulierenhulp",
        "Vluchtelingenwerk", "GGD", "Buurtteam", "Vrijwilligerscentrale", "Werkplein",
        "Humanitas", "Voedselbank", "Stichting Lezen", "Digihulp", "Wijkcentrum"]


def _person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _user(plein_index, who, name, *, password_hash):
    from plein.accounts.models import User
    from plein.extensions import db

    user = User(email=email(plein_index, who), name=name, password_hash=password_hash,
                active=True, is_admin=False)
    db.session.add(user)
    return user


_HASH = {}


def _password_hash():
    from werkzeug.security import generate_password_hash

    if "hash" not in _HASH:
        _HASH["hash"] = generate_password_hash(PASSWORD, method=BENCH_HASH_METHOD)
    return _HASH["hash"]


def _users(plein, index, rng):
    from plein.accounts import service as accounts
    from plein.extensions import db

    users = {}
    for role in ("lead", "team", "mt"):
        users[role] = _user(index, role, _person(rng), password_hash=_password_hash())
    users["team2"] = _user(index, "team2", _person(rng), password_hash=_password_hash())
    db.session.flush()
    for key, role in (("lead", "lead"), ("team", "team"), ("team2", "team"), ("mt", "mt")):
        accounts.add_membership(plein, users[key], role)
    return users


def _partners(plein, users, rng, size):
    from plein.partners import service as partners
    from plein.partners.defaults import THEMES
    from plein.partners.models import PartnerKind, PartnerRole

    created = []
    for n in range(size.partners):
        name = f"{ORGS[n % len(ORGS)]} {rng.choice(PLACES)} {n + 1}"
        partner = partners.create_partner(
            plein, by=users["lead"], name=name,
            kind=rng.choice([k for k in PartnerKind.values() if k != PartnerKind.COMMERCIAL]),
            role=rng.choice(PartnerRole.values()),
            category=rng.choice(["zorg", "taal", "geld", "werk"]),
            contact_name=_person(rng), contact_email=f"contact{n}@{DOMAIN}",
            contact_phone="010-1234567", website=f"https://partner{n}.{DOMAIN}",
            notes="Kennismaking gehad; wil graag een spreekuur op het plein.",
            themes=rng.sample(sorted(THEMES), 3))
        created.append(partner)
    return created


def _criteria(plein, users, rng, size):
    from plein.assessment import service as assessment
    from plein.assessment.defaults import GROUPS

    criteria = assessment.criteria_of(plein)
    for n in range(len(criteria), size.criteria):
        assessment.add_criterion(plein, by=users["lead"], group=rng.choice(list(GROUPS)),
                                 title=f"Eigen criterium {n + 1}",
                                 explanation="Wat het plein zelf belangrijk vindt.",
                                 weight=rng.choice([1, 2, 3]))
    criteria = assessment.criteria_of(plein)
    for extra in criteria[size.criteria:]:
        assessment.delete_criterion(plein, extra, by=users["lead"])
    return criteria[:size.criteria]


def _scores(plein, users, partners, criteria, rng):
    """Every partner fully scored, a decision for most of them."""
    from plein.assessment import service as assessment

    for partner in partners:
        for criterion in criteria:
            assessment.set_score(plein, partner, criterion, rng.randint(0, 3),
                                 "Besproken in het projectteam.", by=users["team"])
    for partner in partners[: len(partners) * 3 // 4]:
        assessment.decide(plein, partner, rng.choice(["yes", "yes", "later", "no"]),
                          "Afgewogen op passendheid, waarde en haalbaarheid.",
                          by=users["lead"])


def _roadmap(plein, users, rng, size):
    """The method's items plus own ones up to ``size.items`` (or fewer defaults), about
    half of them closed, owners and deadlines on most. Returns up to 8 (id, version) of
    open or busy items the bench toggles (one per load-generator connection)."""
    from plein.extensions import db
    from plein.roadmap import service as roadmap
    from plein.roadmap.models import ChecklistItem
    from plein.roadmap.phases import Phase
    from plein.timeutil import local_today

    items = roadmap.items_of(plein)
    surplus = [i.id for i in items if not i.required][: max(0, len(items) - size.items)]
    surplus += [i.id for i in items if i.required][: max(0, len(items) - size.items
                                                         - len(surplus))]
    if surplus:  # bench data only: a small plein with fewer than the method's items
        db.session.execute(delete(ChecklistItem).where(ChecklistItem.id.in_(surplus)))
        db.session.expire_all()
    phases = list(Phase)
    for n in range(size.items - len(roadmap.items_of(plein))):
        roadmap.add_item(plein, rng.choice(phases).value, f"Eigen actiepunt {n + 1}",
                         by=users["lead"])
    today = local_today()
    owners = [users["lead"], users["team"], users["team2"]]
    items = roadmap.items_of(plein)
    for item in items:
        if rng.random() < 0.8:
            item.owner_id = rng.choice(owners).id
        if rng.random() < 0.6:
            item.due_date = today + timedelta(days=rng.randint(-30, 60))
        if item.is_custom and rng.random() < 0.1:
            item.recurrence = rng.choice(["weekly", "monthly"])
    db.session.flush()
    for item in items:
        status = rng.choice(["open", "busy", "done", "done", "na"])
        if status != "open":
            roadmap.set_status(plein, item, status, by=rng.choice(owners),
                               reason="Past niet bij dit plein." if status == "na" else "")
    db.session.flush()
    return tuple((i.id, i.version_id) for i in items
                 if not i.recurrence and i.status in ("open", "busy"))[:8]


def _agreement(plein, index, users, partners, rng, size):
    """``size.versions`` published versions with ``size.parties`` parties; every party
    answers each version, except a few on the current one. Returns (user, partner) of a
    party still to answer the current version, and the current version's number."""
    from plein.accounts import service as accounts
    from plein.agreements import service as agreements
    from plein.extensions import db

    lead = users["lead"]
    agreement = agreements.start(plein, by=lead)
    members = {}
    for n, partner in enumerate(partners[: size.parties - 1]):
        agreements.add_party(plein, agreement, partner, by=lead, confirmed=True)
        user = _user(index, f"partner{n + 1}", _person(rng), password_hash=_password_hash())
        db.session.flush()
        accounts.add_membership(plein, user, "partner", partner)
        members[partner.id] = user
    agreements.update_sections(plein, agreement, {
        s.key: f"{s.title}: zo spreken de partijen het af. " * 12 for s in agreement.sections},
        by=lead, expected_version=agreement.version_id)
    version = None
    for number in range(1, size.versions + 1):
        for party in agreement.parties:
            agreements.set_commitment(
                plein, agreement, party, by=lead, expected_version=agreement.version_id,
                hours=str(rng.randint(1, 16) + number), hours_period="week",
                money=str(rng.choice([0, 0, 250, 1500])), money_explanation="inrichting",
                knowledge="Spreekuur en warme doorverwijzing", means="Een werkplek",
                tasks=f"Spreekuur op het plein, versie {number}.")
        version = agreements.publish(plein, agreement, by=lead)
        last = number == size.versions
        for n, party in enumerate(agreement.parties):
            if last and party.partner_id is not None and (n == 1 or rng.random() < 0.2):
                continue  # still to answer (the first partner always: the bench signs)
            if party.partner_id is None:
                user, roles = lead, frozenset({"lead"})
            else:
                user, roles = members[party.partner_id], frozenset({"partner"})
            if rng.random() < 0.1:
                agreements.decline(plein, agreement, version, party.partner_id, user=user,
                                   roles=roles, reason="Het aantal uren past ons niet.")
            else:
                agreements.sign(plein, agreement, version, party.partner_id, user=user,
                                roles=roles, function="coördinator",
                                has_read=True)
    answered = agreements.answers_on(version)
    pending = next(p for p in agreement.parties
                   if p.partner_id is not None and p.partner_id not in answered)
    partner = next(p for p in partners if p.id == pending.partner_id)
    return members[partner.id], partner, version.number


ACTIONS = [("item.status", "Status van '{}' naar Gereed"), ("item.update", "Actiepunt '{}' "
           "bijgewerkt"), ("score.set", "{} op 'Passendheid': 2 (redelijk)"),
           ("partner.update", "Gegevens van {} bijgewerkt"),
           ("agreement.commitment", "Inbreng van {} gewijzigd")]


def _audit_history(plein, users, rng, size):
    """Top the plein's logboek up to ``size.audit_events`` with a year of history."""
    from sqlalchemy import func

    from plein.audit import AuditEvent
    from plein.extensions import db
    from plein.timeutil import utcnow

    db.session.flush()
    have = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.plein_id == plein.id))
    now = utcnow()
    rows = []
    for _ in range(max(0, size.audit_events - have)):
        action, text = rng.choice(ACTIONS)
        rows.append({"plein_id": plein.id, "user_id": rng.choice(list(users.values())).id,
                     "action": action, "object_type": None, "object_id": None,
                     "summary": text.format(rng.choice(ORGS)),
                     "created_at": now - timedelta(minutes=rng.randint(60, 525_600))})
    if rows:
        db.session.execute(insert(AuditEvent), rows)


# -- command line -----------------------------------------------------------------------

def build(url, count, size=REALISTIC, *, seed=8, quiet=False):
    """Create a migrated database at ``url`` and seed ``count`` pleinen into it."""
    from flask_migrate import upgrade

    from plein import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-seed"})
    with app.app_context():
        upgrade()
        started = time.monotonic()

        def progress(done, total):
            if not quiet:
                print(f"  plein {done}/{total} ({time.monotonic() - started:.0f} s)",
                      file=sys.stderr)

        return seed_installation(count, size, seed=seed, progress=progress)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of an empty database")
    parser.add_argument("--pleinen", type=int, default=1)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="small pleinen (tests)")
    parser.add_argument("--scale", type=int, default=1,
                        help="lists (partners, items, parties, logboek) this many times as "
                             "long, up to a plein's upper bounds (10: the 10x data)")
    args = parser.parse_args(argv)
    size = scaled(SMALL if args.small else REALISTIC, args.scale)
    seeded = build(args.database, args.pleinen, size, seed=args.seed)
    print(seeded[0])


__all__ = ["REALISTIC", "SMALL", "Seeded", "Size", "build", "replace", "scaled",
           "seed_installation", "seed_plein"]

if __name__ == "__main__":
    main()
