"""Demo data: a realistic, fictional organisation. Created only by `alongside demo`."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from alongside.accounts.models import AgeBand, User
from alongside.groups import actions as group_actions
from alongside.groups.models import Group, Membership
from alongside.meetings import demo as meetings_demo
from alongside.outcomes.demo import load_demo_data as load_outcomes_demo
from alongside.resources.demo import load_demo_data as load_resources_demo
from alongside.safety.demo import load_demo_data as load_safety_demo

DEMO_PASSWORD = "alongside-demo"
DOMAIN = "demo.alongside.example"

# (role shown, e-mail local part, handle, extra fields)
ACCOUNTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("admin", "admin", "admin-sam", {"is_superuser": True, "is_staff": True, "country": "GB"}),
    (
        "moderator (on call)",
        "moderator",
        "mod-rowan",
        {"is_moderator": True, "is_on_call": True, "country": "GB"},
    ),
    ("facilitator (peer)", "facilitator", "jo-facilitates", {"country": "GB"}),
    ("facilitator (professional)", "clinician", "dr-ade", {"country": "GB"}),
    ("member", "member", "quietfern", {"country": "GB", "contexts": ["caregiver"]}),
    (
        "member (Spanish)",
        "miembro",
        "lunaazul",
        {"country": "ES", "languages": "es,en", "ui_language": "es", "timezone": "Europe/Madrid"},
    ),
    (
        "youth member (under 18)",
        "youth",
        "skylark",
        {"country": "US", "age_band": AgeBand.UNDER_18, "timezone": "America/New_York"},
    ),
]

GROUPS: list[dict[str, Any]] = [
    dict(
        name="Tuesday Evening Depression Support",
        focus="depression",
        audience="adults",
        format="online",
        leadership="peer",
        cadence="Weekly, Tuesdays 19:00–20:30 (UK time)",
        facilitator="facilitator",
        purpose="A steady weekly space for adults living with depression. Come as you are: some weeks you'll talk, some weeks you'll just listen.",
        meeting_description="We open with the guidelines and a check-in round (one word or a few sentences, or pass). Then open sharing, a short topic, and a check-out.",
    ),
    dict(
        name="Anxiety Circle",
        focus="anxiety",
        audience="adults",
        format="hybrid",
        leadership="professional",
        cadence="Every other Thursday, 18:00–19:30",
        facilitator="clinician",
        location="Room 2, Riverside Community Centre, 14 Mill Lane",
        purpose="For anyone whose worry or panic is getting in the way. Led by a psychologist, with practical skills each session.",
        meeting_description="Welcome, check-in, a 15-minute skill (breathing, worry time, grounding), sharing in pairs or the whole group, check-out. Join in the room or online.",
    ),
    dict(
        name="Steady Ground: Veterans' PTSD Group",
        focus="ptsd",
        audience="veterans",
        format="in_person",
        leadership="professional",
        cadence="Weekly, Mondays 10:00–11:30",
        facilitator="clinician",
        location="Veterans' Hub, 3 Station Road (step-free entrance at the side)",
        purpose="For veterans living with the after-effects of trauma. No need to share details of what happened: we focus on the here and now.",
        meeting_description="Coffee from 9:45. Welcome, check-in, a topic (sleep, anger, triggers), sharing, check-out.",
    ),
    dict(
        name="Bipolar Peer Connection",
        focus="bipolar",
        audience="adults",
        format="online",
        leadership="peer",
        cadence="Weekly, Sundays 17:00–18:00",
        facilitator="facilitator",
        purpose="Peers living with bipolar disorder sharing what helps with routines, medication, work and relationships.",
        meeting_description="Check-in on mood and sleep (a number from 1 to 10 or a word), open sharing, one thing for the week ahead.",
    ),
    dict(
        name="Carers' Cuppa",
        focus="caregivers",
        audience="caregivers",
        format="in_person",
        leadership="peer",
        cadence="First and third Wednesday, 13:00–14:30",
        facilitator="facilitator",
        location="The Library Café, 22 High Street",
        purpose="For people caring for a family member or friend. A cup of tea, understanding company, and tips from people who've been there.",
        meeting_description="An informal circle: introductions, sharing, and a resource corner with local services.",
    ),
    dict(
        name="Teen Headspace",
        focus="wellbeing",
        audience="youth",
        format="online",
        leadership="professional",
        cadence="Weekly, Wednesdays 16:30–17:30",
        facilitator="clinician",
        purpose="A safe group for 13–17 year olds to talk about stress, school, friendships and feelings, with a trained youth worker.",
        meeting_description="A warm-up question, a topic chosen by the group, and ideas to try. Stricter safety settings apply in youth groups.",
    ),
    dict(
        name="Grupo de apoyo: depresión y ansiedad",
        focus="depression",
        audience="adults",
        format="online",
        leadership="peer",
        language="es",
        cadence="Semanal, jueves 20:00–21:30 (hora de Madrid)",
        facilitator="facilitator",
        purpose="Un espacio semanal en español para personas adultas que viven con depresión o ansiedad. Puedes escuchar o compartir.",
        meeting_description="Bienvenida y normas, ronda de cómo llegamos, compartir, y ronda de cierre.",
    ),
    dict(
        name="Workplace Stress & Burnout",
        focus="stress",
        audience="workplace",
        format="online",
        leadership="professional",
        cadence="Fortnightly, Tuesdays 12:30–13:15 (lunchtime)",
        facilitator="clinician",
        purpose="For employees feeling worn down by work. Confidential from your employer: nobody here reports back to managers.",
        meeting_description="A short check-in, one practical topic (boundaries, rest, conversations with managers), and peer sharing.",
    ),
    dict(
        name="Students Unwind",
        focus="anxiety",
        audience="students",
        format="hybrid",
        leadership="peer",
        cadence="Weekly in term time, Fridays 15:00–16:00",
        facilitator="facilitator",
        location="Student Union, Quiet Room 1.04",
        purpose="Student-run peer support for exam stress, homesickness and everything in between.",
        meeting_description="Check-in, open sharing, and a 5-minute wind-down exercise to finish.",
    ),
    dict(
        name="After Loss: Grief Support",
        focus="grief",
        audience="adults",
        format="in_person",
        leadership="professional",
        cadence="Monthly, second Saturday 10:30–12:00",
        facilitator="clinician",
        location="St Anne's Hall, 9 Church Walk",
        purpose="For adults grieving someone close, however long ago. Led by a bereavement counsellor.",
        meeting_description="Lighting a candle, a check-in round, sharing memories or struggles, and a closing reflection.",
    ),
    dict(
        name="Rainbow Wellbeing",
        focus="wellbeing",
        audience="lgbtq",
        format="online",
        leadership="peer",
        cadence="Weekly, Mondays 19:30–20:30",
        facilitator="facilitator",
        purpose="Peer support by and for LGBTQ+ adults: identity, family, coming out, and looking after our mental health.",
        meeting_description="Pronouns and check-in, open sharing, and a shared win of the week.",
    ),
    dict(
        name="New Parents' Circle",
        focus="depression",
        audience="parents",
        format="hybrid",
        leadership="professional",
        cadence="Weekly, Thursdays 10:00–11:00 (babies welcome)",
        facilitator="clinician",
        location="Family Centre, 5 Orchard Road",
        purpose="For parents in the first two years who are feeling low, anxious or overwhelmed. Led by a perinatal mental health nurse.",
        meeting_description="Settle in, check-in, a topic (sleep, identity, asking for help), sharing.",
    ),
    dict(
        name="Young Adults Connect",
        focus="loneliness",
        audience="young_adults",
        format="online",
        leadership="peer",
        cadence="Weekly, Saturdays 18:00–19:00",
        facilitator="facilitator",
        purpose="For 18–25 year olds feeling isolated or disconnected. Low pressure, cameras optional.",
        meeting_description="Icebreaker, sharing, and a small connection challenge for the week.",
    ),
    dict(
        name="South Asian Women's Wellbeing Circle",
        focus="wellbeing",
        audience="cultural",
        format="in_person",
        leadership="peer",
        cadence="Fortnightly, Sundays 14:00–15:30",
        facilitator="facilitator",
        location="Community Room, Hounslow Cultural Centre",
        purpose="A circle for South Asian women to talk openly about wellbeing, family expectations and stigma, in English, Hindi or Urdu.",
        meeting_description="Chai and welcome, check-in, sharing, and a closing round.",
    ),
    dict(
        name="Frontline Nurses Peer Circle",
        focus="stress",
        audience="workplace",
        format="online",
        leadership="peer",
        visibility="invite_only",
        cadence="Monthly, first Monday 20:00–21:00",
        facilitator="facilitator",
        purpose="Invite-only peer support for nurses on the front line. Ask to join and a facilitator will confirm you're a nurse.",
        meeting_description="Check-in, debrief, and self-care planning.",
    ),
]


def demo_accounts() -> list[tuple[str, str, str]]:
    return [(role, f"{local}@{DOMAIN}", handle) for role, local, handle, _ in ACCOUNTS]


def _user(email: str, handle: str, **extra: Any) -> User:
    user = User.objects.create_user(email, DEMO_PASSWORD, handle=handle, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@transaction.atomic
def load_demo_data() -> bool:
    """Create the demo organisation once. Returns False if it already exists."""
    if User.objects.filter(email=f"admin@{DOMAIN}").exists():
        return False
    people = {
        local: _user(f"{local}@{DOMAIN}", handle, **extra) for _, local, handle, extra in ACCOUNTS
    }
    filler = [
        _user(f"member{n:02d}@{DOMAIN}", handle, country="GB")
        for n, handle in enumerate(
            [
                "maple",
                "harbour",
                "wren",
                "tidewater",
                "oakleaf",
                "bluebell",
                "northstar",
                "pebble",
                "lantern",
                "willow",
                "kestrel",
                "driftwood",
                "moss",
                "sundial",
                "heron",
                "juniper",
            ],
            start=1,
        )
    ]
    youth_filler = [
        _user(f"teen{n}@{DOMAIN}", h, age_band=AgeBand.UNDER_18, country="US")
        for n, h in enumerate(["comet", "pixel", "river"], start=1)
    ]
    groups: dict[str, Group] = {}
    for spec in GROUPS:
        spec = dict(spec)
        facilitator = people[spec.pop("facilitator")]
        kind = (
            Membership.FacilitatorKind.PROFESSIONAL
            if spec["leadership"] == "professional"
            else Membership.FacilitatorKind.PEER
        )
        group = group_actions.create_group(creator=facilitator, facilitator_kind=kind, **spec)
        groups[group.name] = group

    def join(user: User, group: Group, share: bool = False) -> None:
        version = group.current_guidelines()
        assert version is not None
        group_actions.join_group(
            user,
            group,
            guidelines_version_id=version.pk,
            guidelines=True,
            confidentiality=True,
            crisis_policy=True,
        )
        if share:
            group_actions.start_sharing(user, group)

    tuesday = groups["Tuesday Evening Depression Support"]
    join(people["member"], tuesday, share=True)
    join(people["member"], groups["Carers' Cuppa"], share=True)
    join(people["member"], groups["Anxiety Circle"])
    join(people["miembro"], groups["Grupo de apoyo: depresión y ansiedad"], share=True)
    join(people["youth"], groups["Teen Headspace"], share=True)
    for teen in youth_filler:
        join(teen, groups["Teen Headspace"], share=True)
    for i, person in enumerate(filler):
        join(person, tuesday, share=i % 3 != 0) if i < 9 else None
        join(person, groups["Anxiety Circle"], share=True) if i % 2 == 0 else None
        join(person, groups["Bipolar Peer Connection"], share=True) if i % 4 == 1 else None
    # A small group that is full, so the waitlist shows.
    young = groups["Young Adults Connect"]
    young.capacity = 4
    young.save(update_fields=["capacity"])
    for person in filler[:4]:
        join(person, young, share=True)
    group_actions.join_waitlist(filler[5], young)
    load_outcomes_demo()
    meetings_demo.load_demo_data()
    load_safety_demo()
    load_resources_demo()
    return True
