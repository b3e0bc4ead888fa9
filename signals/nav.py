"""Navigation entries and the home-page panel of the signal pages; `register()` is called from
SignalsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.dashboard import register_dashboard_panel
from core.models import Role
from core.navigation import register_nav


def register() -> None:
    register_dashboard_panel(
        key="nieuw-sinds-rapport",
        roles={Role.POLICY_OFFICER},
        render="signals.views.dashboard.new_since_report_panel",  # imported on first render
        order=10,
    )
    register_nav(
        url_name="signals:workspace", label=_("Signalen"), roles={Role.POLICY_OFFICER}, order=50
    )
    register_nav(
        url_name="signals:reports",
        label=_("Rapportages"),
        roles={Role.POLICY_OFFICER},
        order=51,
    )
