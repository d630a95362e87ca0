from django.urls import path

from gridcare.customers.api import views

urlpatterns = [
    path("customers/", views.CustomerListView.as_view(), name="api-customer-list"),
    path(
        "customers/<str:account_number>/",
        views.CustomerDetailView.as_view(),
        name="api-customer-detail",
    ),
]
