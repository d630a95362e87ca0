from django.urls import path

from gridcare.rules import views

app_name = "rules"

urlpatterns = [
    path("compliance/", views.matrix, name="compliance_matrix"),
    path("compliance/records/", views.compliance_records, name="compliance_records"),
    path("clocks/", views.clocks, name="clock_list"),
    path("standards/", views.standards, name="standard_list"),
    path("standards/<int:pk>/revise/", views.standard_new_version, name="standard_revise"),
    path("profiles/<int:pk>/adopt/", views.profile_adopt_view, name="profile_adopt"),
    path("profiles/<int:pk>/clauses/new/", views.clause_new, name="clause_new"),
    path("profiles/<int:pk>/standards/new/", views.standard_new, name="standard_new"),
    path("sweep/", views.sweep_runs_view, name="sweep_runs"),
    path("clocks/<int:pk>/pause/", views.clock_pause_view, name="clock_pause"),
    path("clocks/<int:pk>/resume/", views.clock_resume_view, name="clock_resume"),
    path("clocks/<int:pk>/exemption/", views.exemption_request_view, name="exemption_request"),
    path("exemptions/<int:pk>/decide/", views.exemption_decide_view, name="exemption_decide"),
]
