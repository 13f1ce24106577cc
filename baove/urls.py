from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from baove import views

urlpatterns = [
    path("", views.root, name="root"),
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path("staff/", views.home, name="home"),
    path("staff/accounts/", include("accounts.urls")),
    path("staff/units/", include("org.urls")),
    path("staff/calendar/", include("workcal.urls")),
    path("staff/audit/", include("audit.urls")),
    path("staff/petitions/", include("cases.urls")),
    path("staff/retaliation/", include("retaliation.urls")),
    path("staff/protection/", include("protection.urls")),
    path("staff/reception/", include("reception.urls")),
    path("staff/programme/", include("programme.urls")),
    path("staff/reports/templates/", include("reporting.urls")),
    path("staff/reports/campaigns/", include("campaigns.urls")),
    path("staff/reports/exports/", include("exports.urls")),
    path("staff/dashboard/", include("dashboards.urls")),
    path("staff/history/", include("history.urls")),
    path("portal/reception/", include("reception.public_urls")),
    path("portal/", include("portal.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("healthz", views.healthz, name="healthz"),
]
