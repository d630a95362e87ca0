"""The customer's one-time survey link: public, no login (R-3.8.2)."""

from django.urls import path

from gridcare.surveys.views import public

app_name = "survey"

urlpatterns = [path("<str:token>/", public.answer, name="answer")]
