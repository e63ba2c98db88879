"""The voortgangsrapportage of a seeded plein: last year's report published (every goal
of the year in it, a year of tallies and programme), a comment of the MT, and a new
draft over the same year (the draft page computes every section live)."""

from datetime import date


def seed_reports(plein, users, year):
    """Version 1 over ``year``; returns the id of the draft."""
    from plein.results import reports

    lead = users["lead"]
    texts = {key: f"Toelichting {key} over {year}." for key in ("goals", "programme",
                                                                 "partners")}
    report = reports.start_draft(plein, by=lead, period="year", starts_on=date(year, 1, 1),
                                 texts=texts)
    version = reports.publish(plein, report, by=lead, expected_version=report.version_id)
    reports.comment(plein, version, by=users.get("mt", lead), body="Dank, helder overzicht.")
    draft = reports.new_version(plein, version, by=lead)  # the same year, figures live
    return draft.id
