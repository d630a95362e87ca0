from django.urls import path

from gridcare.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="list"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/report.xlsx", views.xlsx, name="xlsx"),
]
