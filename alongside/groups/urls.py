from django.urls import path

from alongside.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("match/", views.match, name="match"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/consent/", views.consent, name="consent"),
    path("<slug:slug>/start-sharing/", views.start_sharing, name="start_sharing"),
    path("<slug:slug>/listen/", views.listen, name="listen"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/waitlist/", views.join_waitlist, name="join_waitlist"),
    path("<slug:slug>/waitlist/leave/", views.leave_waitlist, name="leave_waitlist"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/guidelines/", views.edit_guidelines, name="edit_guidelines"),
    path("<slug:slug>/manage/consents/", views.consent_records, name="consent_records"),
    path("<slug:slug>/manage/members/<int:user_id>/approve/", views.approve, name="approve"),
    path("<slug:slug>/manage/members/<int:user_id>/decline/", views.decline, name="decline"),
    path("<slug:slug>/manage/members/<int:user_id>/remove/", views.remove, name="remove"),
    path(
        "<slug:slug>/manage/members/<int:user_id>/facilitator/",
        views.appoint_facilitator,
        name="appoint_facilitator",
    ),
    path(
        "<slug:slug>/manage/members/<int:user_id>/step-down/",
        views.end_facilitation,
        name="end_facilitation",
    ),
]
