"""``flask plein ...`` commands."""

import sys

import click
from flask.cli import AppGroup

from plein.extensions import db

plein_cli = AppGroup("plein", help="Beheer van plein: accounts, demodata, back-ups en controles.")


@plein_cli.command("create-admin", help="Maak de eerste beheerder van de installatie "
                   "(vraagt om wat niet als optie is meegegeven).")
@click.option("--email", help="E-mailadres van de beheerder.")
@click.option("--name", help="Naam van de beheerder.")
@click.option("--password",
              help="Wachtwoord (10-128 tekens); zonder deze optie wordt erom gevraagd.")
def create_admin(email, name, password):
    """Make the first installation admin (asks for what is not given as an option)."""
    from plein.accounts import service

    email = email or click.prompt("E-mailadres")
    name = name or click.prompt("Naam")
    if password is None:
        password = _ask_password()
    try:
        user = service.create_user(email, name, password, is_admin=True)
    except service.ServiceError as error:
        db.session.rollback()
        click.echo(f"Fout: {error}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Beheerder {user.email} is aangemaakt.")


def _ask_password():
    """The password, typed twice without echo; every word in Dutch (click's own
    confirmation asks "Repeat for confirmation")."""
    while True:
        first = click.prompt("Wachtwoord (10 tot 128 tekens)", hide_input=True)
        if first == click.prompt("Herhaal het wachtwoord", hide_input=True):
            return first
        click.echo("De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.", err=True)


@plein_cli.command("demo")
@click.option("--force", is_flag=True,
              help="Ook in productie (niet doen: de wachtwoorden zijn openbaar).")
def demo(force):
    """Load the fictional demo plein with one login per role (safe to repeat)."""
    from flask import current_app

    from plein import demo as demo_data

    if current_app.config["ENV"] == "production" and not force:
        click.echo("Fout: demodata hoort niet in productie; de demo-wachtwoorden zijn openbaar.",
                   err=True)
        sys.exit(1)

    plein, logins = demo_data.load()
    click.echo(f"Demo-plein: {plein.name} (id {plein.id})")
    click.echo("Demo-logins (alleen voor uitproberen):")
    for email, label, password in logins:
        click.echo(f"  {email:<30} {label:<42} wachtwoord: {password}")


@plein_cli.command("purge")
def purge():
    """Erase the personal fields of warm referrals that are closed or past their
    retention (PLEIN_REFERRAL_RETENTION_DAYS); safe to run as often as cron likes."""
    from flask import current_app

    from plein.desk.purge import purge as erase

    days = current_app.config["REFERRAL_RETENTION_DAYS"]
    count = erase(days)
    db.session.commit()
    click.echo(f"Contactgegevens van {count} doorverwijzing(en) gewist (bewaartermijn "
               f"{days} dagen)." if count else "Niets te wissen: geen contactgegevens van "
               f"gesloten of verlopen doorverwijzingen (bewaartermijn {days} dagen).")


@plein_cli.command("verify-agreements")
@click.option("--receipt", "receipt", type=click.Path(exists=True, dir_okay=False),
              help="Controleer één ontvangstbewijs (JSON) van een ondertekenaar.")
