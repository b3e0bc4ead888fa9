from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The VNG side: receives signal reports from municipalities and aggregates them nationally.

    The same code base as the municipalities'; the endpoint and pages are switched on with
    HUB_ENABLED.
    """

    name = "hub"
    verbose_name = _("VNG-hub")

    def ready(self) -> None:
        from core.navigation import register_nav

        # Public open data; in the menu for every signed-in user when the hub is enabled.
        register_nav(url_name="hub:national", label=_("Landelijk beeld"), roles=set(), order=80)
