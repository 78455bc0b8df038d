from django.urls import URLPattern, URLResolver, path

from alongside.media import views

app_name = "media"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/state/", views.state, name="state"),
    path("<int:pk>/unmute/", views.unmute, name="unmute"),
    path("<int:pk>/video-on/", views.video_on, name="video_on"),
    path("<int:pk>/control/<slug:action>/", views.control, name="control"),
]
