from django.urls import path

from alongside.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("age-band/", views.age_band, name="age_band"),
    path("two-factor-required/", views.mfa_required, name="mfa_required"),
    path("data/", views.my_data, name="my_data"),
    path("data/download/", views.download_my_data, name="download_my_data"),
]
