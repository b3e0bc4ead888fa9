from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakthroughsConfig(AppConfig):
    name = "breakthroughs"
    verbose_name = _("Doorbraken")

    def ready(self) -> None:
        from breakthroughs import tasks
        from breakthroughs.services.notifications import NOTIFICATIONS_CREATED
        from casework.sections import register_case_section
        from core.events import subscribe
        from core.models import Role
        from core.navigation import register_nav

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
        )
        # The services announce new notifications; the e-mail copies go out through the task.
        subscribe(NOTIFICATIONS_CREATED, tasks.send_notification_emails.delay)
