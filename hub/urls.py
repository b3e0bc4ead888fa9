from django.urls import include, path

from hub import views

app_name = "hub"

urlpatterns = [
    path("", views.national_view, name="national"),
    path("export.csv", views.export_view, name="export"),
    path("api/", include("hub.api.urls")),
]
