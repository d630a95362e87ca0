from django.urls import path

from gridcare.portal import views

app_name = "portal"

urlpatterns = [
    path("applications/", views.application_lookup_view, name="application_lookup"),
    path("patrols/", views.patrol_request_view, name="patrol_request"),
]
