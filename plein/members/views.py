"""Members of a plein: list, invite by link, revoke, remove (lead and admin)."""

from flask import Blueprint, abort, current_app, flash, session, url_for

from plein.accounts import service
from plein.accounts.access import can, guard, me
from plein.extensions import db
from plein.forms import choices
from plein.htmx import redirect_after_post, render, wants_fragment
from plein.members.forms import InviteForm
from plein.partners import service as partners

bp = Blueprint("members", __name__, url_prefix="/p/<int:plein_id>/leden")

TEMPLATE = "members/index.html"
NEW_LINK = "new_invitation_link"


MT_BY_ADMIN = ("Alleen de beheerder benoemt of verwijdert MT-leden: het MT "
               "beoordeelt het plan van de projectleider. Vraag het de beheerder.")


def _invite_form(plein, *, blank=False):
    form = InviteForm(formdata=None) if blank else InviteForm()
    if not can("members.grant_mt"):
        form.role.choices = [c for c in form.role.choices if c.value != "mt"]
    form.partner_id.choices = choices(
        [(0, "— kies —")] + [(p.id, p.name) for p in partners.list_partners(plein)]
    )
    return form


def _page(plein, form, *, status=200, new_link=None, block=None, refused=None):
    return render(
        TEMPLATE, block, status=status, plein=plein, form=form, new_link=new_link,
        refused=refused, grants_mt=can("members.grant_mt"),
        days=current_app.config["INVITATION_DAYS"],
        members=service.memberships_of(plein), invitations=service.open_invitations(plein),
    )


@bp.route("/")
@guard("members.manage")
def index(plein):
    """Members and open invitations (and, once, the link of a new invitation)."""
    return _page(plein, _invite_form(plein), new_link=session.pop(NEW_LINK, None))


@bp.route("/uitnodigen", methods=["POST"])
@guard("members.manage")
def invite(plein):
    """Create an invitation; its link is shown once, to copy and send."""
    form = _invite_form(plein)
    if form.role.raw_data == ["mt"] and not can("members.grant_mt"):
        form.validate_on_submit()
        form.role.errors[:] = [MT_BY_ADMIN]
    elif form.validate_on_submit():
        partner = _chosen_partner(plein, form)
        if not form.errors:
            try:
                invitation, token = service.create_invitation(
                    plein, form.email.data, form.role.data,
                    by=me(), partner=partner)
            except service.ServiceError as error:
                db.session.rollback()
                form.email.errors.append(str(error))
            else:
                db.session.commit()
                return _invited(plein, invitation, token)
    return _page(plein, form, status=422, block="members")


def _chosen_partner(plein, form):
    """The organisation a partner invitation is for: an existing or a new one."""
    if form.role.data != "partner":
        return None
    if (form.new_partner.data or "").strip():
        return partners.find_or_create(plein, form.new_partner.data)
    partner = partners.get_partner(plein, form.partner_id.data) if form.partner_id.data else None
    if partner is None:
        form.partner_id.errors.append(
            "Kies de organisatie waarvoor deze persoon tekent, of typ de naam van een nieuwe.")
    return partner


def _invited(plein, invitation, token):
    days = current_app.config["INVITATION_DAYS"]
    link = url_for("accounts.accept", token=token, _external=True)
    flash(f"Uitnodiging voor {invitation.email} aangemaakt. Kopieer de link en stuur hem "
          f"zelf op; hij is {days} dagen geldig en werkt één keer.", "success")
    if wants_fragment():
        return _page(plein, _invite_form(plein, blank=True), new_link=link, block="members")
    session[NEW_LINK] = link  # shown once by the page we redirect to, then gone
    return redirect_after_post(url_for("members.index", plein_id=plein.id))


@bp.route("/uitnodiging/<int:invitation_id>/intrekken", methods=["POST"])
@guard("members.manage")
def revoke(plein, invitation_id):
    """Withdraw an open invitation; its link stops working."""
    invitation = service.get_invitation(plein, invitation_id) or abort(404)
    if invitation.role == "mt" and not can("members.grant_mt"):
        return _refused(plein)
    service.revoke_invitation(invitation)
    db.session.commit()
    flash(f"Uitnodiging voor {invitation.email} ingetrokken.", "success")
    return _after(plein)


@bp.route("/<int:membership_id>/verwijderen", methods=["POST"])
@guard("members.manage")
def remove(plein, membership_id):
    """Remove a member's role in this plein (after confirmation in the page)."""
    membership = service.get_membership(plein, membership_id) or abort(404)
    if membership.role == "mt" and not can("members.grant_mt"):
        return _refused(plein)
    name = membership.user.name
    service.remove_membership(membership)
    db.session.commit()
    flash(f"{name} is geen {membership.role_label.lower()} meer van dit plein.", "success")
    return _after(plein)


def _refused(plein):
    """403 with the members page and why (the lead asks the admin)."""
    return _page(plein, _invite_form(plein, blank=True), status=403, block="members",
                 refused=MT_BY_ADMIN)


def _after(plein):
    return redirect_after_post(
        url_for("members.index", plein_id=plein.id),
        lambda: _page(plein, _invite_form(plein, blank=True), block="members"),
    )
