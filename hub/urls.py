from django.urls import include, path

from hub import editors, views

app_name = "hub"

urlpatterns = [
    path("", views.national_view, name="national"),
    path("export.csv", views.export_view, name="export"),
    path("knelpunten/", editors.knelpunten_editor_view, name="knelpunten"),
    path("api/", include("hub.api.urls")),
]
