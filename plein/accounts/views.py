"""Login, logout, own password, choosing a plein, accepting an invitation."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from plein import audit
from plein.accounts import service, sessions, throttle
from plein.accounts.access import LOGIN, PUBLIC, guard, home_endpoint, plein_choices, roles_in
from plein.accounts.forms import AcceptInvitationForm, LoginForm, PasswordChangeForm
from plein.accounts.models import normalise_email
from plein.error_pages import Refusal
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import EmptyForm
from plein.htmx import redirect_after_post, render
from plein.saving import refuse, save

bp = Blueprint("accounts", __name__)


def _safe_next(target):
    r"""Only a plain path on this site; anything else falls back to the start page.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    "/\t/evil.example" would become "//evil.example": such targets are refused.
    """
    if (target and target.startswith("/") and target.isprintable() and " " not in target
            and "\\" not in target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and not target.startswith("//"):
            return target
    return url_for("accounts.index")


LOCKED = ("Er is te vaak geprobeerd in te loggen. Wacht {minutes} en probeer het dan "
          "opnieuw. Wachtwoord vergeten? Vraag de projectleider of de beheerder om hulp.")


def _start_session(user):
    """Log this browser in with a new session (the caller commits)."""
    session.clear()  # a fresh session at login: nothing of the old one carries over
    sessions.start(user)
    login_user(user)
    session.permanent = True


def _wait_text(lockout):
    seconds = lockout.retry_after
    if seconds < 50:
        return "een seconde" if seconds <= 1 else f"{seconds} seconden"
    minutes = max(1, -(-seconds // 60))
    return "een minuut" if minutes == 1 else f"{minutes} minuten"


def _admit(email, ip):
    """A password check for this account from this address, or 429 without one (the
    same whether the account exists or not). A lockout was logged when it began, so a
    flood of refusals writes no rows."""
    lockout = throttle.admit(email, ip)
    if lockout is not None:
        audit.security_log.warning("user.login_refused %s from %s", email, ip)
        raise TooManyRequests(LOCKED.format(minutes=_wait_text(lockout)),
                              retry_after=lockout.retry_after)


def _failed(email, ip, action, summary):
    """Log a wrong password (and the lockout it began, if it did); commits."""
    target = service.user_by_email(email)
    audit.security(action, summary, obj=target)
    lockout = throttle.lockout(email, ip)
    if lockout is not None and lockout.started:
        if lockout.hard:
            audit.security("user.login_locked",
                           f"Te veel mislukte pogingen voor {email} vanaf {ip}: inloggen "
                           f"geblokkeerd voor {_wait_text(lockout)}", obj=target)
        else:
            audit.security("user.login_slowed",
                           f"Veel mislukte pogingen voor {email} vanaf verschillende "
                           "adressen: elke nieuwe poging wacht nu steeds langer", obj=target)
    db.session.commit()


@bp.route("/inloggen", methods=["GET", "POST"])
@guard(PUBLIC)
def login():
    """Log in with email and password; the message never says which one was wrong."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email, ip = normalise_email(form.email.data), request.remote_addr or ""
        _admit(email, ip)
        user = service.authenticate(email, form.password.data)
        if user is not None:
            next_url = request.args.get("next")
            throttle.succeeded(email, ip)
            _start_session(user)
            audit.security("user.login", f"{user.email} logde in vanaf {ip}", user=user,
                           obj=user)
            db.session.commit()
            return redirect_after_post(_safe_next(next_url))
        _failed(email, ip, "user.login_failed",
                f"Mislukte inlogpoging voor {email} vanaf {ip}")
        refuse(form, ServiceError("Dit e-mailadres en wachtwoord horen niet bij elkaar.",
                                  field="password"))
    if form.errors:
        status = 422
    return render("accounts/login.html", "login_form", form=form, status=status)


@bp.route("/login")
@guard(PUBLIC)
def login_alias():
    """The English address people guess: the login page is /inloggen."""
    return redirect(url_for("accounts.login", **request.args), 301)


