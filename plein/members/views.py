"""Members of a plein: list, invite by link, revoke, remove (lead and admin)."""

from flask import Blueprint, abort, flash, url_for
from flask_login import current_user

from plein.accounts import service
from plein.accounts.access import guard
from plein.extensions import db
from plein.forms import EmptyForm, choices
from plein.htmx import redirect_after_post, render
from plein.members.forms import InviteForm
from plein.partners import service as partners

bp = Blueprint("members", __name__, url_prefix="/p/<int:plein_id>/leden")

TEMPLATE = "members/index.html"


def _invite_form(plein, *, blank=False):
    form = InviteForm(formdata=None) if blank else InviteForm()
    form.partner_id.choices = choices(
        [(0, "— kies —")] + [(p.id, p.name) for p in partners.list_partners(plein)]
    )
    return form


def _page(plein, form, *, status=200, new_link=None, block=None):
    return render(
        TEMPLATE, block, status=status, plein=plein, form=form, new_link=new_link,
        members=service.memberships_of(plein), invitations=service.open_invitations(plein),
        action_form=EmptyForm(),
    )


@bp.route("/")
@guard("members.manage")
def index(plein):
    """Members and open invitations."""
    return _page(plein, _invite_form(plein))


@bp.route("/uitnodigen", methods=["POST"])
@guard("members.manage")
def invite(plein):
    """Create an invitation; its link is shown once, to copy and send."""
    form = _invite_form(plein)
    if form.validate_on_submit():
        partner = None
        if form.role.data == "partner":
            if (form.new_partner.data or "").strip():
                partner = partners.find_or_create(plein, form.new_partner.data)
            elif form.partner_id.data:
                partner = partners.get_partner(plein, form.partner_id.data)
                if partner is None:
                    abort(404)
        try:
            invitation, token = service.create_invitation(
                plein, form.email.data, form.role.data, by=current_user._get_current_object(),
                partner=partner)
        except service.ServiceError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            link = url_for("accounts.accept", token=token, _external=True)
            flash(f"Uitnodiging voor {invitation.email} aangemaakt. Kopieer de link en "
                  "stuur hem zelf op; hij is 7 dagen geldig en werkt één keer.", "success")
            blank = _invite_form(plein, blank=True)
            return _page(plein, blank, new_link=link, block="members")
    return _page(plein, form, status=422, block="members")


@bp.route("/uitnodiging/<int:invitation_id>/intrekken", methods=["POST"])
@guard("members.manage")
def revoke(plein, invitation_id):
    """Withdraw an open invitation; its link stops working."""
    invitation = service.get_invitation(plein, invitation_id) or abort(404)
    service.revoke_invitation(invitation)
    db.session.commit()
    flash(f"Uitnodiging voor {invitation.email} ingetrokken.", "success")
    return _after(plein)


@bp.route("/<int:membership_id>/verwijderen", methods=["POST"])
@guard("members.manage")
def remove(plein, membership_id):
    """Remove a member's role in this plein (after confirmation in the page)."""
    membership = service.get_membership(plein, membership_id) or abort(404)
    name = membership.user.name
    service.remove_membership(membership)
    db.session.commit()
    flash(f"{name} is geen {membership.role_label.lower()} meer van dit plein.", "success")
    return _after(plein)


def _after(plein):
    return redirect_after_post(
        url_for("members.index", plein_id=plein.id),
        lambda: _page(plein, _invite_form(plein, blank=True), block="members"),
    )
