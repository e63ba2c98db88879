"""Two people doing the same at the same moment where only one may: the database's
unique key refuses the second, who gets the page again (409) with a Dutch message
instead of an error page. (Not a shared_world module: the other person's save must come
through a connection of its own, as it would from another request.)"""

from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session

from plein.extensions import db
from plein.results.report_models import Report, ReportVersion
from tests.forms import assert_errors_visible, form_for, visible_text

CLASH = ("Iemand anders deed op hetzelfde moment hetzelfde, en dat kan maar één keer. Bekijk "
         "hieronder hoe het nu is en probeer het zo nodig opnieuw.")


def test_two_leads_publishing_at_once_get_one_version_and_a_message(app, web,
                                                                     report_world):
    world = report_world  # version 1 published, a draft of the next quarter
    draft = web.login("lead").get(f"/p/{world.plein}/resultaten/rapportages/concept/{world.report}")
    publish = form_for(draft, "/publiceren")
    done = []

    def other_lead_publishes_first(session, _context, _instances):
        """Just before this request writes its version 2, another lead's request
        (a connection of its own) publishes another draft as version 2."""
        if done or not any(isinstance(obj, ReportVersion) for obj in session.new):
            return
        done.append(True)
        with Session(db.engine) as other:
            report = Report(plein_id=world.plein, period="quarter",
                            starts_on=date(2027, 1, 1), created_by_id=world.lead_id)
            other.add(report)
            other.flush()
            other.add(ReportVersion(plein_id=world.plein, report_id=report.id, number=2,
                                    period="quarter", starts_on=date(2027, 1, 1),
                                    ends_on=date(2027, 3, 31), content="{}", sha256="0" * 64,
                                    published_by_id=world.lead_id))
            other.commit()

    event.listen(Session, "before_flush", other_lead_publishes_first)
    try:
        refused = publish.submit(status=409)
    finally:
        event.remove(Session, "before_flush", other_lead_publishes_first)
    assert CLASH in visible_text(refused)
    assert_errors_visible(web, refused)
    with app.app_context():  # one version 2, and this draft is still a draft
        assert db.session.query(ReportVersion).filter_by(plein_id=world.plein,
                                                         number=2).count() == 1
        assert db.session.get(Report, world.report).published is None
