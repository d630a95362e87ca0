from django.urls import path

from gridcare.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/review/", views.item_review, name="item_review"),
    path("items/<int:pk>/appeal/", views.item_appeal, name="item_appeal"),
    path("items/<int:pk>/appeal/decide/", views.item_appeal_decide, name="item_appeal_decide"),
    path("scorecards/", views.scorecards, name="scorecards"),
    path("rules/<slug:kind>/revise/", views.rule_revise, name="rule_revise"),
    path("scorecards/export.xlsx", views.scorecard_export, name="scorecard_export"),
]
