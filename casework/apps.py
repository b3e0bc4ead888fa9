from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casuïstiek")
    # Append-only tables: the app's database role may only INSERT and SELECT (db_grant_app_role).
    append_only_models = ("JournalEntry",)

    def ready(self) -> None:
        from core.models import Role
        from core.navigation import register_nav

        register_nav(
            url_name="casework:list",
            label=_("Huishoudens"),
            roles={Role.PROFESSIONAL, Role.TEAM_LEAD},
            order=10,
        )
        register_nav(url_name="casework:tasks", label=_("Taken"), roles={Role.TEAM_LEAD}, order=15)
