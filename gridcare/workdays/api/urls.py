from django.urls import path

from gridcare.workdays.api import views

app_name = "calendar_api"

urlpatterns = [
    path("days/<str:date>/", views.DayView.as_view(), name="day"),
    path("add-working-days/", views.AddWorkingDaysView.as_view(), name="add_working_days"),
    path(
        "working-days-between/",
        views.WorkingDaysBetweenView.as_view(),
        name="working_days_between",
    ),
]
