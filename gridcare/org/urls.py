from django.urls import path

from gridcare.core.views import end_sessions
from gridcare.org import views

app_name = "org"

urlpatterns = [
    path("staff/", views.staff_index, name="staff_list"),
    path("out-of-window/", views.out_of_window, name="out_of_window"),
    path("users/<int:user_id>/end-sessions/", end_sessions, name="end_sessions"),
]
