"""Routes of the policy officer's signal pages, mounted at /signalen/ by config/urls.py."""

from django.urls import path

from signals import views

app_name = "signals"

urlpatterns = [
    path("", views.workspace_view, name="workspace"),
    path("nieuw/", views.signal_create_view, name="create"),
    path("rapportages/", views.report_list_view, name="reports"),
    path("rapportages/<uuid:report_id>/", views.report_detail_view, name="report-detail"),
    path(
        "rapportages/<uuid:report_id>/goedkeuren/",
        views.report_approve_view,
        name="report-approve",
    ),
    path("rapportages/<uuid:report_id>/versturen/", views.report_send_view, name="report-send"),
    path(
        "rapportages/<uuid:report_id>/nieuwe-revisie/",
        views.report_revise_view,
        name="report-revise",
    ),
    path(
        "rapportages/<uuid:report_id>/csv/<slug:table>.csv",
        views.report_csv_view,
        name="report-csv",
    ),
    path("rapportages/<uuid:report_id>/rapport.json", views.report_json_view, name="report-json"),
    path("<uuid:public_id>/", views.signal_detail_view, name="detail"),
    path("<uuid:public_id>/wijzigen/", views.signal_edit_view, name="edit"),
    path("<uuid:public_id>/koppelen/", views.signal_link_view, name="link"),
    path("<uuid:public_id>/ontkoppelen/", views.signal_unlink_view, name="unlink"),
    path("<uuid:public_id>/status/", views.signal_move_view, name="move"),
    path("<uuid:public_id>/kostenraming/", views.signal_propose_view, name="propose"),
]
