from django.urls import path

from gridcare.frontoffice.api.views import CallImportView, CallListView

urlpatterns = [
    path("calls/import/", CallImportView.as_view(), name="api-calls-import"),
    path("calls/", CallListView.as_view(), name="api-calls"),
]
