from django.urls import path

from gridcare.core import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_search, name="audit_search"),
    path("notifications/", views.notifications, name="notifications"),
]
