from django.urls import path

from alongside.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("two-factor-required/", views.mfa_required, name="mfa_required"),
]
