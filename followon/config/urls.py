from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from followon.core import benchhooks
from followon.core import views as core_views

# Every page people read, in every language: English at its own address (no prefix, exactly as
# before), the others under /cy/, /ur/, /pl/ (docs/adr/0027-languages.md). Addresses given to other
# systems (the NHS login and CIS2 callbacks, the JWKS) are built in English by their callers.
translated_patterns = [
    path("", include("followon.core.urls")),
    path("", include("followon.accounts.urls")),
    # django-allauth's own URL names, on our views (accounts/allauth_urls.py).
    path("", include("followon.accounts.allauth_urls")),
    path("", include("followon.identity.urls")),
    path("", include("followon.programmes.urls")),
    path("", include("followon.peergroups.urls")),
    path("", include("followon.meetings.urls")),
    path("", include("followon.notifications.urls")),
    path("", include("followon.selfcare.urls")),
    path("", include("followon.conversations.urls")),
    path("", include("followon.safety.urls")),
    path("", include("followon.network.urls")),
    path("", include("followon.outcomes.urls")),
    path("", include("followon.insights.urls")),
    # The composition app: the start page, the staff home and the service page.
    path("", include("followon.home.urls")),
]

# English only: platform operators' admin and the benchmark hook.
untranslated_patterns = [
    path("platform-admin/", admin.site.urls),
    # A 404 unless BENCH_FLOOR_ENABLED=1 (only `make bench` sets it).
    path("bench/floor", benchhooks.floor, name="bench-floor"),
]

urlpatterns = [
    *i18n_patterns(*translated_patterns, prefix_default_language=False),
    *untranslated_patterns,
]

handler400 = "followon.core.views.bad_request"
handler403 = "followon.core.views.permission_denied"
handler404 = "followon.core.views.page_not_found"
handler500 = "followon.core.views.server_error"

__all__ = ["urlpatterns", "core_views"]
