from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import start_session_clocks
        from core.models import Role

        user_logged_in.connect(start_session_clocks, dispatch_uid="core.session_clocks")
        from core.navigation import register_nav

        register_nav(url_name="core:dashboard", label=_("Overzicht"), roles=set(), order=0)
        register_nav(url_name="core:audit-log", label=_("Auditlog"), roles={Role.AUDITOR}, order=90)
