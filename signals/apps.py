from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    """Knelpunten (signals) curated by policy officers, and the periodic reports to the VNG.

    Depends on breakthroughs and below; nothing but `config` imports it, and the hub only its pure
    report format (`signals.reporting`).
    """

    name = "signals"
    label = "signals"
    verbose_name = _("Signalen")
    # Append-only tables: the app's database role may only INSERT and SELECT (db_grant_app_role).
    append_only_models = ("SignalStatusChange",)

    def ready(self) -> None:
        from core.events import subscribe_task
        from core.presentation.labels import register_labels
        from signals import constants, nav
        from signals.constants import REPORT_QUEUED

        for kind, choices in (
            ("signal_status", constants.SignalStatus),
            ("signal_route", constants.SignalRoute),
            ("report_status", constants.ReportStatus),
        ):
            register_labels(kind, choices)
        nav.register()
        # The services announce a queued report; the delivery task takes it from there (outbox).
        # By name: importing signals.tasks here would load the report builder and the delivery
        # client into every management command's start-up.
        subscribe_task(REPORT_QUEUED, "signals.tasks.deliver_report")
