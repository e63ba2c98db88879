"""Who may open what: the route x role matrix, and pleinen that stay apart."""

import pytest

from tests.conftest import login, text_of
from tests.worlds import ROLES

# ~650 tests that only read the world or change it in one request: build it once
pytestmark = pytest.mark.shared_world

# endpoint -> (method, {role: expected status}). POSTs send an empty form (CSRF off):
# 422 means "allowed in, form refused"; 303 means the action ran.
# Roles: anonymous, nonmember (no membership anywhere), admin (flag, no membership),
# lead, team, mt, partner (members of plein A).
ANON = {"anonymous": 302}
MEMBERS_ONLY = {"nonmember": 404}


def table(anonymous=302, nonmember=404, **roles):
    return {"anonymous": anonymous, "nonmember": nonmember, **roles}


MATRIX = {
    "static": ("GET", dict.fromkeys(ROLES, 200)),
    "healthz": ("GET", dict.fromkeys(ROLES, 200)),
    "accounts.login": ("GET", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    "accounts.login:post": ("POST", {**dict.fromkeys(ROLES, 302), "anonymous": 422}),
    "accounts.login_alias": ("GET", dict.fromkeys(ROLES, 301)),
    "accounts.logout": ("POST", {**dict.fromkeys(ROLES, 303), "anonymous": 302}),
    "accounts.index": ("GET", table(nonmember=200, admin=200, lead=302, team=302, mt=302,
                                    partner=302)),
    "accounts.password": ("GET", {**dict.fromkeys(ROLES, 200), "anonymous": 302}),
    "accounts.password:post": ("POST", {**dict.fromkeys(ROLES, 422), "anonymous": 302}),
    "accounts.accept": ("GET", dict.fromkeys(ROLES, 200)),
    "accounts.accept:post": ("POST", dict.fromkeys(ROLES, 422)),
    "admin.pleinen": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}),
    "admin.create_plein": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302,
                                    "admin": 422}),
    "admin.users": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}),
    "admin.create_user": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302,
                                   "admin": 422}),
    "admin.deactivate": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302,
                                  "admin": 303}),
    "admin.reset_password": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302,
                                      "admin": 422}),
    "admin.verify_agreements": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302,
                                        "admin": 200}),
    "admin.audit_log": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}),
    "admin.activate": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 303}),
    "dashboard.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "dashboard.partner_home": ("GET", table(admin=403, lead=403, team=403, mt=403,
                                            partner=200)),
    "dashboard.audit_log": ("GET", table(admin=200, lead=200, team=403, mt=403, partner=403)),
    "members.index": ("GET", table(admin=200, lead=200, team=403, mt=403, partner=403)),
    "members.invite": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "members.revoke": ("POST", table(admin=303, lead=303, team=403, mt=403, partner=403)),
    "members.remove": ("POST", table(admin=303, lead=303, team=403, mt=403, partner=403)),
    "members.change": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "roadmap.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "roadmap.item": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "roadmap.row": ("GET", table(admin=303, lead=303, team=303, mt=303, partner=403)),
    "roadmap.update_item": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.set_status": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.add_note": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.add_item": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.move_item": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.delete_item": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "roadmap.gate": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    # the gate is closed in a new plein: allowed roles are sent back to the gate page
    "roadmap.advance": ("POST", table(admin=303, lead=303, team=403, mt=403, partner=403)),
    "roadmap.go_back": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "roadmap.export_csv": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "roadmap.print_view": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "partners.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "partners.new": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "partners.create": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "partners.detail": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "partners.edit": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "partners.update": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "partners.set_status": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "partners.add_note": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "partners.quickstart": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "partners.add_suggestions": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    # the afwegingstabel judges partners: partner users never reach any of it
    "assessment.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "assessment.score": ("POST", table(admin=303, lead=303, team=303, mt=403, partner=403)),
    "assessment.partner": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "assessment.save_scores": ("POST", table(admin=303, lead=303, team=303, mt=403,
                                             partner=403)),
    # the checks carry their answers as shown; an empty form lacks them: refused
    "assessment.answer_checks": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    "assessment.decide": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "assessment.compare": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "assessment.criteria": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "assessment.add_criterion": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                               partner=403)),
    "assessment.update_criterion": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                                  partner=403)),
    # a delete carries the version as shown; an empty form has none: refused (422)
    "assessment.delete_criterion": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                                  partner=403)),
    "assessment.unlock": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "assessment.lock": ("POST", table(admin=303, lead=303, team=403, mt=403, partner=403)),
    "assessment.export_csv": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                           partner=403)),
    "assessment.export_xlsx": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                            partner=403)),
    "assessment.print_view": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                           partner=403)),
    # plein A has an agreement with version 1; Welzijn (the "partner" user's
    # organisation) is a party to it
    "agreements.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "agreements.start": ("POST", table(admin=303, lead=303, team=303, mt=403, partner=403)),
    "agreements.draft": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "agreements.save_sections": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    "agreements.add_party": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                           partner=403)),
    "agreements.save_commitment": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                 partner=403)),
    "agreements.remove_party": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                              partner=403)),
    # an empty form lacks the draft version and the confirmation: refused
    "agreements.publish": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "agreements.version": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "agreements.sign": ("POST", table(admin=403, lead=422, team=403, mt=403, partner=422)),
    "agreements.decline": ("POST", table(admin=403, lead=422, team=403, mt=403, partner=422)),
    # partners print and compare the versions their organisation is a party to
    "agreements.compare": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "agreements.print_view": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                           partner=200)),
    # the receipt of your organisation's answer: nobody has answered version 1 yet
    "agreements.receipt": ("GET", table(admin=403, lead=404, team=403, mt=403, partner=404)),
    "agreements.verify": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    # the PDF: the same readers as the print view
    "agreements.pdf_download": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                             partner=200)),
    # dates, joining and leaving: the lead (and admin); empty forms are refused
    "agreements.terms_page": ("GET", table(admin=200, lead=200, team=403, mt=403,
                                           partner=403)),
    "agreements.save_terms": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                            partner=403)),
    "agreements.changes": ("GET", table(admin=200, lead=200, team=403, mt=403, partner=403)),
    "agreements.accede": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "agreements.withdraw": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                          partner=403)),
    # toetreding 1 (Schuldhulp): Welzijn, a party to version 1, reads it too
    "agreements.accession": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                          partner=200)),
    "agreements.sign_accession": ("POST", table(admin=403, lead=422, team=403, mt=403,
                                                partner=422)),
    "agreements.decline_accession": ("POST", table(admin=403, lead=422, team=403, mt=403,
                                                   partner=422)),
    # the joining organisation's receipt: toetreding 1 is not answered yet
    "agreements.accession_receipt": ("GET", table(admin=403, lead=404, team=403, mt=403,
                                                  partner=404)),
    "dashboard.mt": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "plan.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "plan.start": ("POST", table(admin=303, lead=303, team=403, mt=403, partner=403)),
    "plan.edit": ("GET", table(admin=200, lead=200, team=403, mt=403, partner=403)),
    # an empty form has no version: refused as incomplete (plein.forms.version_field)
    "plan.save": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "plan.add_line": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "plan.save_line": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "plan.delete_line": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    # an empty form has no version: refused as incomplete (plein.forms.version_field)
    "plan.submit": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "plan.snapshot": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    # only MT members review; an admin flag is no MT seat
    "plan.review": ("POST", table(admin=403, lead=403, team=403, mt=422, partner=403)),
    "plan.post_message": ("POST", table(admin=422, lead=422, team=403, mt=422, partner=403)),
    # the outbox is the installation admin's; the world's invitation waits in it
    "mail.outbox": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}),
    "mail.message": ("GET", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}),
    "mail.resend": ("POST", {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 303}),
    "mail.preferences": ("GET", {**dict.fromkeys(ROLES, 200), "anonymous": 302}),
    # an empty form keeps every choice as it is ("er was niets gewijzigd")
    "mail.preferences:post": ("POST", {**dict.fromkeys(ROLES, 303), "anonymous": 302}),
    # no login: the signed token decides (here the invitation's token, which is none)
    "mail.unsubscribe": ("GET", dict.fromkeys(ROLES, 404)),
    "mail.unsubscribe:post": ("POST", dict.fromkeys(ROLES, 404)),
    # the programme: everyone in the plein reads it, library staff edit it; the partner
    # user keeps its own organisation's offer (the world's activity is Welzijn's: see
    # tests/test_programme_own.py for another organisation's, 404)
    "programme.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "programme.offer_list": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                          partner=200)),
    "programme.ours": ("GET", table(admin=403, lead=403, team=403, mt=403, partner=200)),
    "programme.activity": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "programme.new": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=200)),
    "programme.create": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=422)),
    "programme.edit": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=200)),
    "programme.update": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=422)),
    "programme.add_schedule": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                             partner=422)),
    "programme.remove_schedule": ("POST", table(admin=303, lead=303, team=303, mt=403,
                                                partner=303)),
    "programme.change_date": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                            partner=422)),
    "programme.undo_change": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                            partner=422)),
    # hiding: the lead (an empty form lacks the reason and version: refused)
    "programme.hide": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "programme.unhide": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "programme_setup.setup": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                           partner=200)),
    "programme_setup.set_day_part": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                   partner=403)),
    "programme_setup.add_name": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    "programme_setup.rename": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                             partner=403)),
    # the world's theme is in use: refused with a reason
    "programme_setup.remove_name": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                  partner=403)),
    "programme_setup.closing": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                             partner=200)),
    "programme_setup.add_closing": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                  partner=403)),
    "programme_setup.remove_closing": ("POST", table(admin=303, lead=303, team=303, mt=403,
                                                     partner=403)),
    # the desk rota: everyone reads it; library staff edit every shift, the partner user
    # its own organisation's (the world's shift is a volunteer of Welzijn, the partner's)
    "programme_desk.rota_page": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                              partner=200)),
    "programme_desk.add_shift": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=422)),
    "programme_desk.remove_shift": ("POST", table(admin=303, lead=303, team=303, mt=403,
                                                  partner=303)),
    "programme_desk.swap": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                          partner=422)),
    "programme_desk.undo_swap": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=422)),
    # promised against planned, of every partner: library side; a partner sees its own
    # figure on its home page
    "programme_desk.pledges_page": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                                 partner=403)),
    # the desk: staff and partner users count; everyone reads the figures (a partner with
    # small counts hidden); the exact monthly CSV is the library's
    "desk.index": ("GET", table(admin=403, lead=200, team=200, mt=403, partner=200)),
    "desk.record": ("POST", table(admin=403, lead=422, team=422, mt=403, partner=422)),
    "desk.undo": ("POST", table(admin=403, lead=422, team=422, mt=403, partner=422)),
    # results: library staff set goals and measure, the MT reads, partners see none
    "results.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "results.goal": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "results.new": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "results.create": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "results.edit": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "results.update": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "results.measure": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "desk_figures.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "desk_figures.month_csv": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                            partner=403)),
    # the programme's outputs: the folder for everyone in the plein, the secret links for
    # the lead (a link made is shown once: 200); no screen link yet, so nothing to
    # switch off (303) and no desk-names choice (422)
    "programme_outputs.folder": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                              partner=200)),
    "programme_outputs.links_page": ("GET", table(admin=200, lead=200, team=403, mt=403,
                                                  partner=403)),
    "programme_outputs.renew": ("POST", table(admin=200, lead=200, team=403, mt=403,
                                              partner=403)),
    "programme_outputs.switch_off": ("POST", table(admin=303, lead=303, team=403, mt=403,
                                                   partner=403)),
    "programme_outputs.desk_names": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                                   partner=403)),
    # everyone's own iCal link, in or outside a plein
    "programme_outputs.my_feed": ("GET", {**dict.fromkeys(ROLES, 200), "anonymous": 302}),
    "programme_outputs.renew_my_feed": ("POST", {**dict.fromkeys(ROLES, 200),
                                                 "anonymous": 302}),
    # opened without a login: a token that is no live link of its kind is a 404 for
    # everyone (tests/test_programme_links.py opens them with real links)
    "public_programme.screen": ("GET", dict.fromkeys(ROLES, 404)),
    "public_programme.page": ("GET", dict.fromkeys(ROLES, 404)),
    "public_programme.feed": ("GET", dict.fromkeys(ROLES, 404)),
    "public_programme.personal_feed": ("GET", dict.fromkeys(ROLES, 404)),
    # warm referrals (referral_world: a referral to Welzijn, the partner user's
    # organisation): the desk refers and finds who can help; the lead, team and the
    # referred partner see referrals with their personal fields; the MT figures only
    "desk_agreements.helpers": ("GET", table(admin=403, lead=200, team=200, mt=403,
                                             partner=200)),
    "desk_agreements.agreement": ("GET", table(admin=403, lead=200, team=200, mt=403,
                                               partner=200)),
    "desk_agreements.save_agreement": ("POST", table(admin=403, lead=422, team=422, mt=403,
                                                     partner=422)),
    "desk_referrals.refer_form": ("GET", table(admin=403, lead=200, team=200, mt=403,
                                               partner=200)),
    "desk_referrals.refer": ("POST", table(admin=403, lead=422, team=422, mt=403,
                                           partner=422)),
    "desk_referrals.index": ("GET", table(admin=403, lead=200, team=200, mt=403,
                                          partner=200)),
    "desk_referrals.detail": ("GET", table(admin=403, lead=200, team=200, mt=403,
                                           partner=200)),
    "desk_referrals.set_status": ("POST", table(admin=403, lead=422, team=422, mt=403,
                                                partner=422)),
    # a signal becomes a checklist item or a draft activity: the lead (an empty form is
    # refused, 422, with its message)
    "desk_figures.signal_to_item": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                                  partner=403)),
    "desk_referrals.privacy": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                            partner=200)),
    # the voortgangsrapportage: the lead composes and publishes (a draft is the lead's
    # alone; a second draft beside the world's is refused: 422), the MT comments and the
    # lead answers, everyone in the plein reads published versions, partners included
    "reports.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "reports.start": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "reports.draft": ("GET", table(admin=200, lead=200, team=403, mt=403, partner=403)),
    "reports.update": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "reports.publish": ("POST", table(admin=422, lead=422, team=403, mt=403, partner=403)),
    "reports.version": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "reports.comment": ("POST", table(admin=422, lead=422, team=403, mt=422, partner=403)),
    "reports.new_version": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                          partner=403)),
    "reports.print_view": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                        partner=200)),
    "reports.pdf": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    # communication: library staff keep the plan, calendar and figures, the MT reads;
    # a partner user sees and moves on its own organisation's calendar items only
    "communication.plan": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "communication.print_plan": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                              partner=403)),
    "communication.save_plan": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                              partner=403)),
    "communication.new_audience": ("GET", table(admin=200, lead=200, team=200, mt=403,
                                                partner=403)),
    "communication.create_audience": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                    partner=403)),
    "communication.edit_audience": ("GET", table(admin=200, lead=200, team=200, mt=403,
                                                 partner=403)),
    "communication.update_audience": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                    partner=403)),
    # the world's plan names no one responsible: the lead (a member) owns the goal
    "communication.audience_goal": ("POST", table(admin=422, lead=303, team=303, mt=403,
                                                  partner=403)),
    "communication.monitoring_page": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                                   partner=403)),
    "communication.add_figure": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    "communication.calendar": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                            partner=403)),
    "communication.new_item": ("GET", table(admin=200, lead=200, team=200, mt=403,
                                            partner=403)),
    "communication.create_item": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                partner=403)),
    "communication.edit_item": ("GET", table(admin=200, lead=200, team=200, mt=403,
                                             partner=403)),
    "communication.update_item": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                                partner=403)),
    "communication.partner_items": ("GET", table(admin=403, lead=403, team=403, mt=403,
                                                 partner=200)),
    "communication.item_status": ("POST", table(admin=403, lead=403, team=403, mt=403,
                                                partner=422)),
    # meetings: library staff record them, the MT reads; a partner user has its own two
    # pages (the meetings its organisation attended: the world's partner was there)
    "meetings.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "meetings.new": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "meetings.create": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "meetings.meeting": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "meetings.edit": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "meetings.update": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "meetings.add_action": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                          partner=403)),
    "meetings.attended": ("GET", table(admin=403, lead=403, team=403, mt=403, partner=200)),
    "meetings.attended_meeting": ("GET", table(admin=403, lead=403, team=403, mt=403,
                                               partner=200)),
    # success stories: everyone reads (a partner its organisation's), library staff
    # write and edit, a partner adds one its organisation is in, the lead picks the
    # collector
    "successes.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=200)),
    "successes.new": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=200)),
    "successes.create": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=422)),
    "successes.edit": ("GET", table(admin=200, lead=200, team=200, mt=403, partner=403)),
    "successes.update": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "successes.set_collector": ("POST", table(admin=422, lead=422, team=403, mt=403,
                                              partner=403)),
    # evaluation moments (the world's is planned, its questionnaire open): library staff
    # plan, record and open or close; the MT reads; a partner user answers for its own
    # organisation (the moment's page with every organisation's answers is not theirs)
    "evaluations.index": ("GET", table(admin=200, lead=200, team=200, mt=200, partner=403)),
    "evaluations.moment": ("GET", table(admin=200, lead=200, team=200, mt=200,
                                        partner=403)),
    "evaluations.plan": ("POST", table(admin=422, lead=422, team=422, mt=403, partner=403)),
    "evaluations.record": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                         partner=403)),
    "evaluations.improve": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                          partner=403)),
    "evaluations.open_survey": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                              partner=403)),
    "evaluations.close_survey": ("POST", table(admin=422, lead=422, team=422, mt=403,
                                               partner=403)),
    "evaluations.survey": ("GET", table(admin=403, lead=403, team=403, mt=403,
                                        partner=200)),
    "evaluations.answer": ("POST", table(admin=403, lead=403, team=403, mt=403,
                                         partner=422)),
}


