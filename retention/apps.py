from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Bewaartermijnen en vernietiging")
    # A verklaring van vernietiging and a term decision are never changed or removed
    # (db_grant_app_role).
    append_only_models = ("DestructionCertificate", "RetentionTermDecision")

    def ready(self) -> None:
        from core.events import subscribe
        from core.models import Role
        from core.navigation import register_nav
        from retention import tasks
        from retention.services import LIST_APPROVED

        subscribe(LIST_APPROVED, tasks.execute_destruction_list.delay)

        register_nav(
            url_name="retention:list",
            label=_("Vernietiging"),
            roles={Role.FUNCTIONAL_ADMIN, Role.AUDITOR},
            order=90,
        )
