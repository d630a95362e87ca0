from django.urls import path

from gridcare.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list_view, name="application_list"),
    path("export.xlsx", views.application_export, name="application_export"),
    path("new/", views.application_create, name="application_create"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/events/", views.application_event, name="application_event"),
    path("<int:pk>/close/", views.application_close_view, name="application_close"),
    path("<int:pk>/end/", views.application_end_view, name="application_end"),
    path("<int:pk>/reply-sheet.pdf", views.reply_sheet_pdf, name="reply_sheet_pdf"),
    path("<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
]
