"""Bench communication: a plan with target groups, ``items`` content calendar items over
this month and the next (a quarter on the pending partner's channels, some late) and
figures per channel; made through the services, as a user would."""

from datetime import timedelta


def seed_communication(plein, users, partners, partner, rng, items):
    from plein.communication import calendar, monitoring
    from plein.communication import plan as plans
    from plein.communication.models import ItemStatus, Means, Metric
    from plein.timeutil import local_today

    if not items:
        return
    today = local_today()
    lead = users["lead"]
    plans.save_plan(plein, by=lead, expected_version=0, responsible_id=lead.id,
                    introduction="Bench")
    audiences = [plans.create_audience(
        plein, by=lead, today=today, name=f"Doelgroep {n + 1}", age="", interests="",
        area="", media_use="", goal="Weet van het plein", target=50, unit="%",
        goal_date=today + timedelta(days=60 + n), core_message="Kom langs", tone="",
        means=["flyer", "social"], means_other="") for n in range(max(2, items // 20))]
    start = today.replace(day=1)
    for n in range(items):
        on = start + timedelta(days=rng.randint(0, 58))
        ours = n % 4 == 0
        calendar.create_item(
            plein, by=lead, today=min(on, today) - timedelta(days=1), on=on,
            buffer_on=on - timedelta(days=rng.randint(0, 7)),
            audience_id=rng.choice(audiences).id, means=rng.choice(Means.values()),
            channel="kanaal", message=f"Bericht {n + 1}", owner_id=0 if ours else lead.id,
            partner_id=partner.id if ours else 0, status=rng.choice(ItemStatus.values()))
    for n in range(items // 4):
        monitoring.add_figure(plein, by=lead, today=today,
                              on=today - timedelta(days=rng.randint(0, 330)),
                              metric=rng.choice(Metric.values()), value=rng.randint(1, 900),
                              source="statistiek",
                              audience_id=rng.choice(audiences).id if n % 3 == 0 else 0)
