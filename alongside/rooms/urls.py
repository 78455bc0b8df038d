from django.urls import URLPattern, URLResolver, path

from alongside.rooms import views

app_name = "rooms"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.room, name="room"),
    path("<slug:slug>/settings/", views.room_settings, name="room_settings"),
    path("<slug:slug>/messages/<int:seq>/hide/", views.hide_message, name="hide_message"),
    path("<slug:slug>/messages/<int:seq>/pin/", views.pin_message, name="pin_message"),
    path("<slug:slug>/messages/<int:seq>/edit/", views.edit_message, name="edit_message"),
    path("<slug:slug>/messages/<int:seq>/remove/", views.remove_message, name="remove_message"),
    path("<slug:slug>/search/", views.search, name="search"),
    path("<slug:slug>/first-posts/", views.first_posts, name="first_posts"),
    path("<slug:slug>/threads/", views.threads, name="threads"),
    path("<slug:slug>/threads/<int:thread_id>/", views.thread, name="thread"),
    path(
        "<slug:slug>/threads/<int:thread_id>/new/",
        views.thread_new_posts,
        name="thread_new_posts",
    ),
    path("<slug:slug>/threads/<int:thread_id>/settings/", views.thread_flags, name="thread_flags"),
    path("<slug:slug>/posts/<int:post_id>/hide/", views.hide_post, name="hide_post"),
    path("<slug:slug>/posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("<slug:slug>/posts/<int:post_id>/remove/", views.remove_post, name="remove_post"),
]
