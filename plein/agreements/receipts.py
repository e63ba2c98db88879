"""Receipts: what a signing party keeps outside the database.

A receipt is a small JSON file with the organisation, signer, function, time, the
version's fingerprint and the signature's seal, plus the exact data the seal covers.
``flask plein verify-agreements --receipt FILE`` checks that the receipt was sealed with
this installation's key and that the database still holds that signature, unchanged,
on a version with that fingerprint. A database rolled back to before the signing (or
a signature deleted from it) shows against the receipt even when the log was wiped too.
"""

import json

from sqlalchemy import select

from plein import seal as sealing
from plein.agreements import integrity
from plein.agreements.models import AgreementVersion, Signature, SignatureStatus
from plein.agreements.publishing import version_content
from plein.extensions import db

KIND = "Ontvangstbewijs samenwerkingscontract (plein)"
ACCESSION_KIND = "Ontvangstbewijs toetreding tot het samenwerkingscontract (plein)"
ANSWERS = {SignatureStatus.SIGNED: "getekend", SignatureStatus.DECLINED: "niet getekend"}


def party_of(signature):
    return next((p["party"] for p in version_content(signature.version)["parties"]
                 if p["partner_id"] == signature.partner_id), "")


def receipt_for(plein, signature):
    """The receipt of ``signature`` as plain data (what the download holds)."""
    return {
        "soort": KIND,
        "uitleg": "Bewaar dit bestand. De beheerder van plein controleert ermee of deze "
                  "handtekening nog precies zo in plein staat: flask plein "
                  "verify-agreements --receipt BESTAND",
        "plein": plein.name,
        "organisatie": party_of(signature),
        "ondertekenaar": signature.signer_name,
        "account": signature.user.email,
        "functie": signature.signer_function,
        "antwoord": ANSWERS[signature.answer],
        "tijd": integrity.signature_data(signature)["at"] + "Z",
        "versie": signature.version.number,
        "vingerafdruk": signature.fingerprint,
        "handtekening": signature.id,
        "gegevens": integrity.signature_data(signature),
        "zegel": signature.seal,
        "sleutel": signature.seal_key,
    }


