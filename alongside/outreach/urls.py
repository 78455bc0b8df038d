from django.urls import URLPattern, URLResolver, path

from alongside.outreach import views

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/messages/", views.messages_fragment, name="messages"),
    path("<int:pk>/send/", views.send, name="send"),
]
