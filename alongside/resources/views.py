from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.resources.crisis_lines import (
    CONFIRMED_ON_SERVICE_SITES,
    LAST_VERIFIED,
    by_country,
    lines_for,
)


def crisis_lines(request: HttpRequest) -> HttpResponse:
    """Public: crisis lines by country, the visitor's own first when we know their country."""
    country = getattr(request.user, "country", "") if request.user.is_authenticated else ""
    return render(request, "resources/crisis.html", {
        "rows": by_country(), "mine": lines_for(country) if country else None,
        "country": country, "last_verified": LAST_VERIFIED, "confirmed": CONFIRMED_ON_SERVICE_SITES,
    })
