"""The programme's messages: a cancelled date is mailed to the people at the desk in
that day-part (users only; a volunteer known by first name has no address), so they
can tell visitors who come for it."""

from plein.mail import outbox
from plein.mail.models import Kind
from plein.programme import rota, service
from plein.programme.models import Part


def date_cancelled(plein, activity, change, *, by):
    """Queue one message per desk user of the cancelled date's day-part (not to the
    person who cancelled it)."""
    grid = service.grid(plein)
    schedule = next(s for s in activity.schedules if s.id == change.schedule_id)
    part = rota.part_at({p: grid[(change.on.weekday(), p)] for p in Part.values()},
                        schedule.starts)
    link = outbox.absolute("programme.activity", plein_id=plein.id, activity_id=activity.id)
    for entry in rota.desk_staff(plein, change.on, part):
        if entry.user is None or entry.user.id == by.id:
            continue
        outbox.queue(Kind.DATE_CANCELLED, entry.user,
                     f"date_cancelled:{change.id}:{entry.user.id}",
                     subject=f"{activity.title} op {change.on:%d-%m} gaat niet door",
                     template="mail/date_cancelled", link=link, plein=plein,
                     activity=activity, change=change, by=by, starts=schedule.starts,
                     part=Part.label_of(part))
