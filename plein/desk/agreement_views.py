"""Referral agreements: "Wie kan helpen bij …?" for the desk, and keeping a partner's
agreement up to date (a partner user its own organisation's; another's is 404)."""

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import can, guard, me
from plein.desk import agreements, finder, tally
from plein.desk.forms import AgreementForm
from plein.forms import id_choice
from plein.htmx import render
from plein.programme import service as programme
from plein.saving import save, saved
from plein.text import clean_line

bp = Blueprint("desk_agreements", __name__, url_prefix="/p/<int:plein_id>/balie")


def _theme(plein, text):
    try:
        theme_id = id_choice(text)
    except ValueError:
        return None
    return next((t for t in programme.themes_of(plein) if t.id == theme_id), None)


@bp.route("/wie-kan-helpen")
@guard("desk.record")
def helpers(plein):
    """Find by theme or word the partners who can help, with their referral agreement
    and when they are next on the plein."""
    themes = programme.themes_of(plein)
    theme = _theme(plein, request.args.get("thema"))
    word = clean_line(request.args.get("q") or "")[:finder.WORDS_MAX]
    found = finder.find(plein, tally.local_now().replace(tzinfo=None), theme=theme,
                        word=word)
    own = tally.own_organisation(plein, me())
    return render("desk/helpers.html", "results", plein=plein, themes=themes, theme=theme,
                  word=word, found=found, own=own, staff=own is None,
                  searched=bool(theme or word))


def _organisation(plein):
    """None for library staff (any partner's agreement); a partner user's own
    organisation."""
    own = tally.own_organisation(plein, me())
    if own is None and not can("partners.edit"):
        abort(404)
    return own


def _partner_or_404(plein, partner_id):
    return agreements.get_partner(plein, partner_id, _organisation(plein)) or abort(404)


def _page(plein, partner, form, status=200):
    agreement = agreements.agreement_of(plein, partner)
    return render("desk/agreement.html", status=status, plein=plein, partner=partner,
                  agreement=agreement, form=form)


@bp.route("/afspraken/<int:partner_id>")
@guard("desk.agreements")
def agreement(plein, partner_id):
    """A partner's referral agreement, as a form."""
    partner = _partner_or_404(plein, partner_id)
    current = agreements.agreement_of(plein, partner)
    # not obj=current: WTForms prefers an object's attribute to a keyword, and the
    # stored ``ways`` is text ("call,card"), the field wants the list
    stored = {name: getattr(current, name) for name in agreements.LINES + ("needs",)
              } if current else {}
    form = AgreementForm(formdata=None, version=current.version_id if current else 0,
                         ways=current.way_values if current else [], **stored)
    return _page(plein, partner, form)


@bp.route("/afspraken/<int:partner_id>", methods=["POST"])
@guard("desk.agreements")
def save_agreement(plein, partner_id):
    partner = _partner_or_404(plein, partner_id)
    form = AgreementForm()
    return save(form, lambda: agreements.save(plein, partner, by=me(),
                                              expected_version=form.version.data,
                                              **form.for_service()),
                done=lambda a: saved(f"De doorverwijsafspraak met {partner.name} is "
                                     "opgeslagen.", url_for("desk_agreements.helpers",
                                                            plein_id=plein.id)),
                again=lambda status: _page(plein, partner, form, status=status))
