from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakthroughsConfig(AppConfig):
    name = "breakthroughs"
    verbose_name = _("Doorbraken")
    # Append-only tables: the app's database role may only INSERT and SELECT (db_grant_app_role).
    append_only_models = ("BreakthroughTransition",)

    def ready(self) -> None:
        from breakthroughs import constants
        from breakthroughs.selectors import case_summary_items
        from breakthroughs.services.notifications import NOTIFICATIONS_CREATED
        from breakthroughs.workflow import STEP_LABELS
        from casework.sections import register_case_section, register_case_summary
        from core.dashboard import register_dashboard_panel
        from core.events import subscribe_task
        from core.models import Role
        from core.navigation import register_nav
        from core.presentation.labels import register_labels

        for kind, choices in (
            ("breakthrough_status", constants.Status),
            ("category", constants.Category),
            ("legal_route", constants.LegalRoute),
            ("cost_kind", constants.CostKind),
            ("urgency", constants.Urgency),
            ("pillar", constants.Pillar),
            ("theme", constants.Theme),
            ("knelpunt_type", constants.KnelpuntType),
            ("mandate_level", constants.MandateLevel),
            ("goal_reached", constants.GoalReached),
            ("notification_kind", constants.NotificationKind),
        ):
            register_labels(kind, choices)
        register_labels("breakthrough_step", STEP_LABELS)

        register_nav(
            url_name="breakthroughs:list",
            label=_("Doorbraken"),
            roles={Role.PROFESSIONAL, Role.TEAM_LEAD},
            order=30,
        )
        register_nav(
            url_name="breakthroughs:queue",
            label=_("Beoordelen"),
            roles={Role.TEAM_LEAD, Role.BOARD_MEMBER},
            order=40,
        )
        register_nav(
            url_name="breakthroughs:pots",
            label=_("Budgetten"),
            roles={Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN},
            order=45,
        )
        register_case_section(
            key="doorbraken",
            label=_("Doorbraken"),
            url_name="breakthroughs:case-section",
            order=70,
            # Keeps room on the case page while the section loads.
            shape="breakthroughs.selectors.case_section_shape",
        )
        register_case_summary(key="doorbraken", provider=case_summary_items, order=70)
        register_dashboard_panel(
            key="mijn-doorbraken",
            roles={Role.PROFESSIONAL},
            render="breakthroughs.views.dashboard.my_breakthroughs_panel",
            order=20,
        )
        register_dashboard_panel(
            key="wacht-op-besluit",
            roles={Role.TEAM_LEAD, Role.BOARD_MEMBER},
            render="breakthroughs.views.dashboard.decisions_panel",
            order=5,
        )
        # The services announce new notifications; the e-mail copies go out through the task
        # (outbox: recorded with the notifications, sent when the broker can take it). By name, as
        # the signals app does: importing the tasks here loads the hub client into every start-up.
        subscribe_task(NOTIFICATIONS_CREATED, "breakthroughs.tasks.send_notification_emails")
