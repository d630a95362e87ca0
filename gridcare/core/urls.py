from django.urls import path

from gridcare.core import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_search, name="audit_search"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/preference/",
        views.notification_preference,
        name="notification_preference",
    ),
    path("notifications/digest/<int:pk>/", views.notification_digest, name="notification_digest"),
]
