from django.urls import include, path

app_name = "hub"

urlpatterns = [
    path("api/", include("hub.api.urls")),
]
