from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gridcare.core import views as core_views
from gridcare.core.health import healthz

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        core_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("core/", include("gridcare.core.urls")),
    path("org/", include("gridcare.org.urls")),
    path("workdays/", include("gridcare.workdays.urls")),
    path("rules/", include("gridcare.rules.urls")),
    path("frontoffice/", include("gridcare.frontoffice.urls")),
    path("service/", include("gridcare.frontoffice.public_urls")),
    path("assessments/", include("gridcare.assessments.urls")),
    path("dashboard/", include("gridcare.dashboard.urls")),
    path("customers/", include("gridcare.customers.urls")),
    path("applications/", include("gridcare.applications.urls")),
    path("keyaccounts/", include("gridcare.keyaccounts.urls")),
    path("portal/", include("gridcare.portal.urls")),
    path("field/", include("gridcare.field.urls")),
    path("surveys/", include("gridcare.surveys.urls")),
    path("survey/", include("gridcare.surveys.public_urls")),
    path("followups/", include("gridcare.followups.urls")),
    path("reports/", include("gridcare.reports.urls")),
    path("accounts/mfa/", include("gridcare.mfa.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/calendar/", include("gridcare.workdays.api.urls")),
    path("api/v1/", include("gridcare.core.api.urls")),
    path("api/v1/", include("gridcare.rules.api.urls")),
    path("api/v1/", include("gridcare.assessments.api.urls")),
    path("api/v1/", include("gridcare.frontoffice.api.urls")),
    path("api/v1/", include("gridcare.customers.api.urls")),
    path("api/v1/", include("gridcare.applications.api.urls")),
    path("api/v1/", include("gridcare.keyaccounts.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

handler404 = "gridcare.core.errorpages.page_not_found"
handler403 = "gridcare.core.errorpages.permission_denied"
