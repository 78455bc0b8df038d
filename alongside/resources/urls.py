from django.urls import URLPattern, URLResolver, path

from alongside.resources import views

app_name = "resources"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library, name="library"),
    path("add/", views.library_add, name="library_add"),
    path("<int:pk>/edit/", views.library_edit, name="library_edit"),
    path("<int:pk>/archive/", views.library_archive, name="library_archive"),
    path("<int:pk>/unarchive/", views.library_unarchive, name="library_unarchive"),
    path("crisis/", views.crisis_lines, name="crisis"),
    path("group/<slug:slug>/", views.shared, name="shared"),
    path(
        "group/<slug:slug>/shared/<int:item_id>/approve/",
        views.approve_shared,
        name="approve_shared",
    ),
    path(
        "group/<slug:slug>/shared/<int:item_id>/remove/", views.remove_shared, name="remove_shared"
    ),
    path("group/<slug:slug>/polls/", views.polls, name="polls"),
    path("group/<slug:slug>/polls/new/", views.poll_create, name="poll_create"),
    path("group/<slug:slug>/polls/<int:poll_id>/vote/", views.poll_vote, name="poll_vote"),
]
