from django.urls import path

from gridcare.applications.api import views

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="api-application-list"),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="api-application-detail",
    ),
    path(
        "applications/<int:pk>/events/",
        views.ApplicationEventView.as_view(),
        name="api-application-events",
    ),
]
