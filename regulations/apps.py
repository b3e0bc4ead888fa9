from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Regelingen")

    def ready(self) -> None:
        from casework.sections import (
            register_case_section,
            register_case_slot,
            register_case_summary,
        )
        from casework.services import household_changed
        from core.health import register_health_check
        from core.models import Role
        from core.navigation import register_nav
        from core.presentation.labels import register_labels
        from regulations import checks  # noqa: F401 - registers the system check
        from regulations.labels import OUTCOME_LABELS
        from regulations.receivers import on_household_changed, on_parameters_changed
        from regulations.selectors import case_summary_items, safety_net_summary_items
        from regulations.services import parameter_currency_health, parameters_changed

        register_labels("scheme_outcome", OUTCOME_LABELS)

        from core.events import subscribe
        from regulations import tasks
        from regulations.services.simulations import SIMULATION_QUEUED

        subscribe(SIMULATION_QUEUED, tasks.run_simulation.delay)

        household_changed.connect(on_household_changed, dispatch_uid="regulations.rescreen")
        parameters_changed.connect(
            on_parameters_changed, dispatch_uid="regulations.rescreen-parameters"
        )
        register_health_check("parameters", parameter_currency_health)
        # The shapes let the case page keep room for the sections while they load.
        register_case_section(
            key="regelingen",
            label=_("Regelingen"),
            url_name="regulations:case-section",
            order=50,
            shape="regulations.selectors.case_section_shape",
            stylesheet="css/regulations.css",
        )
        register_case_section(
            key="financieel-vangnet",
            label=_("Financieel vangnet"),
            url_name="regulations:safety-net",
            order=55,
            shape="regulations.selectors.safety_net_section_shape",
        )
        register_case_slot(key="sociaal-minimum", url_name="regulations:social-minimum")
        register_case_summary(key="niet-gebruikt", provider=case_summary_items, order=50)
        register_case_summary(key="financieel-vangnet", provider=safety_net_summary_items, order=20)
        register_nav(
            url_name="regulations:proactive-list",
            label=_("Proactief toekennen"),
            roles={Role.PROFESSIONAL, Role.TEAM_LEAD},
            order=30,
        )
        register_nav(
            url_name="regulations:catalogue",
            label=_("Regelingen"),
            roles={Role.FUNCTIONAL_ADMIN, Role.POLICY_OFFICER},
            order=60,
        )
        register_nav(
            url_name="regulations:reform-list",
            label=_("Hervormingen"),
            roles={Role.POLICY_OFFICER},
            order=62,
        )
        register_nav(
            url_name="regulations:rescreen",
            label=_("Herberekenen"),
            roles={Role.FUNCTIONAL_ADMIN},
            order=65,
        )
