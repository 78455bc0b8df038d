"""Demo resources: a small library of general, public information from well-known organisations
(their home or section pages only; no phone numbers — crisis lines live, sourced, in
crisis_lines.py), one link a member shared, and a poll with enough votes that members see the
results. Called once from alongside/demo.py after the groups are made."""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import User
from alongside.groups.models import Group, Membership
from alongside.resources import actions
from alongside.resources.models import Kind, ResourceAudience

# (title, link, kind, description, topics, language, audience). Each link is the organisation's
# own page; the description says whose it is.
LIBRARY: list[tuple[str, str, str, str, list[str], str, str]] = [
    (
        "NHS: mental health",
        "https://www.nhs.uk/mental-health/",
        Kind.ARTICLE,
        "The NHS's pages on mental health conditions, self-help and how to get support in England.",
        ["depression", "anxiety", "ptsd", "bipolar", "stress"],
        "en",
        ResourceAudience.EVERYONE,
    ),
    (
        "Every Mind Matters (NHS)",
        "https://www.nhs.uk/every-mind-matters/",
        Kind.ARTICLE,
        "NHS self-care advice for everyday mental health: sleep, stress, anxiety and low mood.",
        ["anxiety", "stress", "wellbeing"],
        "en",
        ResourceAudience.EVERYONE,
    ),
    (
        "NIMH: Depression",
        "https://www.nimh.nih.gov/health/topics/depression",
        Kind.ARTICLE,
        "The US National Institute of Mental Health's overview of depression: signs, treatments and research.",
        ["depression"],
        "en",
        ResourceAudience.EVERYONE,
    ),
    (
        "NIMH: Anxiety disorders",
        "https://www.nimh.nih.gov/health/topics/anxiety-disorders",
        Kind.ARTICLE,
        "The US National Institute of Mental Health's overview of anxiety disorders and their treatment.",
        ["anxiety"],
        "en",
        ResourceAudience.EVERYONE,
    ),
    (
        "Mind: information and support",
        "https://www.mind.org.uk/information-support/",
        Kind.ARTICLE,
        "The mental health charity Mind's guides to conditions, treatments and your rights (England and Wales).",
        ["depression", "anxiety", "bipolar", "grief", "loneliness"],
        "en",
        ResourceAudience.ADULTS,
    ),
    (
        "YoungMinds",
        "https://www.youngminds.org.uk/",
        Kind.SERVICE,
        "The UK charity for children and young people's mental health: advice written for young people.",
        ["wellbeing", "anxiety", "depression"],
        "en",
        ResourceAudience.YOUTH,
    ),
    (
        "Carers UK",
        "https://www.carersuk.org/",
        Kind.SERVICE,
        "The UK charity for unpaid carers: advice on support, money and looking after yourself.",
        ["caregivers"],
        "en",
        ResourceAudience.ADULTS,
    ),
    (
        "MedlinePlus en español",
        "https://medlineplus.gov/spanish/",
        Kind.ARTICLE,
        "Información de salud de la Biblioteca Nacional de Medicina de EE. UU., también sobre salud mental.",
        ["depression", "anxiety", "wellbeing"],
        "es",
        ResourceAudience.EVERYONE,
    ),
]

POLL_QUESTION = "Which topic would you like for next month's skill session?"
POLL_OPTIONS = ["Sleep", "Talking to family about how I feel", "Getting through the mornings"]


def load_demo_data() -> None:
    moderator = User.objects.filter(is_moderator=True).order_by("pk").first()
    if moderator is None:
        return
    for title, url, kind, description, topics, language, audience in LIBRARY:
        actions.add_library_resource(
            by=moderator,
            title=title,
            url=url,
            kind=kind,
            description=description,
            topics=topics,
            language=language,
            audience=audience,
        )
    group = Group.objects.filter(name="Tuesday Evening Depression Support").first()
    if group is None:
        return
    facilitator = (
        Membership.objects.filter(
            group=group, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
        )
        .select_related("user")
        .first()
    )
    members: list[Any] = [
        m.user
        for m in Membership.objects.filter(
            group=group,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.LISTENER, Membership.Role.PARTICIPANT],
        )
        .select_related("user")
        .order_by("pk")
    ]
    sharer = next((u for u in members if u.handle == "quietfern"), None)
    if sharer is not None:
        actions.suggest_resource(
            author=sharer,
            group=group,
            title="NHS Every Mind Matters",
            url="https://www.nhs.uk/every-mind-matters/",
            why="The sleep section gave me a wind-down routine I actually kept to.",
        )
    if facilitator is None:
        return
    poll = actions.create_poll(
        by=facilitator.user, group=group, question=POLL_QUESTION, options=POLL_OPTIONS
    )
    options = list(poll.options.order_by("position"))
    # Enough votes that members see the results (small counts stay hidden).
    for i, member in enumerate(members[:7]):
        actions.vote(voter=member, poll=poll, option_id=options[(0, 0, 2, 1, 0, 2, 0)[i]].pk)
