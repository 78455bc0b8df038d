from django.urls import URLPattern, URLResolver, path

from alongside.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("list/", views.list_fragment, name="list"),
    path("read/", views.read_all, name="read_all"),
    path("settings/", views.email_settings, name="settings"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.read_one, name="read"),
]
