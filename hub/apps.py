from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The VNG side: receives signal reports from municipalities and aggregates them nationally.

    The same code base as the municipalities'; the endpoint and pages are switched on with
    HUB_ENABLED.
    """

    name = "hub"
    verbose_name = _("VNG-hub")
