from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.list_view, name="list"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/voorstellen/", views.propose_view, name="propose"),
    path("<int:pk>/goedkeuren/", views.approve_view, name="approve"),
    path("<int:pk>/afwijzen/", views.reject_view, name="reject"),
    path("<int:pk>/verklaring/", views.certificate_view, name="certificate"),
    path("<int:pk>/verklaring.json", views.certificate_download_view, name="certificate-download"),
    path("bewaartermijnen/<int:municipality_id>/", views.terms_view, name="terms"),
]
