from django.urls import path

from alongside.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("check-in/", views.check_in, name="check_in"),
    path("<int:entry_id>/", views.edit, name="edit"),
    path("<int:entry_id>/delete/", views.delete, name="delete"),
]
