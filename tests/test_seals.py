"""Issue 14 pt 4: keyed seals, receipts and append-only rows. Each tampering below is
done the way someone who can write the database (but lacks PLEIN_SEAL_KEY) would:
recomputing every SHA-256 and the old unkeyed seals. Runs on SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from plein import seal as sealing
from plein.accounts.models import Plein, User
from plein.agreements import integrity, receipts, service
from plein.agreements.models import AgreementVersion, Signature
from plein.audit import AuditEvent
from plein.extensions import db
from plein.partners.models import Partner
from tests.conftest import append_only_lifted
from tests.worlds import fill_placeholders

PARTNER = frozenset({"partner"})


@pytest.fixture
def signed(ctx, world):
    """Plein A's contract: version 1 signed by Welzijn (then superseded), version 2
    signed by Welzijn and declined by Schuldhulp."""
    plein = db.session.get(Plein, world.plein)
    lead = db.session.get(User, world.lead_id)
    welzijn_user = db.session.get(User, world.partner_id)
    schuld_user = db.session.get(User, world.partner2_id)
    agreement = service.start(plein, by=lead)
    party = service.add_party(plein, agreement, db.session.get(Partner, world.welzijn),
                              by=lead, confirmed=True)
    service.add_party(plein, agreement, db.session.get(Partner, world.schuld), by=lead,
                      confirmed=True)
    fill_placeholders(plein, agreement, lead)
    v1 = service.publish(plein, agreement, by=lead)
    first = service.sign(plein, agreement, v1, world.welzijn, user=welzijn_user,
                         roles=PARTNER, function="coördinator", has_read=True)
    service.set_commitment(plein, agreement, party, by=lead,
                           expected_version=agreement.version_id, hours="6",
                           hours_period="week", money="2500", money_explanation="laptops",
                           knowledge="", means="", tasks="")
    v2 = service.publish(plein, agreement, by=lead)
    second = service.sign(plein, agreement, v2, world.welzijn, user=welzijn_user,
                          roles=PARTNER, function="coördinator", has_read=True)
    declined = service.decline(plein, agreement, v2, world.schuld, user=schuld_user,
                               roles=PARTNER, reason="Te veel uren")
    db.session.commit()
    assert integrity.verify_all() == []
    return {"agreement": agreement.id, "v1": v1.id, "v2": v2.id, "first": first.id,
            "second": second.id, "declined": declined.id}


def owner_sql(*statements):
    """Run statements as the database's owner would: past the append-only triggers."""
    with db.engine.begin() as conn, append_only_lifted(conn):
        for statement, params in statements:
            conn.execute(text(statement), params)
    db.session.expire_all()


def rewrite_version(version_id, change):
    """Change a version's content and recompute its SHA-256 (and every later version's
    'previous' link and SHA-256), as the attack in the issue does."""
    versions = db.session.scalars(select(AgreementVersion).order_by(AgreementVersion.number))
    previous_sha, statements = None, []
    for version in versions:
        content = json.loads(version.canonical)
        if version.id == version_id:
            change(content)
        if previous_sha is not None:
            content["previous"] = previous_sha
        canonical = sealing.canonical(content)
        previous_sha = sealing.fingerprint(canonical)
        statements.append(("UPDATE agreement_versions SET canonical = :c, sha256 = :h "
                           "WHERE id = :i", {"c": canonical, "h": previous_sha,
                                             "i": version.id}))
        statements.append(("UPDATE signatures SET fingerprint = :h WHERE version_id = :i",
                           {"h": previous_sha, "i": version.id}))
    owner_sql(*statements)
    # and the old unkeyed signature seals, which anyone could recompute
    owner_sql(*[("UPDATE signatures SET seal = :s WHERE id = :i",
                 {"s": integrity.legacy_seal(s), "i": s.id})
                for s in db.session.scalars(select(Signature))])


def problems():
    found = integrity.verify_all()
    assert found, "verify did not notice"
    return " ".join(found)


def test_changed_text_with_recomputed_hashes_is_detected(signed):
    rewrite_version(signed["v1"], lambda c: c["sections"][0].update(body="Alleen wij."))
    assert "versie 1: de gegevens passen niet bij het zegel" in problems()


def test_changed_commitments_are_detected(signed):
    def more_money(content):
        content["parties"][1].update(hours="60.00", money="99999.00")

    rewrite_version(signed["v2"], more_money)
    assert "versie 2: de gegevens passen niet bij het zegel" in problems()


