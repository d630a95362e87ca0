from django.urls import path

from gridcare.rules.api.views import ComplianceView

urlpatterns = [path("compliance/", ComplianceView.as_view(), name="api-compliance")]
