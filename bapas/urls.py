from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from dashboard import views as dashboard_views

urlpatterns = [
    path("healthz", dashboard_views.healthz, name="healthz"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("audit.urls")),
    path("", include("clients.urls")),
    path("", include("supervision.urls")),
    path("", include("fieldwork.urls")),
    path("", include("board.urls")),
    path("", include("assessment.urls")),
    path("", include("violations.urls")),
    path("", include("movements.urls")),
    path("", include("guidance.urls")),
    path("", include("litmas.urls")),
    path("", include("partners.urls")),
    path("", include("reports.urls")),
    path("", include("referrals.urls")),
    path("", include("regions.urls")),
    path("", include("allocation.urls")),
    path("", include("dashboard.urls")),
]
