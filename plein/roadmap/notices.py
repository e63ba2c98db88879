"""The stappenplan's messages: an item given to someone, an MT condition that became an
item, and each person's weekly list of overdue and upcoming items."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from plein.accounts.models import Plein, Role, User
from plein.extensions import db
from plein.mail import outbox, recipients
from plein.mail.models import Kind
from plein.roadmap.models import ACTIVE, ChecklistItem

UPCOMING_DAYS = 14
MONDAY = 0


def _item_link(plein, item):
    return outbox.absolute("roadmap.item", plein_id=plein.id, item_id=item.id)


def item_assigned(plein, item, *, by):
    """Tell the new owner (not when people give an item to themselves)."""
    owner = db.session.get(User, item.owner_id)
    if owner is None or owner.id == by.id:
        return
    outbox.queue(Kind.ASSIGNED, owner, f"assigned:{item.id}:{owner.id}:{item.version_id}",
                 subject=f"actiepunt voor jou: {item.title}", template="mail/assigned",
                 link=_item_link(plein, item), plein=plein, item=item, by=by)


def condition_added(plein, item, *, by, snapshot_number):
    """An MT condition became a checklist item: its owner hears of it, or while it has
    none, the projectleiders who divide the work."""
    people = [item.owner] if item.owner_id else recipients.with_role(plein, Role.LEAD)
    for user in people:
        outbox.queue(Kind.CONDITION, user, f"condition:{item.id}:{user.id}",
                     subject=f"voorwaarde van het MT op het stappenplan: {item.title}",
                     template="mail/condition", link=_item_link(plein, item), plein=plein,
                     item=item, by=by, number=snapshot_number, owner=bool(item.owner_id))


def weekly_items(day):
    """On Mondays: each person's open items that are overdue or due within two weeks,
    across their pleinen, in one message a week. Returns how many were queued."""
    if day.weekday() != MONDAY:
        return 0
    items = db.session.scalars(
        select(ChecklistItem).where(ChecklistItem.owner_id.is_not(None),
                                    ChecklistItem.status.in_(ACTIVE),
                                    ChecklistItem.due_date.is_not(None),
                                    ChecklistItem.due_date <= day + timedelta(UPCOMING_DAYS))
        .order_by(ChecklistItem.due_date, ChecklistItem.id)).all()
    per_person = defaultdict(list)
    for item in items:
        per_person[item.owner_id].append(item)
    week = day.isocalendar()
    queued = 0
    for user_id, mine in per_person.items():
        user = db.session.get(User, user_id)
        pleinen = {item.plein_id: db.session.get(Plein, item.plein_id) for item in mine}
        rows = [(pleinen[i.plein_id], i, _item_link(pleinen[i.plein_id], i)) for i in mine]
        overdue = [row for row in rows if row[1].due_date < day]
        upcoming = [row for row in rows if row[1].due_date >= day]
        made = outbox.queue(
            Kind.ITEMS_DIGEST, user, f"items:{user_id}:{week.year}-W{week.week:02d}",
            subject=f"je actiepunten deze week: {len(overdue)} te laat, {len(upcoming)} "
                    "binnenkort", template="mail/items_digest",
            link=outbox.absolute("accounts.index"), overdue=overdue, upcoming=upcoming,
            several=len(pleinen) > 1)
        queued += made is not None
    return queued
