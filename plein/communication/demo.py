"""The demo plein's communication (``flask plein demo``): a plan with three target
groups (one of whose goals is followed in the results), a content calendar for the next
two months (one item late, two on a partner's channels) and figures per channel."""

from datetime import timedelta

from plein.communication import calendar, monitoring
from plein.communication import plan as plans
from plein.communication.models import ItemStatus, Means, Metric
from plein.partners import service as partners
from plein.timeutil import local_today

AUDIENCES = (
    {"name": "Huishoudens met geldzorgen in Lindeburg-Centrum", "age": "25 tot 60 jaar",
     "interests": "Rondkomen, toeslagen, de kinderen; weinig tijd en vaak stress.",
     "area": "Centrum en de Oostwijk", "media_use": "Facebook, de wijkkrant, de "
     "wachtkamer van de huisarts; lezen weinig lange teksten.",
     "goal": "Weet dat ze met geldvragen op het plein terechtkunnen", "target": 40,
     "unit": "%", "days": 150, "tone": "Kort, warm en zonder schuldgevoel; je-vorm",
     "core_message": "Heb je vragen over geld, toeslagen of rekeningen? Kom op dinsdag- of "
     "donderdagmiddag naar het plein in de bibliotheek. Gratis, zonder afspraak.",
     "means": [Means.FLYER, Means.SOCIAL, Means.LOCAL_PAPER, Means.PARTNERS]},
    {"name": "Volwassenen die moeite hebben met lezen en schrijven", "age": "30 tot 70 jaar",
     "interests": "Werk, de kinderen helpen met school, zelf formulieren kunnen invullen.",
     "area": "Heel Lindeburg", "media_use": "Weinig geschreven media; horen het van "
     "mensen die ze vertrouwen (buurtwerk, kerk, werkgever).",
     "goal": "Komt langs bij het taalspreekuur", "target": 60, "unit": "bezoekers",
     "days": 120, "tone": "Eenvoudige woorden (B1), beeld erbij, persoonlijk",
     "core_message": "Beter leren lezen of schrijven? Op woensdagochtend helpt een "
     "taalmaatje je in de bibliotheek. Je bent welkom.",
     "means": [Means.POSTER, Means.PARTNERS, Means.OTHER],
     "means_other": "Persoonlijk uitnodigen via buurtwerkers"},
    {"name": "Collega's van de bibliotheek", "age": "", "interests": "",
     "area": "Alle vestigingen", "media_use": "Intranet, de weekstart, de teamapp.",
     "goal": "Kan een bezoeker naar het juiste spreekuur op het plein verwijzen",
     "target": 90, "unit": "%", "days": 60, "tone": "Collegiaal en praktisch",
     "core_message": "Het plein is er voor vragen over geld, taal en digitale zaken. "
     "Loop met een bezoeker mee naar de spreektafel; de partners nemen het over.",
     "means": [Means.WEEKSTART, Means.INTRANET]},
)


