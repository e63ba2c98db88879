"""Mail pages: the admin's Berichten (the outbox), each person's preferences, and the
unsubscribe page behind the link in a message."""

from flask import Blueprint, abort, request, url_for
from sqlalchemy import func, select

from plein import audit
from plein.accounts.access import ADMIN, LOGIN, PUBLIC, guard, me
from plein.errors import ServiceError
from plein.extensions import csrf, db
from plein.htmx import render
from plein.mail import preferences, sender
from plein.mail.forms import FilterForm, ResendForm, UnsubscribeForm, preferences_form, wanted
from plein.mail.models import Kind, OutboxMessage, Status
from plein.saving import save, saved
from plein.timeutil import utcnow
from plein.web import error_response

bp = Blueprint("mail", __name__)
PER_PAGE = 50
RESENDABLE = (Status.FAILED, Status.QUEUED)


@bp.route("/beheer/berichten")
@guard(ADMIN)
def outbox():
    """Every message plein sent, is sending or could not send, newest first."""
    page = max(1, min(request.args.get("pagina", 1, type=int), 10_000))
    filters = FilterForm(request.args)
    stmt = select(OutboxMessage)
    if filters.validate() and filters.status.data:
        stmt = stmt.where(OutboxMessage.status == filters.status.data)
    rows = db.session.scalars(stmt.order_by(OutboxMessage.id.desc())
                              .limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                     .group_by(OutboxMessage.status)).all())
    return render("mail/outbox.html", "messages_table", rows=rows[:PER_PAGE],
                  more=len(rows) > PER_PAGE, page=page, filters=filters, counts=counts,
                  statuses=Status, configured=sender.configured(), form=ResendForm(),
                  resendable=RESENDABLE)


def _message_or_404(message_id):
    return db.session.get(OutboxMessage, message_id) or abort(404)


@bp.route("/beheer/berichten/<int:message_id>")
@guard(ADMIN)
def message(message_id):
    """One message as it was (or will be) sent: its text and what happened to it."""
    return _message_page(_message_or_404(message_id), ResendForm(formdata=None))


def _message_page(message, form, status=200):
    return render("mail/message.html", status=status, message=message, form=form,
                  resendable=RESENDABLE, configured=sender.configured())


@bp.route("/beheer/berichten/<int:message_id>/opnieuw", methods=["POST"])
@guard(ADMIN)
def resend(message_id):
    """Send a failed or waiting message again, now; the logboek records who did."""
    message = _message_or_404(message_id)
    form = ResendForm()

    def work():
        if message.status not in RESENDABLE:
            raise ServiceError("Alleen een mislukt of wachtend bericht kan opnieuw worden "
                               "verstuurd.")
        message.status, message.attempts = Status.QUEUED, 0
        message.next_attempt_at, message.last_error = utcnow(), ""
        audit.record("mail.resend", f"Bericht #{message.id} aan {message.to_address} "
                     f"opnieuw in de wachtrij ({message.kind_label})", obj=message)
        return message

    return save(form, work, done=lambda m: saved(
        f"Het bericht aan {m.to_address} gaat opnieuw de deur uit.",
        url_for("mail.message", message_id=m.id)),
        again=lambda status: _message_page(message, form, status))


@bp.route("/account/berichten", methods=["GET", "POST"], endpoint="preferences")
@guard(LOGIN)
def preferences_page():
    """Which messages you get: direct, in a daily or weekly overview, or not."""
    user = me()
    current = preferences.choices_of(user)
    form = preferences_form(current)
    if request.method == "GET":
        return _preferences(form)
    return save(form, lambda: preferences.set_choices(user, wanted(form), by=user),
                done=lambda changed: saved("Je berichtinstellingen zijn opgeslagen." if changed
                                           else "Er was niets gewijzigd.",
                                           url_for("mail.preferences")),
                again=lambda status: _preferences(form, status))


def _preferences(form, status=200):
    from plein.mail.models import MANDATORY, RECEIVED_BY

    user = me()
    roles = {m.role for m in user.memberships}
    shown = {k.value for k, who in RECEIVED_BY.items() if user.is_admin or who & roles}
    return render("mail/preferences.html", "preferences_form", status=status, form=form,
                  shown=shown, always=[k for k in Kind if k in MANDATORY
                                       and k not in (Kind.INVITATION, Kind.DIGEST)])


@bp.route("/afmelden/<kind>/<token>", methods=["GET", "POST"])
@guard(PUBLIC)
@csrf.exempt
def unsubscribe(kind, token):
    """From the link in a message: switch that kind of message off, after a click."""
    user = preferences.user_for_token(kind, token)
    if user is None:
        return error_response(404, title="Deze afmeldlink werkt niet", message=(
            "De link is niet compleet of klopt niet. Open hem opnieuw vanuit het bericht, "
            "of log in en kies bij je berichtinstellingen welke berichten je krijgt."))
    form = UnsubscribeForm()
    done = False
    if request.method == "POST" and form.validate_on_submit():
        done = preferences.unsubscribe(user, kind) or True
        db.session.commit()
    return render("mail/unsubscribe.html", user=user, kind=Kind(kind), done=done, form=form)
