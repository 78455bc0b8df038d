"""The demo has a resource library from well-known organisations, a shared link and a poll whose
results members can see."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load_demo_data
from alongside.groups.models import Group
from alongside.resources.models import LibraryResource, SharedResource
from tests.conftest import client_for


def test_the_demo_fills_the_library_shared_links_and_a_poll(db: Any) -> None:
    assert load_demo_data()
    hosts = {urlsplit(r.url).netloc for r in LibraryResource.objects.all()}
    assert hosts <= {
        "www.nhs.uk",
        "www.nimh.nih.gov",
        "www.mind.org.uk",
        "www.youngminds.org.uk",
        "www.carersuk.org",
        "medlineplus.gov",
    }
    assert all(
        r.url.startswith("https://") and r.description for r in LibraryResource.objects.all()
    )

    fern = client_for(User.objects.get(handle="quietfern"))
    page = fern.get(reverse("resources:library"), {"topic": "depression"}).content.decode()
    assert "NIMH: Depression" in page and "NHS: mental health" in page
    assert (
        "MedlinePlus en español"
        in fern.get(reverse("resources:library"), {"language": "es"}).content.decode()
    )
    youth = (
        client_for(User.objects.get(handle="skylark"))
        .get(reverse("resources:library"))
        .content.decode()
    )
    assert "YoungMinds" in youth and "Carers UK" not in youth

    tuesday = Group.objects.get(name="Tuesday Evening Depression Support")
    assert SharedResource.objects.get(group=tuesday).status == SharedResource.Status.LIVE
    polls = fern.get(reverse("resources:polls", args=[tuesday.slug])).content.decode()
    assert "next month&#x27;s skill session" in polls or "next month's skill session" in polls
    assert (
        "7 votes in total" in polls and "Sleep: 4" in polls and "Not enough votes yet" not in polls
    )
