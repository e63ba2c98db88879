"""The demo's outbox: with no mail server configured, Beheer > Berichten shows an
example of every kind of message. Most come from the demo's own story (a published
contract, a toetreding signed by the joining partner, a plan under review); this adds
the kinds the story does not cause."""

from datetime import date, timedelta
from types import SimpleNamespace

from plein.accounts import service as accounts
from plein.agreements import life_notices
from plein.agreements import notices as contract
from plein.agreements import service as agreements
from plein.mail import digests, outbox, preferences
from plein.mail.models import Choice, Kind
from plein.roadmap import notices as roadmap
from plein.roadmap import service as items
from plein.timeutil import local_today


def examples(plein, password):
    lead = accounts.user_by_email("lead@lindeburg.example")
    team = accounts.user_by_email("team@lindeburg.example")
    today = local_today()
    accounts.create_invitation(plein, "nieuw.teamlid@lindeburg.example", "team", by=lead)
    accounts.change_password(team, password, password)  # the security mail
    item = next(i for i in items.items_of(plein) if not i.is_closed and i.owner_id is None)
    items.update_item(plein, item, by=lead, expected_version=item.version_id,
                      title=item.title, evidence=item.evidence, owner_id=team.id,
                      due_date=today + timedelta(days=5))
    roadmap.weekly_items(today + timedelta(days=(7 - today.weekday()) % 7))
    contract.remind(today + timedelta(days=8))
    # A decline, held for the projectleider's daily overview: the story has none (every
    # party signed the first version), so this one is an example only.
    preferences.set_choices(lead, {Kind.DECLINED: Choice.DAILY}, by=lead)
    version = agreements.agreement_of(plein).versions[-1]
    outbox.queue(Kind.DECLINED, lead, "demo:declined", plein=plein,
                 subject="voorbeeld: een partij tekent het contract niet",
                 template="mail/declined", link=outbox.absolute(
                     "agreements.version", plein_id=plein.id, number=version.number),
                 version=version, party="Schuldhulp Lindeburg",
                 signature=SimpleNamespace(signer_name="Fatma Yilmaz", reason=(
                     "Wij kunnen de vier uur per week pas na de zomer leveren.")))
    life_notices.dates_due(today)  # the evaluation, 45 days away: the 60-day reminder
    # An opzegging, as an example only (in the story every party stays): the story's
    # toetreding gives the signing request, its answer and the others' notice.
    outbox.queue(Kind.WITHDRAWN, lead, "demo:withdrawn", plein=plein,
                 subject="voorbeeld: een partij zegt het samenwerkingscontract op",
                 template="mail/withdrawn", link=outbox.absolute(
                     "agreements.version", plein_id=plein.id, number=version.number),
                 party="Schuldhulp Lindeburg", withdrawal=SimpleNamespace(
                     leaves_on=date(today.year + 1, 1, 1),
                     reason="Onze subsidie voor het spreekuur stopt aan het eind van het jaar."))
    digests.bundle(today)