_URLS = {}  # (app, endpoint, world's ids) -> (app, URL): the matrix asks 7 times each


def url_for_endpoint(app, world, endpoint):
    """A real URL for the endpoint, with ids from plein A."""
    key = (id(app), endpoint, repr(sorted(world.ids.items())))
    if key not in _URLS:  # the app is kept with the URL, so its id is not reused
        _URLS[key] = (app, _url_for_endpoint(app, world, endpoint))
    return _URLS[key][1]


def _url_for_endpoint(app, world, endpoint):
    values = {
        "plein_id": world.plein, "membership_id": world.team_membership,
        "invitation_id": world.invitation, "user_id": world.mt_id, "token": world.token,
        "item_id": world.item, "partner_id": world.welzijn, "criterion_id": world.criterion,
        "party_id": world.welzijn_party, "number": 1, "line_id": world.line,
        "filename": "css/app.css", "accession_number": world.ids.get("accession_number", 1),
        "message_id": world.message,
        "activity_id": world.activity, "schedule_id": world.schedule,
        "kind": "assigned" if endpoint.startswith("mail.") else "themas",
        "record_id": world.theme, "closing_id": world.closing, "shift_id": world.shift,
        "period": "2026-12", "which": "scherm", "goal_id": world.goal,
        "report_id": world.ids.get("report", 0),
        "referral_id": world.ids.get("referral", 0), "audience_id": world.audience,
        "calendar_item_id": world.calendar_item, "meeting_id": world.meeting,
        "story_id": world.story,
        "evaluation_id": world.evaluation,
    }
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