def test_changed_party_list_is_detected(signed):
    rewrite_version(signed["v2"], lambda c: c["parties"].pop())
    assert "versie 2: de gegevens passen niet bij het zegel" in problems()


def test_deleting_the_newest_version_is_detected(signed):
    # the full cover-up: version 2 and its answers gone, version 1's signature active
    owner_sql(("DELETE FROM signatures WHERE version_id = :v", {"v": signed["v2"]}),
              ("DELETE FROM agreement_versions WHERE id = :v", {"v": signed["v2"]}),
              ("UPDATE signatures SET status = 'signed', superseded_at = NULL "
               "WHERE id = :i", {"i": signed["first"]}),
              ("DELETE FROM audit_events WHERE action IN ('agreement.publish', "
               "'agreement.sign', 'agreement.decline')", {}))
    assert "versie 1 is volgens het zegel niet de nieuwste versie" in problems()


def test_reordered_versions_are_detected(signed):
    owner_sql(("UPDATE agreement_versions SET number = 3 WHERE id = :i", {"i": signed["v1"]}),
              ("UPDATE agreement_versions SET number = 1 WHERE id = :i", {"i": signed["v2"]}),
              ("UPDATE agreement_versions SET number = 2 WHERE id = :i", {"i": signed["v1"]}))
    found = problems()
    assert "zegel" in found and "vorige versie klopt niet" in found


def test_a_deleted_signature_is_detected(signed):
    owner_sql(("DELETE FROM signatures WHERE id = :i", {"i": signed["declined"]}))
    assert f"Handtekening {signed['declined']} staat in het logboek" in problems()


@pytest.mark.parametrize("statement, expected", [
    ("UPDATE signatures SET status = 'signed', answer = 'signed' WHERE id = :declined",
     "de gegevens passen niet bij het zegel"),
    ("UPDATE signatures SET status = 'signed' WHERE id = :declined", "past niet bij het"),
    ("UPDATE signatures SET status = 'signed', superseded_at = NULL WHERE id = :first",
     "niet op vervangen"),
    ("UPDATE signatures SET signer_name = 'Iemand anders' WHERE id = :second",
     "de gegevens passen niet bij het zegel"),
])
def test_a_changed_answer_or_status_is_detected(signed, statement, expected):
    owner_sql((statement, signed))
    assert expected in problems()


def test_a_seal_made_with_another_key_is_detected(signed):
    version = db.session.get(AgreementVersion, signed["v2"])
    forged = sealing.make(integrity.version_data(version), key="een-andere-sleutel-" * 3)
    owner_sql(("UPDATE agreement_versions SET seal = :s, seal_key = :k WHERE id = :i",
               {"s": forged.value, "k": forged.key, "i": version.id}))
    assert f"versie 2: verzegeld met een andere sleutel (sleutel {forged.key}" in problems()


def test_the_cli_reports_tampering_and_exits_1(signed, app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["plein", "verify-agreements"])
    assert ok.exit_code == 0 and "met geldige zegels" in ok.output
    rewrite_version(signed["v2"], lambda c: c["parties"][1].update(money="1.00"))
    bad = runner.invoke(args=["plein", "verify-agreements"])
    assert bad.exit_code == 1 and "zegel" in bad.output


# -- receipts -----------------------------------------------------------------------

def receipt_file(tmp_path, signature_id, change=None):
    signature = db.session.get(Signature, signature_id)
    plein = db.session.scalars(select(Plein).order_by(Plein.id)).first()
    data = receipts.receipt_for(plein, signature)
    if change:
        change(data)
    path = tmp_path / "bewijs.json"
    path.write_text(receipts.receipt_text(data), encoding="utf-8")
    return str(path)


def test_a_receipt_checks_out_and_shows_a_wiped_signature(signed, app, tmp_path):
    runner = app.test_cli_runner()
    path = receipt_file(tmp_path, signed["second"])
    ok = runner.invoke(args=["plein", "verify-agreements", "--receipt", path])
    assert ok.exit_code == 0, ok.output
    assert "Het ontvangstbewijs klopt" in ok.output
    # the signature and every trace of it in the log removed: only the receipt knows
    owner_sql(("DELETE FROM signatures WHERE id = :i", {"i": signed["second"]}),
              ("DELETE FROM audit_events WHERE object_type = 'Signature'", {}))
    bad = runner.invoke(args=["plein", "verify-agreements", "--receipt", path])
    assert bad.exit_code == 1
    assert "staat niet (meer) in de database" in bad.output


