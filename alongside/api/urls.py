from django.urls import path

from alongside.api.api import api

urlpatterns = [path("", api.urls)]
