"""The contract's life in messages: the reminders before its evaluation and end dates,
a new partner joining by a toetreding (asked to sign, the others informed) and a party
leaving (opzegging). Written into the outbox in the caller's transaction
(plein.mail.outbox); who hears of what is decided here."""

from sqlalchemy import select

from plein.accounts.models import Plein, Role
from plein.agreements import addenda, terms
from plein.agreements.models import Accession, Agreement, SignatureStatus
from plein.agreements.publishing import current_version
from plein.extensions import db
from plein.mail import outbox, recipients
from plein.mail.models import Kind
from plein.timeutil import local_date


def _accession_link(plein, accession):
    return outbox.absolute("agreements.accession", plein_id=plein.id,
                           accession_number=accession.number)


def _others(plein, agreement, version, *left_out):
    """The users of every partner party to ``version`` now, except ``left_out``."""
    ids = addenda.parties_now(version, agreement) - {None, *left_out}
    return [user for partner_id in sorted(ids)
            for user in recipients.of_partner(plein, partner_id)]


# -- dates -------------------------------------------------------------------------------

def dates_due(today=None):
    """The reminders before an evaluation or end date that fell due (terms.remind
    hands each out once), each mailed to the plein's leads. Returns how many."""
    queued = 0
    for reminder in terms.remind(today):
        agreement = reminder.agreement
        plein = db.session.get(Plein, agreement.plein_id)
        link = outbox.absolute("agreements.terms_page", plein_id=plein.id)
        for lead in recipients.with_role(plein, Role.LEAD):
            made = outbox.queue(
                Kind.CONTRACT_DATE, lead,
                f"contract_date:{agreement.id}:{reminder.kind}:{reminder.due_on.isoformat()}:"
                f"{reminder.days_before}:{lead.id}",
                subject=reminder.text[:1].lower() + reminder.text[1:],
                template="mail/contract_date", link=link, plein=plein, reminder=reminder)
            queued += made is not None
    return queued


# -- joining -----------------------------------------------------------------------------

def accession_published(plein, accession):
    """A signing request to the joining organisation's own users, and to no one else."""
    link = _accession_link(plein, accession)
    for user in recipients.of_partner(plein, accession.partner_id):
        outbox.queue(Kind.ACCESSION, user, f"accession:{accession.id}:{user.id}",
                     subject=f"toetreding {accession.number} tot het samenwerkingscontract "
                             "wacht op je handtekening",
                     template="mail/accession", link=link, plein=plein,
                     accession=accession, party=accession.partner.name)


def accession_answered(plein, agreement, accession, reply):
    """The leads hear the answer (a decline with its reason). A signature also gives
    the new party's users their receipt, and informs the other parties' users that
    the new partner has joined (they sign nothing)."""
    link = _accession_link(plein, accession)
    party = accession.partner.name
    signed = reply.answer == SignatureStatus.SIGNED
    subject = (f"{party} heeft toetreding {accession.number} getekend" if signed
               else f"{party} tekent toetreding {accession.number} niet")
    for lead in recipients.with_role(plein, Role.LEAD):
        outbox.queue(Kind.ACCESSION_ANSWER, lead, f"accession_answer:{reply.id}:{lead.id}",
                     subject=subject,
                     template="mail/accession_answer", link=link, plein=plein,
                     accession=accession, reply=reply, party=party, signed=signed)
    if not signed:
        return
    receipt = _receipt(plein, accession, reply)
    for user in recipients.of_partner(plein, accession.partner_id):
        outbox.queue(Kind.ALL_SIGNED, user, f"accession_signed:{accession.id}:{user.id}",
                     subject=f"toetreding {accession.number} is getekend: {party} is partij "
                             "bij het samenwerkingscontract",
                     template="mail/accession_signed", link=link, plein=plein,
                     accession=accession, reply=reply, party=party, attachments=[receipt])
    for user in _others(plein, agreement, accession.version, accession.partner_id):
        outbox.queue(Kind.JOINED, user, f"joined:{accession.id}:{user.id}",
                     subject=f"{party} is toegetreden tot het samenwerkingscontract",
                     template="mail/joined", link=link, plein=plein, accession=accession,
                     reply=reply, party=party)


def _receipt(plein, accession, reply):
    from plein.agreements.receipts import accession_receipt_for, receipt_text

    return outbox.attachment(f"ontvangstbewijs-toetreding-{accession.number}.json",
                             "application/json",
                             receipt_text(accession_receipt_for(plein, reply)))


def remind_accessions(day):
    """Reminders to a joining party that has not answered its toetreding (to the
    current version): like the version's, after REMINDER_DAYS days, then weekly, at
    most REMINDER_MAX times, keyed by their number. Returns how many were queued."""
    from flask import current_app

    first, most = current_app.config["REMINDER_DAYS"], current_app.config["REMINDER_MAX"]
    queued = 0
    for accession in db.session.scalars(select(Accession).order_by(Accession.id)):
        if accession.answer is not None:
            continue
        agreement = db.session.get(Agreement, accession.agreement_id)
        current = current_version(agreement)
        waited = (day - local_date(accession.published_at)).days
        if current is None or current.id != accession.version_id or waited < first:
            continue
        number = min(most, (waited - first) // 7 + 1)
        plein = db.session.get(Plein, agreement.plein_id)
        for user in recipients.of_partner(plein, accession.partner_id):
            made = outbox.queue(
                Kind.REMINDER, user, f"remind_accession:{accession.id}:{number}:{user.id}",
                subject=f"herinnering: toetreding {accession.number} wacht nog op jullie "
                        "antwoord", template="mail/accession_reminder",
                link=_accession_link(plein, accession), plein=plein, accession=accession,
                party=accession.partner.name, number=number, waited=waited,
                last=number == most)
            queued += made is not None
    return queued


# -- leaving -----------------------------------------------------------------------------

def withdrawn(plein, agreement, row):
    """The leads and the other parties' users hear that a party leaves, from when and
    why; the leaving organisation's own users do not get this message."""
    link = outbox.absolute("agreements.version", plein_id=plein.id,
                           number=row.version.number)
    people = {u.id: u for u in recipients.with_role(plein, Role.LEAD)}
    people.update((u.id, u) for u in _others(plein, agreement, row.version, row.partner_id))
    for user in sorted(people.values(), key=lambda u: u.id):
        outbox.queue(Kind.WITHDRAWN, user, f"withdrawn:{row.id}:{user.id}",
                     subject=f"{row.partner.name} zegt het samenwerkingscontract op per "
                             f"{row.leaves_on:%d-%m-%Y}",
                     template="mail/withdrawn", link=link, plein=plein, withdrawal=row,
                     party=row.partner.name)