def test_a_changed_receipt_or_a_changed_database_row_is_named(signed, tmp_path):
    forged = receipt_file(tmp_path, signed["second"],
                          lambda r: r["gegevens"].update(function="directeur"))
    assert "Het ontvangstbewijs zelf is veranderd" in " ".join(
        receipts.check_receipt(Path(forged).read_text(encoding="utf-8")))
    genuine = Path(receipt_file(tmp_path, signed["second"])).read_text(encoding="utf-8")
    owner_sql(("UPDATE signatures SET signer_function = 'stagiair' WHERE id = :i",
               {"i": signed["second"]}))
    found = " ".join(receipts.check_receipt(genuine))
    assert "verschilt van het ontvangstbewijs: function" in found
    assert receipts.check_receipt("geen json") == [
        "Dit is geen ontvangstbewijs van plein (het bestand is onleesbaar of onvolledig)."]


# -- append-only in the database itself ---------------------------------------------

@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET summary = 'weg'",
    "DELETE FROM audit_events",
    "DELETE FROM agreement_versions",
    "UPDATE agreement_versions SET canonical = 'x'",
    "DELETE FROM signatures",
    "UPDATE signatures SET status = 'signed', superseded_at = NULL WHERE id = :first",
    "UPDATE signatures SET signer_name = 'x' WHERE id = :second",
    "UPDATE signatures SET superseded_at = CURRENT_TIMESTAMP WHERE status = 'superseded'",
])
def test_the_database_refuses_updates_and_deletes(signed, statement):
    before = db.session.scalar(select(db.func.count(AuditEvent.id)))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text(statement), {k: v for k, v in signed.items() if f":{k}" in statement})
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == before
    assert integrity.verify_all() == []


def test_the_database_allows_superseding_and_sealing_again(signed):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE signatures SET seal = seal, seal_key = seal_key"))
        conn.execute(text("UPDATE agreement_versions SET seal = seal"))
        conn.execute(text("INSERT INTO audit_events (action, summary, created_at) "
                          "VALUES ('x', 'erbij mag', CURRENT_TIMESTAMP)"))


# -- data of the previous release, and rotating the key ------------------------------

def make_unkeyed(signed):
    """What a database of the release before keyed seals holds."""
    owner_sql(("UPDATE agreement_versions SET seal = '', seal_key = ''", {}),
              ("UPDATE agreements SET head_seal = '', head_key = ''", {}))
    owner_sql(*[("UPDATE signatures SET seal = :s, seal_key = '' WHERE id = :i",
                 {"s": integrity.legacy_seal(s), "i": s.id})
                for s in db.session.scalars(select(Signature))])


def test_unkeyed_data_is_reported_and_sealed_by_the_command(signed, app):
    make_unkeyed(signed)
    runner = app.test_cli_runner()
    report = runner.invoke(args=["plein", "verify-agreements"])
    assert report.exit_code == 1
    assert "nog verzegeld zonder sleutel" in report.output
    assert "flask plein seal-agreements" in report.output
    sealed = runner.invoke(args=["plein", "seal-agreements"])
    assert sealed.exit_code == 0, sealed.output
    assert runner.invoke(args=["plein", "verify-agreements"]).exit_code == 0


def test_unkeyed_data_that_was_tampered_with_is_not_sealed(signed, app):
    make_unkeyed(signed)
    owner_sql(("UPDATE signatures SET reason = 'Akkoord' WHERE id = :i",
               {"i": signed["declined"]}))
    refused = app.test_cli_runner().invoke(args=["plein", "seal-agreements"])
    assert refused.exit_code == 1
    assert "er is niets opnieuw verzegeld" in refused.output
    assert "na het tekenen veranderd" in refused.output


def test_rotating_the_key(signed, app, tmp_path):
    old_key = app.config["SEAL_KEY"]
    (tmp_path / "oud").write_text(old_key)
    app.config["SEAL_KEY"] = "een-nieuwe-zegelsleutel-van-voldoende-lengte-123"
    try:
        runner = app.test_cli_runner()
        assert "andere sleutel" in " ".join(integrity.verify_all())
        assert runner.invoke(args=["plein", "seal-agreements"]).exit_code == 1
        done = runner.invoke(args=["plein", "seal-agreements", "--old-key-file",
                                   str(tmp_path / "oud")])
        assert done.exit_code == 0, done.output
        assert integrity.verify_all() == []
    finally:
        app.config["SEAL_KEY"] = old_key
