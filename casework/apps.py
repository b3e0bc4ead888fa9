from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casuïstiek")
    # Append-only tables: the app's database role may only INSERT and SELECT (db_grant_app_role).
    append_only_models = ("JournalEntry",)

    def ready(self) -> None:
        from casework import constants
        from casework.sections import register_case_summary
        from casework.selectors import case_summary_items, household_person_ids
        from core.audit import register_subject_resolver
        from core.dashboard import register_dashboard_panel
        from core.models import Role
        from core.navigation import register_nav
        from core.presentation.labels import register_labels

        # One mapping of code -> label for every page, CSV and chart (core.presentation.labels).
        for kind, choices in (
            ("household_status", constants.HouseholdStatus),
            ("relation", constants.Relation),
            ("income_kind", constants.IncomeKind),
            ("period", constants.Period),
            ("asset_kind", constants.AssetKind),
            ("tenure", constants.Tenure),
            ("landlord_kind", constants.LandlordKind),
            ("creditor_kind", constants.CreditorKind),
            ("scheme", constants.SchemeCode),
            ("zrm_domain", constants.ZrmDomain),
            ("zrm_score", constants.ZrmScore),
            ("goal_status", constants.GoalStatus),
            ("organisation_kind", constants.OrganisationKind),
            ("journal_kind", constants.JournalKind),
        ):
            register_labels(kind, choices)

        # The audit log names a household's persons by pseudonym (Logboek Dataverwerkingen).
        register_subject_resolver(household_person_ids)
        register_case_summary(key="dossier", provider=case_summary_items, order=10)
        register_dashboard_panel(
            key="mijn-huishoudens",
            roles={Role.PROFESSIONAL},
            render="casework.views.dashboard.my_households_panel",
            order=10,
        )

        register_nav(
            url_name="casework:list",
            label=_("Huishoudens"),
            roles={Role.PROFESSIONAL, Role.TEAM_LEAD},
            order=10,
        )
        register_nav(url_name="casework:tasks", label=_("Taken"), roles={Role.TEAM_LEAD}, order=15)
