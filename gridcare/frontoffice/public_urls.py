"""Public pages (no login): the service information of each supply company (R-2.8)."""

from django.urls import path

from gridcare.frontoffice.views import halls, public

app_name = "service"

urlpatterns = [
    path("", public.service_index, name="index"),
    path("<slug:code>/", public.service_company, name="company"),
    path("halls/<int:hall_id>/display/", halls.display, name="display"),
]
