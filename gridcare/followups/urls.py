from django.urls import path

from gridcare.followups import views

app_name = "followups"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("history/", views.call_history, name="call_history"),
    path("settings/", views.settings_edit, name="settings"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
]
