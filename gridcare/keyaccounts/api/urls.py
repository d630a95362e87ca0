from django.urls import path

from gridcare.keyaccounts.api import views

urlpatterns = [
    path("keyaccounts/", views.KeyAccountListView.as_view(), name="api-keyaccount-list"),
]
