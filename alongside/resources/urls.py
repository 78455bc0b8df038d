from django.urls import URLPattern, URLResolver, path

from alongside.resources import views

app_name = "resources"
urlpatterns: list[URLPattern | URLResolver] = [
    path("crisis/", views.crisis_lines, name="crisis"),
]
