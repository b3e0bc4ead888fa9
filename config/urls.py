from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.views import health_view

urlpatterns = [
    path("", include("core.urls")),
    path("huishoudens/", include("casework.urls")),
    path("signalen/", include("signals.urls")),
    path("doorbraken/", include("breakthroughs.urls")),
    path("regelingen/", include("regulations.urls")),
    path("vernietiging/", include("retention.urls")),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            extra_context={
                "oidc_enabled": settings.OIDC_ENABLED,
                "mfa_required": settings.MFA_REQUIRED,
            },
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health_view, name="health"),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("config.api")),
]

if settings.HUB_ENABLED:
    urlpatterns.append(path("hub/", include("hub.urls")))

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "core.errors.bad_request"
handler404 = "core.errors.not_found"
handler403 = "core.errors.forbidden"
handler500 = "core.errors.server_error"
