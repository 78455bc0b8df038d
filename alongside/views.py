from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from alongside.groups import queries as group_queries


def home(request: HttpRequest) -> HttpResponse:
    memberships = group_queries.groups_of(request.user) if request.user.is_authenticated else []
    return render(request, "home.html", {"memberships": memberships})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
