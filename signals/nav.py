"""Navigation entries of the signal pages; `register()` is called from SignalsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.navigation import register_nav


def register() -> None:
    register_nav(
        url_name="signals:workspace", label=_("Signalen"), roles={Role.POLICY_OFFICER}, order=50
    )
    register_nav(
        url_name="signals:reports",
        label=_("Rapportages"),
        roles={Role.POLICY_OFFICER},
        order=51,
    )
