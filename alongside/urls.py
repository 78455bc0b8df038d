from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from alongside import views
from alongside.core import metrics

urlpatterns = [
    path("", views.home, name="home"),
    path("home/unread/", views.home_unread, name="home_unread"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "metrics", metrics.view, name="metrics"
    ),  # Prometheus; bearer token (ALONGSIDE_METRICS_TOKEN)
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Public: the interface's JavaScript strings in the reader's language (locale/*/djangojs.po).
    path("jsi18n/", JavaScriptCatalog.as_view(domain="djangojs"), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("alongside.accounts.urls")),
    path("groups/", include("alongside.groups.urls")),
    path("meetings/", include("alongside.meetings.urls")),
    path("call/", include("alongside.media.urls")),
    path("rooms/", include("alongside.rooms.urls")),
    path("safety/", include("alongside.safety.urls")),
    path("outcomes/", include("alongside.outcomes.urls")),
    path("journal/", include("alongside.journal.urls")),
    path("resources/", include("alongside.resources.urls")),
    path("outreach/", include("alongside.outreach.urls")),
    path("notifications/", include("alongside.notifications.urls")),
    path("api/", include("alongside.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "alongside.views.permission_denied"
handler404 = "alongside.views.page_not_found"
handler500 = "alongside.views.server_error"