def verify_agreements(receipt):
    """Check every agreement version, signature and seal (or one receipt); exit 1 and
    list the problems on any mismatch."""
    from plein.agreements.integrity import verify_all
    from plein.agreements.receipts import check_receipt

    if receipt:
        with open(receipt, encoding="utf-8", errors="replace") as fh:
            problems = check_receipt(fh.read(100_000))
        ok = "Het ontvangstbewijs klopt: deze handtekening staat ongewijzigd in plein."
    else:
        problems = verify_all()
        ok = "Alle gepubliceerde versies en handtekeningen kloppen, met geldige zegels."
    if problems:
        click.echo("FOUT: de samenwerkingscontracten kloppen niet meer:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(ok)


@plein_cli.command("seal-agreements")
@click.option("--old-key-file", "old_keys", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Bestand met de vorige zegelsleutel (bij het wisselen van sleutel).")
def seal_agreements(old_keys):
    """Seal every agreement version and signature again with PLEIN_SEAL_KEY: once after
    upgrading from unkeyed seals, or when rotating the key. Refuses when anything fails
    the check first."""
    from plein.agreements.integrity import reseal

    keys = []
    for path in old_keys:
        with open(path, encoding="utf-8") as fh:
            keys.append(fh.read().strip())
    problems, count = reseal(keys)
    if problems:
        db.session.rollback()
        click.echo("FOUT: eerst moet alles kloppen; er is niets opnieuw verzegeld:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{count} versies en handtekeningen verzegeld met de huidige sleutel.")


def _database_url():
    from flask import current_app

    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@plein_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Een bestaand bestand met die naam overschrijven.")
def backup(path, force):
    """Copy the SQLite database to PATH with SQLite's online backup (safe while plein
    runs). For PostgreSQL it prints how to use pg_dump and exits 1."""
    from plein import ops

    _run_ops(lambda: ops.backup(_database_url(), path, force=force),
             f"Back-up geschreven naar {path}")


@plein_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True,
              help="De bestaande database overschrijven (stop plein eerst).")
def restore(path, force):
    """Put the backup PATH back as the database (refuses without --force when the
    database exists). For PostgreSQL it prints how to use pg_restore and exits 1."""
    from plein import ops

    _run_ops(lambda: ops.restore(_database_url(), path, force=force),
             f"Database hersteld uit {path}")
    click.echo("Draai nu 'flask db upgrade' en 'flask plein verify-agreements', en start "
               "plein daarna opnieuw.")


def _run_ops(action, done):
    from plein import ops

    db.engine.dispose()  # no pooled connection of this process holds the file
    try:
        revision = action()
    except ops.OpsError as error:
        click.echo(f"Fout: {error}", err=True)
        sys.exit(1)
    click.echo(f"{done} (schemaversie {revision}).")


@plein_cli.command("check-deploy")
def check_deploy():
    """Check the configuration for production: one line per problem, exit 1 on any."""
    from flask import current_app

    from plein.ops import data_problems, deploy_problems

    problems = deploy_problems(current_app) + data_problems()
    if problems:
        click.echo(f"{len(problems)} probleem/problemen voor productie:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo("De configuratie is klaar voor productie.")


@plein_cli.command("send-mail")
@click.option("--limit", default=200, show_default=True, help="Hoogstens zoveel berichten.")
def send_mail(limit):
    """Deliver the outbox's due messages (for cron, e.g. every minute; safe when two
    run at once). Without PLEIN_MAIL_SERVER it says how many wait and sends nothing."""
    from sqlalchemy import func, select

    from plein.mail import sender
    from plein.mail.models import OutboxMessage, Status

    if not sender.configured():
        waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.status == Status.QUEUED))
        click.echo(f"Geen mailserver ingesteld (PLEIN_MAIL_SERVER): {waiting} bericht(en) "
                   "wachten in de outbox (Beheer > Berichten).")
        return
    total = sender.Result()
    while limit > 0:
        result = sender.deliver(limit=min(limit, sender.BATCH))
        for name in ("sent", "retry", "failed"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        done = result.sent + result.retry + result.failed
        if done < min(limit, sender.BATCH):
            break
        limit -= done
    click.echo(f"Verzonden: {total.sent}, later opnieuw: {total.retry}, mislukt: "
               f"{total.failed}.")


@plein_cli.command("daily-mail")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Doe alsof het deze dag is (JJJJ-MM-DD); standaard vandaag.")
def daily_mail(today):
    """Once a day, from cron: the daily (and on Mondays the weekly) overviews, the
    weekly list of each person's checklist items, reminders to sign (a version or a
    toetreding) and the leads' reminders before a contract's evaluation and end date.
    Running it twice on one day sends nothing twice."""
    from plein.agreements import life_notices
    from plein.agreements import notices as contract
    from plein.mail import digests
    from plein.roadmap import notices as roadmap
    from plein.timeutil import local_today

    day = today.date() if today else local_today()
    counts = {"herinneringen om te tekenen": contract.remind(day)
              + life_notices.remind_accessions(day),
              "herinneringen aan contractdata": life_notices.dates_due(day),
              "weekoverzichten van actiepunten": roadmap.weekly_items(day),
              "verzamelberichten": digests.bundle(day)}
    db.session.commit()
    click.echo("Klaargezet: " + ", ".join(f"{label} {count}" for label, count in counts.items())
               + ".")
