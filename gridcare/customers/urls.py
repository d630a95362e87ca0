from django.urls import path

from gridcare.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list_view, name="customer_list"),
    path("new/", views.customer_create_view, name="customer_create"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", views.customer_edit_view, name="customer_edit"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/template.<str:fmt>", views.import_template, name="import_template"),
]
