from django.urls import path, register_converter

from casework import views


class ItemKindConverter:
    """The dossier item kinds of the generic item views (`views.ITEM_KINDS`)."""

    regex = "|".join(views.ITEM_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in views.ITEM_KINDS:
            raise ValueError(value)
        return value


register_converter(ItemKindConverter, "itemkind")

app_name = "casework"

urlpatterns = [
    path("", views.household_list_view, name="list"),
    path("nieuw/", views.household_create_view, name="create"),
    path("taken/", views.task_list_view, name="tasks"),
    path("taken/<int:task_id>/afgehandeld/", views.task_resolve_view, name="task-resolve"),
    path("<int:pk>/", views.household_detail_view, name="detail"),
    path("<int:pk>/wijzigen/", views.household_edit_view, name="edit"),
    path("<int:pk>/afsluiten/", views.household_close_view, name="close"),
    path("<int:pk>/heropenen/", views.household_reopen_view, name="reopen"),
    path("<int:pk>/casusregisseur/", views.household_assign_view, name="assign"),
    path("<int:pk>/gezinsleden/nieuw/", views.member_edit_view, name="member-add"),
    path("<int:pk>/gezinsleden/<int:member_id>/", views.member_edit_view, name="member-edit"),
    path(
        "<int:pk>/gezinsleden/<int:member_id>/verwijderen/",
        views.member_remove_view,
        name="member-remove",
    ),
    path("<int:pk>/gezinsleden/<int:member_id>/bsn/", views.member_bsn_view, name="member-bsn"),
    path("<int:pk>/woonsituatie/", views.housing_edit_view, name="housing"),
    path("<int:pk>/perspectiefplan/", views.plan_edit_view, name="plan"),
    path("<int:pk>/zrm/nieuw/", views.assessment_add_view, name="assessment-add"),
    path("<int:pk>/tijdlijn/nieuw/", views.journal_add_view, name="journal-add"),
    path("<int:pk>/inzage/", views.export_view, name="export"),
    path("<int:pk>/inzage.json", views.export_json_view, name="export-json"),
    path("<int:pk>/<itemkind:kind>/nieuw/", views.item_edit_view, name="item-add"),
    path("<int:pk>/<itemkind:kind>/<int:item_id>/", views.item_edit_view, name="item-edit"),
    path(
        "<int:pk>/<itemkind:kind>/<int:item_id>/verwijderen/",
        views.item_delete_view,
        name="item-delete",
    ),
]
