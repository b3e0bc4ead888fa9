from django.urls import path

from breakthroughs import views

app_name = "breakthroughs"

urlpatterns = [
    path("", views.breakthrough_list_view, name="list"),
    path("nieuw/<int:household_id>/", views.proposal_create_view, name="propose"),
    path("vergelijking/", views.comparison_view, name="comparison"),
    path("<int:pk>/", views.breakthrough_detail_view, name="detail"),
    path("<int:pk>/wijzigen/", views.breakthrough_edit_view, name="edit"),
    path("<int:pk>/stap/", views.breakthrough_step_view, name="step"),
    path("beoordelen/", views.queue_view, name="queue"),
    path("meldingen/", views.notification_list_view, name="notifications"),
    path(
        "meldingen/<int:notification_id>/gelezen/",
        views.notification_read_view,
        name="notification-read",
    ),
    path("meldingen/alles-gelezen/", views.notification_read_all_view, name="notifications-read"),
    path("budgetten/", views.pot_list_view, name="pots"),
    path("budgetten/nieuw/", views.pot_create_view, name="pot-create"),
    path("budgetten/<int:pot_id>/wijzigen/", views.pot_edit_view, name="pot-edit"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path(
        "hefbomen/<int:household_id>/",
        views.lever_suggestions_view,
        name="lever-suggestions",
    ),
    path("huishouden/<int:household_id>/", views.case_section_view, name="case-section"),
]
