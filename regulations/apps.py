from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Regelingen")

    def ready(self) -> None:
        from casework.services import household_changed
        from regulations.receivers import on_household_changed

        household_changed.connect(on_household_changed, dispatch_uid="regulations.rescreen")
