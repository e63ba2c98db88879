"""Samenwerkingscontract: draft, publish, supersede, sign, decline, verify, diff."""

from decimal import Decimal

import pytest
from sqlalchemy import select, text

from plein.accounts.models import Plein, User
from plein.agreements import compare, integrity, service
from plein.agreements.models import AgreementVersion, Immutable, Signature
from plein.assessment import service as assessment
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.numbers import parse_amount
from plein.partners.models import Partner
from tests.conftest import append_only_lifted
from tests.worlds import fill_placeholders

LEAD = frozenset({"lead"})
PARTNER = frozenset({"partner"})


@pytest.fixture
def contract(ctx, world):
    """Plein A's agreement with Welzijn (decided ja) and Schuldhulp (confirmed) as parties."""
    plein = db.session.get(Plein, world.plein)
    lead = db.session.get(User, world.lead_id)
    welzijn = db.session.get(Partner, world.welzijn)
    schuld = db.session.get(Partner, world.schuld)
    assessment.decide(plein, welzijn, "yes", "past goed", by=lead)
    agreement = service.start(plein, by=lead)
    service.add_party(plein, agreement, welzijn, by=lead)
    service.add_party(plein, agreement, schuld, by=lead, confirmed=True)
    fill_placeholders(plein, agreement, lead)
    db.session.commit()
    return plein, lead, agreement


def _users(world):
    return (db.session.get(User, world.partner_id), db.session.get(User, world.partner2_id))


def _commit_hours(plein, agreement, party, hours, period="week", money="0", explanation=""):
    service.set_commitment(plein, agreement, party, by=None, expected_version=agreement.version_id,
                           hours=hours, hours_period=period, money=money,
                           money_explanation=explanation, knowledge="", means="", tasks="")


def test_start_uses_the_template_and_the_library_is_a_party(contract):
    plein, _lead, agreement = contract
    assert [s.key for s in agreement.sections][:3] == ["purpose", "governance", "tasks"]
    assert all(s.body for s in agreement.sections)
    assert agreement.parties[0].is_library
    assert service.start(plein, by=None) is agreement  # once per plein


def test_adding_a_partner_without_ja_needs_confirmation(ctx, world):
    plein = db.session.get(Plein, world.plein)
    lead = db.session.get(User, world.lead_id)
    agreement = service.start(plein, by=lead)
    schuld = db.session.get(Partner, world.schuld)
    with pytest.raises(service.NeedsConfirmation, match="geen ‘ja’"):
        service.add_party(plein, agreement, schuld, by=lead)
    service.add_party(plein, agreement, schuld, by=lead, confirmed=True)
    with pytest.raises(ServiceError, match="al partij"):
        service.add_party(plein, agreement, schuld, by=lead, confirmed=True)


def test_commitments_validate_and_total(contract):
    plein, _lead, agreement = contract
    library, welzijn, schuld = agreement.parties
    _commit_hours(plein, agreement, welzijn, "4", "week")
    _commit_hours(plein, agreement, schuld, "10", "month", "1.250,50", "drukwerk en koffie")
    totals = service.totals(agreement)
    assert totals.hours_per_month == Decimal("27.3")  # 4 * 52/12 + 10
    assert totals.money == Decimal("1250.50")
    for hours, money, message in (("-2", "0", "negatief"), ("200", "0", "onwaarschijnlijk"),
                                  ("veel", "0", "vul een getal in"),
                                  ("2", "50", "Licht het bedrag toe"),
                                  ("2", "99999999999", "onwaarschijnlijk")):
        with pytest.raises(ServiceError, match=message):
            _commit_hours(plein, agreement, welzijn, hours, "week", money)


def test_publish_freezes_the_draft_with_a_fingerprint(contract):
    plein, lead, agreement = contract
    version = service.publish(plein, agreement, by=lead)
    db.session.commit()
    assert version.number == 1
    assert version.sha256 == integrity.fingerprint(version.canonical)
    assert '"version":1' in version.canonical
    # editing afterwards changes the draft, never the version
    service.update_sections(plein, agreement, {"purpose": "Een nieuw doel."}, by=lead,
                            expected_version=agreement.version_id)
    db.session.commit()
    db.session.refresh(version)
    assert "Een nieuw doel." not in version.canonical
    assert service.has_unpublished_changes(plein, agreement)
    version.canonical = version.canonical.replace("Samen", "Alleen")
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()


def test_publishing_without_changes_or_with_an_empty_section_is_refused(contract):
    plein, lead, agreement = contract
    service.update_sections(plein, agreement, {"term": "  "}, by=lead,
                            expected_version=agreement.version_id)
    with pytest.raises(ServiceError, match="Looptijd en evaluatie"):
        service.publish(plein, agreement, by=lead)
    service.update_sections(plein, agreement, {"term": "Een jaar."}, by=lead,
                            expected_version=agreement.version_id)
    service.publish(plein, agreement, by=lead)
    with pytest.raises(ServiceError, match="niets nieuws"):
        service.publish(plein, agreement, by=lead)


