from django.urls import path

from gridcare.assessments.api import views

urlpatterns = [
    path("assessments/items/", views.ItemListView.as_view(), name="api-assessment-item-list"),
    path(
        "assessments/items/<int:pk>/",
        views.ItemDetailView.as_view(),
        name="api-assessment-item-detail",
    ),
    path(
        "assessments/items/<int:pk>/review/",
        views.ItemReviewView.as_view(),
        name="api-assessment-item-review",
    ),
    path(
        "assessments/items/<int:pk>/appeal/",
        views.ItemAppealView.as_view(),
        name="api-assessment-item-appeal",
    ),
    path(
        "assessments/items/<int:pk>/appeal/decide/",
        views.AppealDecideView.as_view(),
        name="api-assessment-appeal-decide",
    ),
]
