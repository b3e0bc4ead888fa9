from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")
    # Append-only tables: the app's database role may only INSERT and SELECT (db_grant_app_role).
    append_only_models = ("AuditLog",)

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from axes.signals import user_locked_out
        from celery.signals import before_task_publish, task_postrun, task_prerun

        from core import checks, security_events, trace_propagation  # noqa: F401 - checks registers
        from core.middleware import start_session_clocks
        from core.models import Role

        user_logged_in.connect(start_session_clocks, dispatch_uid="core.session_clocks")
        user_logged_in.connect(security_events.on_logged_in, dispatch_uid="core.audit_login")
        user_logged_out.connect(security_events.on_logged_out, dispatch_uid="core.audit_logout")
        user_login_failed.connect(
            security_events.on_login_failed, dispatch_uid="core.audit_login_failed"
        )
        user_locked_out.connect(security_events.on_locked_out, dispatch_uid="core.audit_lockout")
        before_task_publish.connect(
            trace_propagation.on_before_task_publish, dispatch_uid="core.trace_publish"
        )
        task_prerun.connect(trace_propagation.on_task_prerun, dispatch_uid="core.trace_prerun")
        task_postrun.connect(trace_propagation.on_task_postrun, dispatch_uid="core.trace_postrun")
        from core.navigation import register_nav
        from core.presentation import audit_labels

        audit_labels.register()

        register_nav(url_name="core:dashboard", label=_("Overzicht"), roles=set(), order=0)
        register_nav(url_name="core:audit-log", label=_("Auditlog"), roles={Role.AUDITOR}, order=90)
        register_nav(
            url_name="core:processing-register",
            label=_("Verwerkingsregister"),
            roles={Role.AUDITOR, Role.FUNCTIONAL_ADMIN},
            order=92,
        )