@bp.route("/uitloggen", methods=["POST"])
@guard(LOGIN)
def logout():
    """Log out this browser; its session cookie (and any copy of it) stops working.
    Sessions in other browsers go on."""
    user = current_user._get_current_object()
    sessions.end_current()
    audit.security("user.logout", f"{user.email} logde uit", user=user, obj=user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "success")
    return redirect_after_post(url_for("accounts.login"))


@bp.route("/")
@guard(LOGIN)
def index():
    """Choose a plein; with only one, go straight to it."""
    choices = plein_choices(current_user)
    if len(choices) == 1 and not current_user.is_admin:
        return redirect(choices[0][1])
    return render("accounts/index.html")


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@guard(LOGIN)
def password():
    """Change your own password; every other session of yours ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        ip = request.remote_addr or ""
        _admit(user.email, ip)  # the same limits as login: no guessing from here either
        try:
            service.change_password(user, form.current.data, form.new.data)
        except service.WrongPassword as error:
            db.session.rollback()
            _failed(user.email, ip, "user.password_failed",
                    f"Onjuist huidig wachtwoord bij wachtwoord wijzigen voor {user.email} "
                    f"vanaf {ip}")
            refuse(form, ServiceError(str(error), field="current"))
        except service.ServiceError as error:
            db.session.rollback()
            throttle.succeeded(user.email, ip)  # the current password was right
            db.session.commit()
            refuse(form, ServiceError(str(error), field="new"))
        else:
            throttle.succeeded(user.email, ip)
            _start_session(user)  # this browser stays logged in, with a new session
            db.session.commit()
            flash("Je wachtwoord is gewijzigd. Andere sessies zijn beëindigd.", "success")
            return redirect_after_post(url_for("accounts.index"))
    status = 422 if form.errors else 200
    return render("accounts/password.html", "password_form", form=form, status=status)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@guard(PUBLIC)
def accept(token):
    """Join a plein with an invitation link: new people choose a name and password."""
    try:
        invitation = service.invitation_by_token(token)
    except service.InvitationUnusable as error:
        raise Refusal(410, str(error), error.title) from None
    if invitation is None:
        abort(404, "Deze uitnodiging bestaat niet. Controleer of je de hele link hebt gebruikt.")

    existing = service.user_by_email(invitation.email)
    me = current_user._get_current_object() if current_user.is_authenticated else None
    form = EmptyForm() if (existing or me) else AcceptInvitationForm()

    def page(status=200, error=None):
        return render("accounts/accept.html", form=form, invitation=invitation,
                      existing=existing, error=error, wrong_user=error is not None,
                      status=status)

    if me is not None and me.email != invitation.email:
        return page(422 if request.method == "POST" else 200,
                    f"Je bent ingelogd als {me.email}, maar deze uitnodiging is voor "
                    f"{invitation.email}. Log eerst uit en open de link dan opnieuw.")
    if request.method != "POST":
        return page()
    if existing is not None and me is None and form.validate_on_submit():
        return redirect_after_post(url_for("accounts.login", next=request.path))
    return save(form, lambda: _claim(invitation, me, form),
                done=lambda user: _welcome(invitation, user, new_session=me is None),
                again=page)


def _claim(invitation, me, form):
    """Use the invitation (a used or withdrawn one is a 410 page, not a form error)."""
    try:
        return service.accept_invitation(
            invitation, user=me,
            name=getattr(form, "name", None) and form.name.data,
            password=getattr(form, "password", None) and form.password.data)
    except service.InvitationUnusable as exc:
        db.session.rollback()
        raise Refusal(410, str(exc), exc.title) from None


def _welcome(invitation, user, *, new_session):
    plein = invitation.plein
    if new_session:
        _start_session(user)
        db.session.commit()
    flash(f"Welkom bij {plein.name}.", "success")
    return redirect_after_post(url_for(home_endpoint(roles_in(user, plein)), plein_id=plein.id))
