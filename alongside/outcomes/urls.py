from django.urls import URLPattern, URLResolver, path

from alongside.outcomes import views

app_name = "outcomes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("progress/my-check-ins.csv", views.export_mine, name="export_mine"),
    path("progress/reminders/", views.reminders, name="reminders"),
    path("check-in/<slug:instrument>/", views.answer, name="answer"),
    path("responses/<int:pk>/", views.result, name="result"),
    path("check-ins/<int:pk>/skip/", views.skip, name="skip"),
    path("check-ins/<int:pk>/snooze/", views.snooze, name="snooze"),
    path("offers/<int:pk>/dismiss/", views.dismiss_offer, name="dismiss_offer"),
    path("research/", views.research_consent, name="research_consent"),
    path("research/report/", views.research_report, name="research_report"),
    path("research/report.csv", views.research_export, name="research_export"),
    path("groups/<slug:slug>/", views.group_effectiveness, name="group_effectiveness"),
    path("organisation/", views.organisation, name="organisation"),
]
