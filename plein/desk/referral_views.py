"""Warm referrals: refer a visitor from the desk, follow a referral up, and the privacy
page that says what is kept.

A partner user reaches only referrals to its own organisation (another's: 404); the
lead and team reach every referral of the plein. Showing a referral's personal fields
writes a logboek event (``referrals.show_personal``), committed with the page.
"""

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import guard, me
from plein.desk import agreements, referrals, tally
from plein.desk.forms import ReferForm, StatusForm
from plein.desk.models import ReferralStatus
from plein.extensions import db
from plein.forms import choices, id_choice
from plein.htmx import render
from plein.programme import service as programme
from plein.saving import save, saved

bp = Blueprint("desk_referrals", __name__, url_prefix="/p/<int:plein_id>/balie")


def _choose(plein, form):
    form.partner_id.choices = choices(
        [(0, "Kies een organisatie")] + [(p.id, p.name) for p in agreements.partners_of(plein)])
    form.theme_id.choices = choices(
        [(0, "Kies een thema")] + [(t.id, t.name) for t in programme.themes_of(plein)])
    return form


def _picked(name):
    try:
        return id_choice(request.args.get(name))
    except ValueError:
        return 0


def _refer_page(plein, form, status=200):
    return render("desk/refer.html", status=status, plein=plein, form=_choose(plein, form),
                  days=referrals.retention_days(),
                  made=referrals.made_by(plein, me(), limit=10))


@bp.route("/doorverwijzen")
@guard("desk.record")
def refer_form(plein):
    """Refer a visitor warmly (``?partner=`` and ``?thema=`` from "Wie kan helpen?")."""
    form = ReferForm(formdata=None, partner_id=_picked("partner"), theme_id=_picked("thema"))
    return _refer_page(plein, form)


@bp.route("/doorverwijzen", methods=["POST"])
@guard("desk.record")
def refer(plein):
    form = _choose(plein, ReferForm())
    return save(form, lambda: referrals.refer(plein, by=me(), **form.for_service()),
                done=lambda r: saved(
                    f"Doorverwezen naar {r.partner.name} voor {r.theme_name}. Geteld als "
                    "contact (doorverwezen)."
                    + (f" {r.partner.name} ziet de vraag om contact op te nemen." if
                       r.has_personal else ""),
                    url_for("desk_referrals.refer_form", plein_id=plein.id)),
                again=lambda status: _refer_page(plein, form, status=status))


def _organisation(plein):
    """None for the lead and team (every referral); a partner user's organisation."""
    return tally.own_organisation(plein, me())


@bp.route("/doorverwijzingen")
@guard("desk.referrals")
def index(plein):
    """The referrals: the lead and team see all of them, a partner user those to its
    own organisation; each with its status. No personal field in the list."""
    own = _organisation(plein)
    return render("desk/referrals.html", plein=plein, own=own,
                  referrals=referrals.referrals_of(plein, own),
                  made=referrals.made_by(plein, me(), limit=10) if own else [],
                  days=referrals.retention_days())


def _referral_or_404(plein, referral_id):
    return referrals.get_referral(plein, referral_id, _organisation(plein)) or abort(404)


def _detail(plein, referral, form=None, status=200):
    # the logboek holds every showing of the personal fields (a refused form shows them
    # again: that is logged too; the refused change itself was rolled back)
    if referrals.show_personal(plein, referral, by=me()):
        db.session.commit()
    chosen = referral.status if referral.status != ReferralStatus.OPEN else None
    form = form or StatusForm(formdata=None, version=referral.version_id, status=chosen,
                              note=referral.status_note)
    return render("desk/referral.html", status=status, plein=plein, referral=referral,
                  form=form, days=referrals.retention_days())


@bp.route("/doorverwijzingen/<int:referral_id>")
@guard("desk.referrals")
def detail(plein, referral_id):
    """One referral, with the visitor's first name and phone or e-mail while they are
    kept (this showing is logged), and the follow-up form."""
    return _detail(plein, _referral_or_404(plein, referral_id))


@bp.route("/doorverwijzingen/<int:referral_id>/stand", methods=["POST"])
@guard("desk.referrals")
def set_status(plein, referral_id):
    referral = _referral_or_404(plein, referral_id)
    form = StatusForm()
    return save(form, lambda: referrals.set_status(
                    plein, referral, status=form.status.data, note=form.note.data, by=me(),
                    expected_version=form.version.data),
                done=lambda r: saved(
                    f"Stand bijgewerkt: {r.status_label.lower()}."
                    + (" De contactgegevens zijn gewist." if r.erased_at and r.is_closed
                       else ""),
                    url_for("desk_referrals.detail", plein_id=plein.id,
                            referral_id=r.id)),
                again=lambda status: _detail(plein, referral, form, status=status))


@bp.route("/privacy")
@guard("desk.privacy")
def privacy(plein):
    """What a warm referral keeps about a visitor, why, who sees it, when it goes."""
    return render("desk/privacy.html", plein=plein, days=referrals.retention_days())