def test_stale_draft_edit_is_refused(contract):
    plein, lead, agreement = contract
    old = agreement.version_id
    service.update_sections(plein, agreement, {"purpose": "eerste"}, by=lead,
                            expected_version=old)
    db.session.commit()
    with pytest.raises(service.StaleDraft):
        service.update_sections(plein, agreement, {"purpose": "tweede"}, by=lead,
                                expected_version=old)


def test_sign_decline_and_the_overview(contract, world):
    plein, lead, agreement = contract
    welzijn_user, schuld_user = _users(world)
    v1 = service.publish(plein, agreement, by=lead)
    signature = service.sign(plein, agreement, v1, world.welzijn, user=welzijn_user,
                             roles=PARTNER, function="coördinator",
                             has_read=True, ip="10.0.0.7", user_agent="Firefox")
    assert (signature.fingerprint, signature.ip_address) == (v1.sha256, "10.0.0.7")
    with pytest.raises(ServiceError, match="waarom"):
        service.decline(plein, agreement, v1, world.schuld, user=schuld_user, roles=PARTNER,
                        reason=" ")
    service.decline(plein, agreement, v1, world.schuld, user=schuld_user, roles=PARTNER,
                    reason="Uren zijn te hoog ingeschat")
    service.sign(plein, agreement, v1, None, user=lead, roles=LEAD,
                 function="projectleider", has_read=True)
    db.session.commit()
    statuses = {row.name: (row.status, row.signature.reason if row.signature else "")
                for row in service.overview(v1)}
    assert statuses == {"Bibliotheek Alfa": ("signed", ""), "Welzijn Alfa": ("signed", ""),
                        "Schuldhulp Alfa": ("declined", "Uren zijn te hoog ingeschat")}
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"agreement.publish", "agreement.sign", "agreement.decline"} <= set(actions)


def test_no_double_answers_no_answers_for_others(contract, world):
    plein, lead, agreement = contract
    welzijn_user, _ = _users(world)
    v1 = service.publish(plein, agreement, by=lead)
    kwargs = dict(user=welzijn_user, roles=PARTNER, function="f", has_read=True)
    with pytest.raises(ServiceError, match="eigen organisatie"):
        service.sign(plein, agreement, v1, world.schuld, **kwargs)
    with pytest.raises(ServiceError, match="eigen organisatie"):
        service.sign(plein, agreement, v1, None, **kwargs)  # the library is the lead's
    with pytest.raises(ServiceError, match="gelezen"):
        service.sign(plein, agreement, v1, world.welzijn, **{**kwargs, "has_read": False})
    service.sign(plein, agreement, v1, world.welzijn, **kwargs)
    with pytest.raises(ServiceError, match="al geantwoord"):
        service.sign(plein, agreement, v1, world.welzijn, **kwargs)
    db.session.commit()
    assert db.session.scalar(select(db.func.count(Signature.id))) == 1


def test_publishing_n_plus_1_supersedes_and_a_stale_form_is_refused(contract, world):
    plein, lead, agreement = contract
    welzijn_user, _ = _users(world)
    v1 = service.publish(plein, agreement, by=lead)
    service.sign(plein, agreement, v1, world.welzijn, user=welzijn_user, roles=PARTNER,
                 function="f", has_read=True)
    service.update_sections(plein, agreement, {"term": "Twee jaar."}, by=lead,
                            expected_version=agreement.version_id)
    v2 = service.publish(plein, agreement, by=lead)
    db.session.commit()
    old = db.session.scalar(select(Signature))
    assert (old.status, old.version_id, old.fingerprint) == ("superseded", v1.id, v1.sha256)
    with pytest.raises(service.StaleVersion, match="versie 2") as refused:
        service.sign(plein, agreement, v1, world.welzijn, user=welzijn_user, roles=PARTNER,
                     function="f", has_read=True)
    assert refused.value.current.id == v2.id
    assert {row.status for row in service.overview(v2)} == {"pending"}
    # the signature itself cannot be moved to the new version
    old.version_id = v2.id
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()


def test_verify_detects_a_row_altered_directly_in_the_database(contract, world, app):
    plein, lead, agreement = contract
    v1 = service.publish(plein, agreement, by=lead)
    db.session.commit()
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["plein", "verify-agreements"])
    assert ok.exit_code == 0 and "kloppen" in ok.output
    # behind the app's back, as the database's owner could (the triggers stop anyone else)
    with db.engine.begin() as conn, append_only_lifted(conn):
        conn.execute(text("UPDATE agreement_versions SET canonical = :c WHERE id = :i"),
                     {"c": v1.canonical.replace("Samen", "Alleen"), "i": v1.id})
    assert integrity.verify_all()
    bad = runner.invoke(args=["plein", "verify-agreements"])
    assert bad.exit_code == 1
    assert "versie 1" in bad.output and "vingerafdruk" in bad.output