def receipt_text(receipt):
    return json.dumps(receipt, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def accession_receipt_for(plein, reply):
    """The receipt of the joining party's answer to its toetreding (``reply``: an
    AccessionAnswer); the same fields as a version's, plus the toetreding's number."""
    from plein.agreements.addenda import answer_data

    accession, data = reply.accession, answer_data(reply)
    return {
        "soort": ACCESSION_KIND,
        "uitleg": "Bewaar dit bestand. De beheerder van plein controleert ermee of deze "
                  "handtekening onder de toetreding nog precies zo in plein staat: flask "
                  "plein verify-agreements --receipt BESTAND",
        "plein": plein.name,
        "organisatie": accession.partner.name,
        "ondertekenaar": reply.signer_name,
        "account": reply.user.email,
        "functie": reply.signer_function,
        "antwoord": ANSWERS[reply.answer],
        "tijd": data["at"] + "Z",
        "toetreding": accession.number,
        "versie": accession.version.number,
        "vingerafdruk": reply.fingerprint,
        "handtekening": reply.id,
        "gegevens": data,
        "zegel": reply.seal,
        "sleutel": reply.seal_key,
    }


def check_receipt(text):
    """Dutch problem lines for a receipt of a version's signature or of a toetreding's
    (empty: it matches the database)."""
    try:
        receipt = json.loads(text)
        data, value, key_name = receipt["gegevens"], receipt["zegel"], receipt["sleutel"]
        if not isinstance(data, dict):
            raise TypeError
        if "accession" in data and type(data["accession"]) is not int:
            raise TypeError
        if "accession" not in data:
            version_id, party = data["version_id"], data["party"]
    except (ValueError, KeyError, TypeError):
        return ["Dit is geen ontvangstbewijs van plein (het bestand is onleesbaar of "
                "onvolledig)."]
    problems = _receipt_itself(receipt, data, value, key_name)
    if "accession" in data:
        return problems + _check_accession(data, value, key_name)
    signature = db.session.scalar(select(Signature).where(
        Signature.version_id == version_id, Signature.partner_key == party)
        .execution_options(populate_existing=True))
    if signature is None:
        return problems + ["Deze handtekening staat niet (meer) in de database: ze is "
                           "verwijderd, of de database is teruggezet naar een eerdere stand."]
    problems += _stored_answer(integrity.signature_data(signature), signature, data, value,
                               key_name)
    version = db.session.get(AgreementVersion, version_id, populate_existing=True)
    if not _fingerprint_kept(version, data):
        problems.append("De versie waarop getekend is, heeft niet meer de vingerafdruk van "
                        "het ontvangstbewijs.")
    return problems


def _stored_answer(stored, row, data, value, key_name):
    """Problems of the stored signature (or toetreding answer) ``row``, whose sealed data
    is ``stored``, against the receipt's data and seal ``value``."""
    problems = []
    changed = sorted(k for k in set(stored) | set(data) if stored.get(k) != data.get(k))
    if changed:
        problems.append("De handtekening in de database verschilt van het ontvangstbewijs: "
                        + ", ".join(changed) + ".")
    if key_name == row.seal_key and value != row.seal:
        problems.append("Het zegel in de database verschilt van dat op het ontvangstbewijs.")
    if sealing.check(stored, row.seal, row.seal_key) != sealing.VALID:
        problems.append("Het zegel van de handtekening in de database klopt niet.")
    return problems


def _fingerprint_kept(document, data):
    """The signed document (a version or a toetreding) still has the receipt's
    fingerprint, and its text still gives that fingerprint."""
    return (document is not None and document.sha256 == data.get("fingerprint")
            and sealing.fingerprint(document.canonical) == document.sha256)


def _receipt_itself(receipt, data, value, key_name):
    """Problems of the receipt on its own: its seal over its data, its shown fields."""
    problems = []
    outcome = sealing.check(data, value, key_name)
    if outcome == sealing.CHANGED:
        problems.append("Het ontvangstbewijs zelf is veranderd: het zegel past niet bij de "
                        "gegevens erin.")
    elif outcome == sealing.OTHER_KEY:
        problems.append(f"Het ontvangstbewijs is verzegeld met een andere sleutel ({key_name});"
                        " het komt van een andere installatie of van voor een sleutelwissel."
                        " De gegevens zijn hieronder toch met de database vergeleken.")
    elif outcome == sealing.UNKEYED:
        problems.append("Het ontvangstbewijs heeft geen zegel.")
    shown = {"ondertekenaar": data.get("name"), "functie": data.get("function"),
             "vingerafdruk": data.get("fingerprint")}
    for field, expected in shown.items():
        if receipt.get(field) != expected:
            problems.append(f"Het veld '{field}' van het ontvangstbewijs is veranderd.")
    return problems


def _check_accession(data, value, key_name):
    """A toetreding's receipt against the answer and the addendum in the database."""
    from plein.agreements.addenda import answer_data
    from plein.agreements.models import Accession, AccessionAnswer

    reply = db.session.scalar(select(AccessionAnswer).where(
        AccessionAnswer.accession_id == data.get("accession"))
        .execution_options(populate_existing=True))
    if reply is None:
        return ["Deze handtekening onder de toetreding staat niet (meer) in de database: ze "
                "is verwijderd, of de database is teruggezet naar een eerdere stand."]
    problems = _stored_answer(answer_data(reply), reply, data, value, key_name)
    accession = db.session.get(Accession, reply.accession_id, populate_existing=True)
    if not _fingerprint_kept(accession, data):
        problems.append("De toetreding waaronder getekend is, heeft niet meer de "
                        "vingerafdruk van het ontvangstbewijs.")
    return problems
