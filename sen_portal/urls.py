from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from sen_portal import health, views

if settings.STAFF_2FA_REQUIRED:
    # The admin also insists on a verified second factor.
    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include("sen_portal.accounts.urls")),
    path("cases/", include("sen_portal.casework.urls")),
    path("documents/", include("sen_portal.casework.document_urls")),
    path("assessments/", include("assessments.urls")),
    path("advice/", include("assessments.advice_urls")),
    path("plans/", include("plans.urls")),
    path("ceasing/", include("ceasing.urls")),
    path("disagreements/", include("disagreements.urls")),
    path("reviews/", include("reviews.urls")),
    path("family/", include("sen_portal.family.urls")),
    path("dashboards/", include("sen_portal.dashboards.urls")),
    path("local-offer/", include("local_offer.urls")),
    path("api/oruk/", include("local_offer.api_urls")),
    path("admin/", admin.site.urls),
]
