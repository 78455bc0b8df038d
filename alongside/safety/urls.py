from django.urls import URLPattern, URLResolver, path

from alongside.safety import views

app_name = "safety"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("alerts/live/", views.alerts_live, name="alerts_live"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/<slug:step>/", views.alert_action, name="alert_action"),
    path("queue/<int:pk>/", views.item_detail, name="item"),
    path("queue/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("report/", views.report, name="report"),
    path("my/", views.my_notices, name="my_notices"),
    path("decisions/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("appeals/<int:pk>/review/", views.appeal_review, name="appeal_review"),
    path("audit/", views.audit_log, name="audit"),
    path("age-bands/", views.age_bands, name="age_bands"),
]
