"""plein: set up and run an Ontwikkelplein."""

from flask import Flask

from plein import config as config_module
from plein import extensions as ext


def create_app(config=None):
    """Build the app. ``config`` (a dict) overrides defaults and ``PLEIN_*`` variables."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    config_module.load(app, config)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Client address (login throttling, signatures) and scheme from the proxies'
        # X-Forwarded-For/-Proto; the Host header must be passed on by the proxy itself.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    from plein import models  # noqa: F401  (every table known to the metadata)

    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=_migrations_dir(), render_as_batch=True)
    ext.csrf.init_app(app)
    ext.htmx.init_app(app)
    ext.babel.init_app(app, locale_selector=lambda: "nl")
    _init_login(app)

    from plein import assets, web

    web.init_app(app)
    assets.init_app(app)

    from plein.accounts.views import bp as accounts_bp
    from plein.admin.views import bp as admin_bp
    from plein.agreements.views import bp as agreements_bp
    from plein.assessment.views import bp as assessment_bp
    from plein.communication import calendar_views  # noqa: F401 (its routes on the bp)
    from plein.communication.views import bp as communication_bp
    from plein.dashboard.views import bp as dashboard_bp
    from plein.desk.agreement_views import bp as desk_agreements_bp
    from plein.desk.figure_views import bp as desk_figures_bp
    from plein.desk.referral_views import bp as desk_referrals_bp
    from plein.desk.views import bp as desk_bp
    from plein.mail import account_mail, delivery  # noqa: F401 (account_mail: its receivers)
    from plein.mail.views import bp as mail_bp
    from plein.meetings.views import bp as meetings_bp
    from plein.members.views import bp as members_bp
    from plein.partners.views import bp as partners_bp
    from plein.plan.views import bp as plan_bp
    from plein.programme.desk_views import bp as programme_desk_bp
    from plein.programme.output_views import bp as programme_outputs_bp
    from plein.programme.public_views import bp as public_programme_bp
    from plein.programme.setup_views import bp as programme_setup_bp
    from plein.programme.views import bp as programme_bp
    from plein.results.evaluation_views import bp as evaluations_bp
    from plein.results.report_views import bp as reports_bp
    from plein.results.success_views import bp as successes_bp
    from plein.results.views import bp as results_bp
    from plein.roadmap.views import bp as roadmap_bp

    for bp in (accounts_bp, admin_bp, dashboard_bp, members_bp, roadmap_bp, partners_bp,
               assessment_bp, agreements_bp, plan_bp, mail_bp, programme_bp,
               programme_setup_bp, programme_outputs_bp, public_programme_bp, desk_bp,
               desk_figures_bp, programme_desk_bp, results_bp, desk_agreements_bp,
               desk_referrals_bp, reports_bp, communication_bp, meetings_bp,
               successes_bp, evaluations_bp):
        app.register_blueprint(bp)
    delivery.init_app(app)

    import plein.communication.answers  # noqa: F401 (the items communication answers)
    import plein.desk.answers  # noqa: F401 (the checklist items the desk answers)
    import plein.desk.panels  # noqa: F401 (the referral agreement on an activity's page)
    import plein.meetings.answers  # noqa: F401 (the checklist items meetings answer)
    import plein.plan.answers  # noqa: F401 (the checklist items the plan answers)
    import plein.programme.answers  # noqa: F401 (and those the programme answers)
    import plein.results.evaluation_answers  # noqa: F401 (the evaluation item)
    import plein.results.successes  # noqa: F401 (shareable stories on the public page)
    from plein.cli import plein_cli
    from plein.forms import refused_forms
    from plein.roadmap.phases import Phase

    app.jinja_env.globals.update(Phase=Phase, refused_forms=refused_forms)
    app.cli.add_command(plein_cli)
    web.check_every_view_is_guarded(app)
    from plein.desk.purge import at_startup

    at_startup(app)  # warm referrals' personal fields past their time are erased
    return app


def _migrations_dir():
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")


def _init_login(app):
    from plein.accounts import sessions

    app.session_interface = sessions.CookieSessions()
    ext.login_manager.init_app(app)
    ext.login_manager.login_view = "accounts.login"
    ext.login_manager.login_message = "Log in om deze pagina te bekijken."
    ext.login_manager.session_protection = "basic"
    ext.login_manager.user_loader(sessions.load_user)
    app.before_request(sessions.check_request)
