"""Version 1 of the REST API: every app mounts its routes here."""

from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.views import MeView, ProcessingRegisterView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", MeView.as_view(), name="api-me"),
    path(
        "verwerkingsactiviteiten/",
        ProcessingRegisterView.as_view(),
        name="api-processing-register",
    ),
    path("", include("casework.api.urls")),
    path("", include("breakthroughs.api.urls")),
    path("", include("regulations.api.urls")),
    path("", include("signals.api.urls")),
]