def test_every_route_is_in_the_matrix(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add(rule.endpoint if method == "GET" else f"{rule.endpoint}:post")
    covered = {key if MATRIX[key][0] == "GET" or ":post" in key else f"{key}:post"
               for key in MATRIX}
    missing = routes - covered
    assert not missing, f"routes missing from the matrix: {sorted(missing)}"
    assert not covered - routes, f"matrix rows without a route: {sorted(covered - routes)}"
    for key, (_method, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), f"{key} does not list every role"


@pytest.fixture(scope="module")
def signed_in(app, _shared_world):
    """A login session per role, made once in the module's world (outside every test's
    savepoint, so a case that logs out or changes a password ends it for itself only):
    each case starts with that role's cookie instead of logging in again."""
    cookies = {}
    for role in ROLES:
        if role != "anonymous":
            client = app.test_client()
            assert login(client, role).status_code == 303, f"login as {role} failed"
            cookies[role] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return cookies


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_role_matrix(app, accession_world, plan_world, referral_world, report_world,
                           signed_in, key, role):
    world = accession_world
    method, expected = MATRIX[key]
    client = app.test_client()
    if role != "anonymous":
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], signed_in[role])
    url = url_for_endpoint(app, world, key.split(":")[0])
    response = client.get(url) if method == "GET" else client.post(url, data={})
    assert response.status_code == expected[role], (
        f"{method} {url} as {role}: {response.status_code}, expected {expected[role]}"
    )
    if response.status_code == 302 and role == "anonymous" and "login" not in key:
        assert response.headers["Location"].startswith("/inloggen")
    if response.status_code in (403, 404):
        assert "foutcode" in text_of(response)  # the Dutch error page, not Werkzeug's


