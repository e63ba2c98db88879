"""Installation admin: create pleinen and accounts, block and unblock accounts."""

from flask import Blueprint, abort, current_app, flash, url_for
from flask_login import current_user
from sqlalchemy import select

from plein.accounts import service
from plein.accounts.access import ADMIN, guard
from plein.accounts.models import Plein, Role, User
from plein.admin import service as admin_service
from plein.admin.forms import PleinForm, ResetPasswordForm, UserForm
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import choices
from plein.htmx import redirect_after_post, render
from plein.logbook import log_page
from plein.saving import save, saved
from plein.urls import external_url

bp = Blueprint("admin", __name__, url_prefix="/beheer")
RESET = "reset"  # the reset form's prefix: its field must not share the new account's id


def _plein_form(blank=False):
    form = PleinForm(formdata=None) if blank else PleinForm()
    active = [(u.id, f"{u.name} ({u.email})") for u in service.list_users() if u.active]
    form.lead_id.choices = choices([(0, "— later kiezen —"), *active])
    return form


@bp.route("/")
@guard(ADMIN)
def pleinen():
    """All pleinen of this installation, and a form to add one."""
    return _pleinen_page(_plein_form())


def _pleinen_page(form, status=200, new_link=None):
    rows = db.session.scalars(select(Plein).order_by(Plein.name)).all()
    return render("admin/pleinen.html", "plein_form", status=status, form=form, pleinen=rows,
                  new_link=new_link, days=current_app.config["INVITATION_DAYS"])


@bp.route("/pleinen", methods=["POST"])
@guard(ADMIN)
def create_plein():
    """Create a plein, optionally with its projectleider."""
    form = _plein_form()
    return save(form, lambda: _create_plein(form), done=_plein_created,
                again=lambda status: _pleinen_page(form, status=status))


def _create_plein(form):
    """The plein, and the invitation's token when its lead is invited by e-mail."""
    lead = db.session.get(User, form.lead_id.data) if form.lead_id.data else None
    if form.lead_id.data and lead is None:
        raise ServiceError("Kies een bestaand, actief account.", field="lead_id")
    if lead is not None and form.lead_email.data:
        raise ServiceError("Kies een bestaand account óf nodig iemand uit, niet allebei.",
                           field="lead_email")
    plein = admin_service.create_plein(form.name.data, form.organisation.data,
                                       form.location.data, lead=lead)
    token = None
    if form.lead_email.data:
        _invitation, token = service.create_invitation(
            plein, form.lead_email.data, Role.LEAD, by=current_user)
    return plein, token


def _plein_created(result):
    plein, token = result
    if token is None:
        return saved(f"Plein {plein.name} is aangemaakt.",
                     url_for("dashboard.index", plein_id=plein.id))
    # the link is shown once, from the server (never kept in the session cookie)
    flash(f"Plein {plein.name} is aangemaakt. Stuur de projectleider de link hieronder.",
          "success")
    link = external_url("accounts.accept", token=token)
    return _pleinen_page(_plein_form(blank=True), new_link=link)


@bp.route("/logboek")
@guard(ADMIN)
def audit_log():
    """Every event of the installation: logins, accounts, and all pleinen."""
    return log_page(None)


@bp.route("/gebruikers")
@guard(ADMIN)
def users():
    """All accounts, and a form to add one."""
    return _users_page(UserForm())


def _users_page(form, status=200, reset=None):
    return render("admin/users.html", "user_form", status=status, form=form,
                  users=service.list_users(),
                  reset_form=reset or ResetPasswordForm(formdata=None, prefix=RESET))


@bp.route("/gebruikers", methods=["POST"])
@guard(ADMIN)
def create_user():
    """Create an account with a first password the admin passes on."""
    form = UserForm()
    return save(form, lambda: service.create_user(form.email.data, form.name.data,
                                                  form.password.data,
                                                  is_admin=form.is_admin.data),
                done=lambda user: saved(f"Account voor {user.name} is aangemaakt.",
                                        url_for("admin.users")),
                again=lambda status: _users_page(form, status=status))


@bp.route("/gebruikers/<int:user_id>/wachtwoord", methods=["POST"])
@guard(ADMIN)
def reset_password(user_id):
    """Set a new password for someone who forgot theirs; their sessions end."""
    user = db.session.get(User, user_id) or abort(404)
    form = ResetPasswordForm(prefix=RESET)
    form.user_id = user.id  # the row whose form opens again with the message

    def again(status):
        return _users_page(UserForm(formdata=None), status=status, reset=form)

    return save(form, lambda: service.reset_password(user, form.password.data, by=current_user),
                done=lambda _none: saved(f"Nieuw wachtwoord voor {user.name} ingesteld. Geef "
                                         "het persoonlijk door.", url_for("admin.users")),
                again=again)


@bp.route("/gebruikers/<int:user_id>/blokkeren", methods=["POST"])
@guard(ADMIN)
def deactivate(user_id):
    """Block an account: its sessions end at once and it can no longer log in."""
    return _set_active(user_id, False)


@bp.route("/gebruikers/<int:user_id>/activeren", methods=["POST"])
@guard(ADMIN)
def activate(user_id):
    """Unblock an account."""
    return _set_active(user_id, True)


def _set_active(user_id, active):
    user = db.session.get(User, user_id) or abort(404)
    revoked = service.set_active(user, active, by=current_user)
    db.session.commit()
    message = f"{user.name} is {'weer actief' if active else 'geblokkeerd'}."
    if revoked:
        message += (f" De uitnodiging van {user.name} die nog openstond, werkt niet meer."
                    if len(revoked) == 1 else
                    f" De {len(revoked)} uitnodigingen van {user.name} die nog openstonden, "
                    "werken niet meer.")
    flash(message, "success")
    return redirect_after_post(url_for("admin.users"))


@bp.route("/controle")
@guard(ADMIN)
def verify_agreements():
    """The whole installation's check of every contract version, signature and seal
    (what ``flask plein verify-agreements`` prints), and partner memberships held by
    library-side people."""
    from plein.accounts.separation import violations
    from plein.agreements.integrity import verify_all

    return render("admin/verify.html", problems=verify_all(), violations=violations())
