"""Members of a plein: list, invite by link, change a role, revoke, remove (lead, admin)."""

from flask import Blueprint, abort, current_app, flash, url_for

from plein.accounts import service
from plein.accounts.access import can, guard, me
from plein.accounts.models import LIBRARY_ROLES, Role
from plein.accounts.role_change import change_role, membership_by_email
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import choices
from plein.htmx import redirect_after_post, render
from plein.members.forms import InviteForm, RoleForm
from plein.partners import service as partners
from plein.saving import save, saved
from plein.urls import external_url

bp = Blueprint("members", __name__, url_prefix="/p/<int:plein_id>/leden")

TEMPLATE = "members/index.html"
ROLE = "change"  # the role form's prefix: its field must not share the invitation's id


MT_BY_ADMIN = ("Alleen de beheerder benoemt of verwijdert MT-leden: het MT "
               "beoordeelt het plan van de projectleider. Vraag het de beheerder.")


def _invite_form(plein, *, blank=False):
    form = InviteForm(formdata=None) if blank else InviteForm()
    if not can("members.grant_mt"):
        form.role.choices = [c for c in form.role.choices if c.value != Role.MT]
    form.partner_id.choices = choices(
        [(0, "— kies —")] + [(p.id, p.name) for p in partners.list_partners(plein)]
    )
    return form


def _page(plein, form, *, status=200, new_link=None, block=None, offer=None,
          role_form=None, refused=None):
    role_form = role_form or RoleForm(formdata=None, prefix=ROLE)
    if not can("members.grant_mt"):  # the admin appoints the MT (separation of duties)
        role_form.role.choices = [c for c in role_form.role.choices
                                 if c.value != Role.MT]
    return render(
        TEMPLATE, block, status=status, plein=plein, form=form, new_link=new_link,
        days=current_app.config["INVITATION_DAYS"], offer=offer, role_form=role_form,
        refused=refused, grants_mt=can("members.grant_mt"),
        members=service.memberships_of(plein), invitations=service.open_invitations(plein),
    )


@bp.route("/")
@guard("members.manage")
def index(plein):
    """Members and open invitations."""
    return _page(plein, _invite_form(plein))


@bp.route("/uitnodigen", methods=["POST"])
@guard("members.manage")
def invite(plein):
    """Create an invitation. Its link is in this answer only: plein keeps just a hash of
    it, so it never travels in a cookie and cannot be shown again."""
    form = _invite_form(plein)
    return save(form, lambda: _create_invitation(plein, form),
                done=lambda made: _invited(plein, *made),
                again=lambda status: _refused_invitation(plein, form, status))


def _create_invitation(plein, form):
    return service.create_invitation(plein, form.email.data, form.role.data, by=me(),
                                     partner=_chosen_partner(plein, form))


def _chosen_partner(plein, form):
    """The organisation a partner invitation is for: an existing or a new one."""
    if form.role.data != Role.PARTNER:
        return None
    if form.new_partner.data:
        return partners.find_or_create(plein, form.new_partner.data)
    partner = partners.get_partner(plein, form.partner_id.data) if form.partner_id.data else None
    if partner is None:
        raise ServiceError("Kies de organisatie waarvoor deze persoon tekent, of typ de "
                           "naam van een nieuwe.", field="partner_id")
    return partner


def _refused_invitation(plein, form, status):
    """The form again; for someone who is a member already, the offer to change their
    role (to the one the invitation asked for, when that is a library-side role). An MT
    invitation by someone who may not grant that role says who may."""
    if form.role.raw_data == [Role.MT] and not can("members.grant_mt"):
        form.role.errors = [MT_BY_ADMIN]
    offer = membership_by_email(plein, form.email.data) if form.email.data else None
    role_form = RoleForm(formdata=None, prefix=ROLE)
    if offer is not None and form.role.data in LIBRARY_ROLES:
        role_form.role.data = form.role.data
    return _page(plein, form, status=status, block="members", offer=offer,
                 role_form=role_form)


def _invited(plein, invitation, token):
    days = current_app.config["INVITATION_DAYS"]
    flash(f"Uitnodiging voor {invitation.email} aangemaakt. Kopieer de link en stuur hem "
          f"zelf op; hij is {days} dagen geldig en werkt één keer.", "success")
    link = external_url("accounts.accept", token=token)
    # shown in this answer, not after a redirect: the link must not wait in the cookie
    return _page(plein, _invite_form(plein, blank=True), new_link=link, block="members")


@bp.route("/<int:membership_id>/rol", methods=["POST"])
@guard("members.manage")
def change(plein, membership_id):
    """Give a member another role (instead of a second membership)."""
    membership = service.get_membership(plein, membership_id) or abort(404)
    form = RoleForm(prefix=ROLE)
    name = membership.user.name
    return save(form, lambda: change_role(membership, form.role.data, by=me()),
                done=lambda changed: saved(f"{name} is nu {changed.role_label.lower()}.",
                                           _index(plein), lambda: _fresh(plein)),
                again=lambda status: _page(plein, _invite_form(plein, blank=True),
                                           status=status, block="members",
                                           offer=membership, role_form=form))


@bp.route("/uitnodiging/<int:invitation_id>/intrekken", methods=["POST"])
@guard("members.manage")
def revoke(plein, invitation_id):
    """Withdraw an open invitation; its link stops working."""
    invitation = service.get_invitation(plein, invitation_id) or abort(404)
    if invitation.role == Role.MT and not can("members.grant_mt"):
        return _refused(plein)
    service.revoke_invitation(invitation)
    db.session.commit()
    flash(f"Uitnodiging voor {invitation.email} ingetrokken.", "success")
    return redirect_after_post(_index(plein), lambda: _fresh(plein))


@bp.route("/<int:membership_id>/verwijderen", methods=["POST"])
@guard("members.manage")
def remove(plein, membership_id):
    """Take a member's role in this plein away (after confirmation in the page)."""
    membership = service.get_membership(plein, membership_id) or abort(404)
    if membership.role == Role.MT and not can("members.grant_mt"):
        return _refused(plein)
    name, label = membership.user.name, membership.role_label
    service.remove_membership(membership)
    db.session.commit()
    flash(f"{name} heeft de rol {label} in dit plein niet meer.", "success")
    return redirect_after_post(_index(plein), lambda: _fresh(plein))


def _refused(plein):
    """403 with the members page and why (the lead asks the admin)."""
    return _page(plein, _invite_form(plein, blank=True), status=403, block="members",
                 refused=MT_BY_ADMIN)


def _index(plein):
    return url_for("members.index", plein_id=plein.id)


def _fresh(plein):
    return _page(plein, _invite_form(plein, blank=True), block="members")