PLEIN_PAGES = ["/p/{id}/", "/p/{id}/leden/", "/p/{id}/logboek", "/p/{id}/partner"]


@pytest.mark.parametrize("role", ["lead", "team", "mt", "partner"])
def test_member_of_plein_a_gets_404_everywhere_in_plein_b(client, world, role):
    login(client, role)
    for page in PLEIN_PAGES:
        response = client.get(page.format(id=world.other))
        assert response.status_code == 404, page
        assert "Plein Beta" not in text_of(response)
    for post in (f"/p/{world.other}/leden/uitnodigen",
                 f"/p/{world.other}/leden/{world.team_membership}/verwijderen"):
        response = client.post(post, data={"email": "x@test.example", "role": "team"})
        assert response.status_code == 404


def test_lead_of_a_cannot_remove_a_membership_through_plein_b_ids(client, world):
    """An id of plein A used under plein B's URL is not found, and nothing changes."""
    login(client, "lead_b@test.example")
    url = f"/p/{world.other}/leden/{world.team_membership}/verwijderen"
    assert client.post(url).status_code == 404
    login_team = client.application.test_client()
    login(login_team, "team")
    assert login_team.get(f"/p/{world.plein}/").status_code == 200


def test_unknown_plein_is_404_for_admin_too(client, world):
    login(client, "admin")
    assert client.get("/p/999999/").status_code == 404


