"""The samenwerkingscontract's messages: who hears of a published version, a decline,
everyone's signature, and who is reminded. Written into the outbox in the caller's
transaction (plein.mail.outbox)."""

from plein.accounts.models import Role
from plein.agreements.models import SignatureStatus
from plein.agreements.publishing import current_version, version_content
from plein.mail import outbox, recipients
from plein.mail.models import Kind


def _version_link(plein, version):
    return outbox.absolute("agreements.version", plein_id=plein.id, number=version.number)


def partner_parties(version):
    """(partner id, party name) of every partner organisation that is party to it."""
    return [(p["partner_id"], p["party"]) for p in version_content(version)["parties"]
            if p["partner_id"] is not None]


def version_published(plein, version):
    """A signing request to the users of each partner party, each for its own
    organisation only."""
    link = _version_link(plein, version)
    for partner_id, party in partner_parties(version):
        for user in recipients.of_partner(plein, partner_id):
            outbox.queue(Kind.SIGNING, user, f"sign:{version.id}:{user.id}",
                         subject=f"versie {version.number} van het samenwerkingscontract "
                                 "wacht op je handtekening",
                         template="mail/signing", link=link, plein=plein, version=version,
                         party=party)


def answered(plein, version, signature):
    """After an answer: a decline goes to the projectleiders with the reason; the last
    signature tells every party's people, each with their own party's receipt."""
    from plein.agreements.signing import overview

    link = _version_link(plein, version)
    if signature.status == SignatureStatus.DECLINED:
        for lead in recipients.with_role(plein, Role.LEAD):
            outbox.queue(Kind.DECLINED, lead, f"declined:{signature.id}:{lead.id}",
                         subject=f"{_party(version, signature.partner_id)} tekent versie "
                                 f"{version.number} van het contract niet",
                         template="mail/declined", link=link, plein=plein, version=version,
                         signature=signature, party=_party(version, signature.partner_id))
        return
    rows = overview(version)
    if any(row.status != SignatureStatus.SIGNED for row in rows):
        return
    for row in rows:
        people = (recipients.with_role(plein, Role.LEAD) if row.partner_id is None
                  else recipients.of_partner(plein, row.partner_id))
        receipt = _receipt(plein, version, row.signature)
        for user in people:
            outbox.queue(Kind.ALL_SIGNED, user, f"all_signed:{version.id}:{user.id}",
                         subject=f"versie {version.number} van het samenwerkingscontract is "
                                 "door alle partijen getekend",
                         template="mail/all_signed", link=link, plein=plein, version=version,
                         parties=rows, party=row.name, attachments=[receipt])


def _party(version, partner_id):
    return next(p["party"] for p in version_content(version)["parties"]
                if p["partner_id"] == partner_id)


def _receipt(plein, version, signature):
    from plein.agreements.receipts import receipt_for, receipt_text

    name = "bibliotheek" if signature.partner_id is None else f"partij-{signature.partner_id}"
    return outbox.attachment(f"ontvangstbewijs-versie-{version.number}-{name}.json",
                             "application/json", receipt_text(receipt_for(plein, signature)))


def remind(day):
    """Reminders to partner parties that have not answered the current version: after
    REMINDER_DAYS days, then weekly, at most REMINDER_MAX times. Only the reminder that
    is due today is queued (keyed by its number), so a repeated run adds nothing."""
    from flask import current_app
    from sqlalchemy import select

    from plein.accounts.models import Plein
    from plein.agreements.models import Agreement
    from plein.agreements.signing import overview
    from plein.extensions import db
    from plein.timeutil import local_date

    first, most = current_app.config["REMINDER_DAYS"], current_app.config["REMINDER_MAX"]
    queued = 0
    for agreement in db.session.scalars(select(Agreement).order_by(Agreement.id)):
        version = current_version(agreement)
        if version is None:
            continue
        waited = (day - local_date(version.published_at)).days
        if waited < first:
            continue
        number = min(most, (waited - first) // 7 + 1)
        plein = db.session.get(Plein, agreement.plein_id)
        link = _version_link(plein, version)
        for row in overview(version):
            if row.partner_id is None or row.status != "pending":
                continue
            for user in recipients.of_partner(plein, row.partner_id):
                made = outbox.queue(
                    Kind.REMINDER, user,
                    f"remind:{version.id}:{row.partner_id}:{number}:{user.id}",
                    subject=f"herinnering: versie {version.number} van het contract wacht "
                            "nog op jullie antwoord", template="mail/reminder", link=link,
                    plein=plein, version=version, party=row.name, number=number,
                    waited=waited, last=number == most)
                queued += made is not None
    return queued