def load(plein, lead, team):
    """The plan, calendar and figures; returns the target groups."""
    today = local_today()
    plans.save_plan(plein, by=lead, expected_version=0, responsible_id=team.id,
                    introduction="We beginnen bescheiden: eerst de collega's, dan de twee "
                    "groepen uit het plan. Elke uiting noemt dezelfde drie dingen: wat het "
                    "plein is, wanneer het open is en dat het gratis is.")
    audiences = [plans.create_audience(
        plein, by=lead, today=today, goal_date=today + timedelta(days=a["days"]),
        means_other=a.get("means_other", ""),
        **{k: v for k, v in a.items() if k not in ("days", "means_other")})
        for a in AUDIENCES]
    plans.to_goal(plein, audiences[0], by=lead, today=today)
    welzijn = partners.find_or_create(plein, "Welzijn Lindeburg")
    money, language, colleagues = audiences
    items = (  # days from today, buffer days before, audience, means, channel, message,
               # owner (None: Welzijn), status
        (3, 2, colleagues, Means.WEEKSTART, "weekstart Centrum", "Korte presentatie: wat "
         "is het plein en hoe verwijs je een bezoeker door?", lead, ItemStatus.PREPARING),
        (6, 4, money, Means.SOCIAL, "Facebook", "Vraag over toeslagen? Kom dinsdagmiddag "
         "naar het plein.", team, ItemStatus.READY),
        (9, 5, money, Means.PARTNERS, "nieuwsbrief Welzijn", "Welzijn vertelt in de "
         "nieuwsbrief over het geldspreekuur op het plein.", None, ItemStatus.PREPARING),
        (14, 7, money, Means.LOCAL_PAPER, "Lindeburgs Nieuws", "Artikel met foto: het plein "
         "helpt bij geldvragen.", lead, ItemStatus.IDEA),
        (20, 7, language, Means.POSTER, "huisartsen en buurthuizen", "Poster taalspreekuur "
         "in eenvoudige taal.", team, ItemStatus.IDEA),
        (27, 3, colleagues, Means.INTRANET, "intranet", "Nieuwsbericht met de eerste "
         "ervaringen van collega's.", team, ItemStatus.IDEA),
        (35, 7, language, Means.PARTNERS, "Facebookpagina Welzijn", "Welzijn deelt de "
         "uitnodiging voor het taalspreekuur.", None, ItemStatus.IDEA),
        (48, 10, money, Means.FLYER, "huis-aan-huis Oostwijk", "Flyer met de openingstijden "
         "en de drie partners.", lead, ItemStatus.IDEA),
        (56, 7, None, Means.NEWSLETTER, "nieuwsbrief bibliotheek", "Het plein in de "
         "maandelijkse nieuwsbrief: het eerste succesverhaal.", team, ItemStatus.IDEA),
    )
    for days, buffer, audience, means, channel, message, owner, status in items:
        calendar.create_item(
            plein, by=lead, today=today, on=today + timedelta(days=days),
            buffer_on=today + timedelta(days=days - buffer),
            audience_id=audience.id if audience else 0, means=means.value, channel=channel,
            message=message, owner_id=owner.id if owner else 0,
            partner_id=0 if owner else welzijn.id, status=status.value)
    # planned three weeks ago: the flyer should have been ready two days ago (late)
    earlier = today - timedelta(days=21)
    calendar.create_item(
        plein, by=lead, today=earlier, on=today + timedelta(days=2),
        buffer_on=today - timedelta(days=2), audience_id=money.id, means=Means.FLYER.value,
        channel="spreekkamer huisartsen", message="Flyer voor de wachtkamer: 'Geldzorgen? "
        "Het plein helpt.'", owner_id=lead.id, partner_id=0,
        status=ItemStatus.PREPARING.value)
    calendar.create_item(
        plein, by=lead, today=earlier, on=today - timedelta(days=7), buffer_on=None,
        audience_id=colleagues.id, means=Means.INTRANET.value, channel="intranet",
        message="Aankondiging: het plein opent; dit zijn de partners.", owner_id=team.id,
        partner_id=0, status=ItemStatus.PUBLISHED.value)
    for days_ago, metric, value, source, audience in (
            (62, Metric.PAGE_VIEWS, 180, "websitestatistiek", None),
            (32, Metric.PAGE_VIEWS, 340, "websitestatistiek", None),
            (3, Metric.PAGE_VIEWS, 415, "websitestatistiek", None),
            (30, Metric.SOCIAL_REACH, 1_250, "statistieken Facebookpagina", None),
            (4, Metric.SOCIAL_REACH, 2_100, "statistieken Facebookpagina", None),
            (4, Metric.SOCIAL_RESPONSE, 37, "reacties en gedeelde berichten", None),
            (20, Metric.OTHER, 18, "korte enquête in de wachtkamer (50 mensen)", money),
            (5, Metric.OTHER, 70, "rondvraag op de weekstart", colleagues)):
        monitoring.add_figure(plein, by=team, today=today,
                              on=today - timedelta(days=days_ago), metric=metric.value,
                              value=value, source=source,
                              audience_id=audience.id if audience else 0)
    return audiences