def test_diff_shows_a_changed_commitment(contract):
    """Issue 13 pt 11: amounts in Dutch notation, changes marked inside the line."""
    plein, lead, agreement = contract
    welzijn_party = agreement.parties[1]
    _commit_hours(plein, agreement, welzijn_party, "4", "week")
    v1 = service.publish(plein, agreement, by=lead)
    _commit_hours(plein, agreement, welzijn_party, "6,5", "week", money="2.500",
                  explanation="laptops")
    v2 = service.publish(plein, agreement, by=lead)
    sections = {d.title: d for d in compare.diff(v1, v2)}
    parties = sections["Partijen en inbreng"]
    assert parties.changed
    changed = [line for line in parties.lines if line.kind == "~"]
    assert len(changed) == 1  # one line, changed within: not a removed and an added line
    assert ("-", "4") in changed[0].parts and ("+", "6,5") in changed[0].parts
    assert changed[0].text == "Welzijn Alfa: 6,5 uur per week, €\xa02.500,00 (laptops)"
    assert ("-", "0,00") in changed[0].parts
    assert not sections["Doel en gedeelde ambitie"].changed


def test_versions_and_signatures_are_never_deleted(contract):
    plein, lead, agreement = contract
    v1 = service.publish(plein, agreement, by=lead)
    db.session.commit()
    db.session.delete(db.session.get(AgreementVersion, v1.id))
    with pytest.raises(Immutable):
        db.session.flush()
    db.session.rollback()


# -- regressions found in review ----------------------------------------------------

def test_verify_detects_tampered_and_deleted_signatures(contract, world):
    plein, lead, agreement = contract
    welzijn_user, schuld_user = _users(world)
    v1 = service.publish(plein, agreement, by=lead)
    signed = service.sign(plein, agreement, v1, world.welzijn, user=welzijn_user,
                          roles=PARTNER, function="coördinator", has_read=True)
    declined = service.decline(plein, agreement, v1, world.schuld, user=schuld_user,
                               roles=PARTNER, reason="nee")
    db.session.commit()
    assert integrity.verify_all() == []
    for statement, params in (
            ("UPDATE signatures SET signer_name = 'Iemand anders' WHERE id = :i",
             {"i": signed.id}),
            ("UPDATE signatures SET status = 'signed', answer = 'signed' WHERE id = :i",
             {"i": declined.id}),
            ("DELETE FROM signatures WHERE id = :i", {"i": signed.id})):
        with db.engine.begin() as conn, append_only_lifted(conn):
            conn.execute(text(statement), params)
        assert integrity.verify_all(), statement


def test_a_version_and_its_hash_rewritten_together_breaks_the_chain(contract):
    plein, lead, agreement = contract
    v1 = service.publish(plein, agreement, by=lead)
    service.update_sections(plein, agreement, {"term": "Twee jaar."}, by=lead,
                            expected_version=agreement.version_id)
    service.publish(plein, agreement, by=lead)
    db.session.commit()
    forged = v1.canonical.replace("Samen", "Alleen")
    with db.engine.begin() as conn, append_only_lifted(conn):
        conn.execute(text("UPDATE agreement_versions SET canonical = :c, sha256 = :h "
                          "WHERE id = :i"), {"c": forged, "h": integrity.fingerprint(forged),
                                             "i": v1.id})
    problems = integrity.verify_all()
    assert any("vorige versie" in p for p in problems)


def test_publish_refuses_a_draft_changed_after_the_page_was_opened(contract):
    plein, lead, agreement = contract
    seen = agreement.version_id
    service.update_sections(plein, agreement, {"purpose": "door team gewijzigd"}, by=lead,
                            expected_version=seen)
    db.session.commit()
    with pytest.raises(service.StaleDraft):
        service.publish(plein, agreement, by=lead, expected_version=seen)


@pytest.mark.parametrize("raw, expected", [
    ("2.500", Decimal("2500")), ("1.250,50", Decimal("1250.50")), ("1250,5", Decimal("1250.50")),
    ("2.5", Decimal("2.50")), ("12", Decimal("12")), ("€ 40", Decimal("40")),
])
def test_dutch_amounts_are_read_as_written(raw, expected):
    assert parse_amount(raw, "Bedrag", Decimal("1000000")) == expected


@pytest.mark.parametrize("raw", ["1,250.50", "1_0", "NaN", "Infinity", "1.2.3", "1e3", "abc"])
def test_ambiguous_amounts_are_refused(raw):
    with pytest.raises(ServiceError, match="vul een getal in"):
        parse_amount(raw, "Bedrag", Decimal("1000000"))
