from django.urls import path

from gridcare.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("years/new/", views.year_enter, name="year_enter"),
    path("years/<int:year>/", views.year_correct, name="year_correct"),
]
