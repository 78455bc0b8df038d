from django.urls import URLPattern, URLResolver, path

from alongside.meetings import views

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("mine/", views.mine, name="mine"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("group/<slug:slug>/", views.group_meetings, name="group"),
    path("group/<slug:slug>/new/", views.create, name="create"),
    path("group/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/cancel-rsvp/", views.cancel_rsvp, name="cancel_rsvp"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/live/", views.live, name="live"),
    path("<int:pk>/live/panel/", views.live_panel, name="live_panel"),
    path("<int:pk>/live/<slug:action>/", views.live_action, name="live_action"),
]