def test_navigation_fits_the_role(client, world):
    expectations = {
        "lead": ({"Dashboard", "Plan", "Leden", "Logboek", "Resultaten"},
                 {"Beheer", "Mijn organisatie", "MT-overzicht"}),
        "team": ({"Dashboard", "Plan"}, {"Leden", "Logboek", "Beheer", "MT-overzicht"}),
        "mt": ({"Dashboard", "Plan", "MT-overzicht", "Resultaten"},
               {"Leden", "Logboek", "Beheer"}),
        "admin": ({"Dashboard", "Leden", "Logboek", "Beheer"}, {"Mijn organisatie"}),
    }
    for role, (present, absent) in expectations.items():
        login(client, role)
        nav = client.get(f"/p/{world.plein}/").get_data(as_text=True).split("</nav>")[0]
        for label in present:
            assert f">{label}</a>" in nav, (role, label)
        for label in absent:
            assert f">{label}</a>" not in nav, (role, label)
        client.post("/uitloggen")
    login(client, "partner")
    page = client.get(f"/p/{world.plein}/partner")
    nav = page.get_data(as_text=True).split("</nav>")[0]
    assert ">Mijn organisatie</a>" in nav and ">Dashboard</a>" not in nav
    assert ">Plan</a>" not in nav and ">Resultaten</a>" not in nav
    assert "namens Welzijn Alfa" in text_of(page)
