from django.urls import path

from regulations import reform_views, safety_net_views, views

app_name = "regulations"

urlpatterns = [
    path("catalogus/", views.catalogue_view, name="catalogue"),
    path("catalogus/pakketten/", views.pack_upload_view, name="pack-upload"),
    path("catalogus/pakketten/<int:pack_id>/", views.pack_detail_view, name="pack-detail"),
    path("catalogus/pakketten/<int:pack_id>/besluit/", views.pack_decide_view, name="pack-decide"),
    path("huishouden/<int:pk>/", views.case_section_view, name="case-section"),
    path(
        "huishouden/<int:pk>/sociaal-minimum/",
        views.social_minimum_view,
        name="social-minimum",
    ),
    path("huishouden/<int:pk>/toetsen/", views.rescreen_household_view, name="rescreen-household"),
    path("huishouden/<int:pk>/werken-loont/", views.work_pays_view, name="work-pays"),
    path(
        "huishouden/<int:pk>/financieel-vangnet/",
        safety_net_views.safety_net_section_view,
        name="safety-net",
    ),
    path("proactief-toekennen/", views.proactive_list_view, name="proactive-list"),
    path(
        "proactief-toekennen/<int:grant_id>/",
        views.proactive_handle_view,
        name="proactive-handle",
    ),
    path("hervormingen/", reform_views.reform_list_view, name="reform-list"),
    path("hervormingen/nieuw/", reform_views.reform_create_view, name="reform-create"),
    path("hervormingen/uploaden/", reform_views.reform_upload_view, name="reform-upload"),
    path("hervormingen/<int:reform_id>/", reform_views.reform_detail_view, name="reform-detail"),
    path(
        "simulaties/<uuid:public_id>/",
        reform_views.simulation_detail_view,
        name="simulation-detail",
    ),
    path(
        "simulaties/<uuid:public_id>/voortgang/",
        reform_views.simulation_progress_view,
        name="simulation-progress",
    ),
    path("herberekenen/", views.rescreen_view, name="rescreen"),
    path("herberekenen/voortgang/", views.rescreen_progress_view, name="rescreen-progress"),
]
