from django.urls import path

from gridcare.mfa import views

app_name = "mfa"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/", views.account, name="account"),
    path("administration/", views.administration, name="administration"),
    path("administration/reset/<int:user_id>/", views.reset, name="reset"),
    path("administration/activation/", views.activation, name="activation"),
]
