"""Per kind of message: who receives it and who does not."""

import json
from base64 import b64decode
from datetime import date, timedelta

from sqlalchemy import select

from plein.accounts import service
from plein.agreements import service as agreements
from plein.agreements import signing
from plein.extensions import db
from plein.mail.models import Kind, OutboxMessage
from plein.roadmap import notices as roadmap_notices
from plein.roadmap import service as roadmap
from plein.timeutil import local_date
from tests.worlds import submit_plan


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).all()


def to(kind):
    return sorted(m.to_address for m in messages(kind))


def _contract(world):
    plein = world.model("plein")
    agreement = agreements.agreement_of(plein)
    return plein, agreement, agreement.versions[-1]


def _sign(world, partner_id, role):
    plein, agreement, version = _contract(world)
    return signing.sign(plein, agreement, version, partner_id, user=world.user(role),
                        roles=frozenset({role}), function="Directeur", has_read=True)


def test_a_decline_goes_to_the_lead_with_the_reason(ctx, contract_world):
    plein, agreement, version = _contract(contract_world)
    signing.decline(plein, agreement, version, contract_world.welzijn,
                    user=contract_world.user("partner"), roles=frozenset({"partner"}),
                    reason="Artikel 4 klopt niet voor ons.")
    db.session.commit()
    assert to(Kind.DECLINED) == ["lead@test.example"]
    [mail] = messages(Kind.DECLINED)
    assert "Artikel 4 klopt niet voor ons." in mail.body_text
    assert "Welzijn Alfa tekent versie 1" in mail.subject


def test_all_signed_tells_every_party_with_its_own_receipt(ctx, contract_world):
    _sign(contract_world, contract_world.welzijn, "partner")
    assert messages(Kind.ALL_SIGNED) == []  # the library has not signed yet
    _sign(contract_world, None, "lead")
    db.session.commit()
    # the parties' people: the lead for the library, Welzijn's user; not Schuldhulp's
    # (no party), not team or MT
    assert to(Kind.ALL_SIGNED) == ["lead@test.example", "partner@test.example"]
    for mail in messages(Kind.ALL_SIGNED):
        [attached] = json.loads(mail.attachments)
        receipt = json.loads(b64decode(attached["data"]))
        own = "Welzijn Alfa" if mail.to_address == "partner@test.example" else "Bibliotheek"
        assert receipt["organisatie"].startswith(own)
        assert receipt["vingerafdruk"] == _contract(contract_world)[2].sha256
        assert "Welzijn Alfa" in mail.body_text and "Directeur" in mail.body_text


def test_a_plan_for_review_goes_to_the_current_mt_members_only(ctx, world):
    plein, lead = world.model("plein"), world.user("lead")
    gone = service.create_user("oud-mt@test.example", "Oud MT-lid", "x" * 12)
    membership = service.add_membership(plein, gone, "mt")
    service.remove_membership(membership)
    other_mt = service.create_user("mt-b@test.example", "MT Beta", "x" * 12)
    service.add_membership(world.model("other"), other_mt, "mt")
    submit_plan(plein, lead)
    db.session.commit()
    assert to(Kind.REVIEW_REQUESTED) == ["mt@test.example"]
    [mail] = messages(Kind.REVIEW_REQUESTED)
    assert mail.link.endswith(f"/p/{world.plein}/plan/versies/1")


def test_a_review_goes_to_the_lead_and_its_conditions_become_mails(ctx, world):
    from plein.plan import reviews

    plein = world.model("plein")
    _plan, _line, snapshot = submit_plan(plein, world.user("lead"))
    reviews.review(plein, snapshot, by=world.user("mt"), decision="conditional",
                   conditions="Een vaste contactpersoon per partner\nEvaluatie na zes maanden")
    db.session.commit()
    assert to(Kind.REVIEW_GIVEN) == ["lead@test.example"]
    [given] = messages(Kind.REVIEW_GIVEN)
    assert "steun onder voorwaarden" in given.subject
    assert "Evaluatie na zes maanden" in given.body_text
    # the new items have no owner yet: the lead who divides the work hears of them
    assert to(Kind.CONDITION) == ["lead@test.example", "lead@test.example"]
    assert {m.body_text.count("Een vaste contactpersoon") for m in messages(Kind.CONDITION)} \
        == {0, 1}


def test_an_item_given_to_someone_is_mailed_to_that_person_only(ctx, world):
    plein, lead, item = world.model("plein"), world.user("lead"), world.model("item")

    def give(owner, by):
        roadmap.update_item(plein, item, by=by, expected_version=item.version_id,
                            title=item.title, evidence="", owner_id=owner.id,
                            due_date=date(2027, 3, 1))
        db.session.flush()

    give(world.user("team"), lead)
    give(world.user("team"), lead)  # unchanged owner: no second mail
    give(lead, lead)  # taking it yourself: no mail
    db.session.commit()
    assert to(Kind.ASSIGNED) == ["team@test.example"]
    [mail] = messages(Kind.ASSIGNED)
    assert "Eigen punt Alfa" in mail.subject and "1 maart 2027" in mail.body_text


def test_the_weekly_list_of_items_on_mondays_once(ctx, world):
    plein, team, item = world.model("plein"), world.user("team"), world.model("item")
    monday = date(2026, 12, 14)
    item.owner_id, item.due_date = team.id, monday - timedelta(days=3)
    later = roadmap.add_item(plein, "orientation", "Later punt", by=world.user("lead"))
    later.owner_id, later.due_date = team.id, monday + timedelta(days=60)
    db.session.flush()
    assert roadmap_notices.weekly_items(monday + timedelta(days=1)) == 0  # a Tuesday
    assert roadmap_notices.weekly_items(monday) == 1
    assert roadmap_notices.weekly_items(monday) == 0
    [mail] = messages(Kind.ITEMS_DIGEST)
    assert mail.to_address == "team@test.example"
    assert "Te laat" in mail.body_text and "Eigen punt Alfa" in mail.body_text
    assert "Later punt" not in mail.body_text  # due in two months: not yet


def test_reminders_after_a_week_then_weekly_at_most_three(ctx, contract_world):
    from plein.agreements import notices

    _plein, _agreement, version = _contract(contract_world)
    published = local_date(version.published_at)
    assert notices.remind(published + timedelta(days=6)) == 0
    assert notices.remind(published + timedelta(days=7)) == 1
    assert notices.remind(published + timedelta(days=7)) == 0  # the same day again
    assert notices.remind(published + timedelta(days=10)) == 0
    assert notices.remind(published + timedelta(days=14)) == 1
    assert notices.remind(published + timedelta(days=60)) == 1  # the third, the last
    assert notices.remind(published + timedelta(days=90)) == 0
    assert to(Kind.REMINDER) == ["partner@test.example"] * 3
    assert "laatste herinnering" in messages(Kind.REMINDER)[-1].body_text


def test_no_reminder_once_a_party_answered(ctx, contract_world):
    from plein.agreements import notices

    _sign(contract_world, contract_world.welzijn, "partner")
    _plein, _agreement, version = _contract(contract_world)
    assert notices.remind(local_date(version.published_at) + timedelta(days=8)) == 0
