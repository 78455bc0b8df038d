"""No English string is left in the Spanish interface.

Two nets. The catalogues: every translatable string in the code (templates, Python, JavaScript)
has a Spanish translation, none empty or fuzzy, and the compiled catalogues match. The pages: a
Spanish member walks every page they can reach (and a Spanish visitor the public and sign-in
pages), and no visible text, label or message may read as English — apart from what is marked
lang="en" on purpose (questionnaire items with no sourced Spanish version) and the names of
services and sources.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

import alongside
from alongside.groups import actions as group_actions
from alongside.journal import actions as journal_actions
from alongside.meetings import actions as meeting_actions
from alongside.outcomes import actions as outcome_actions
from alongside.resources import actions as resource_actions
from alongside.rooms import actions as room_actions
from alongside.safety import actions as safety_actions
from tests.conftest import PASSWORD, client_for, join, make_user

PACKAGE = Path(alongside.__file__).parent
SPANISH = PACKAGE / "locale" / "es" / "LC_MESSAGES"
CATALOGUES = ("django", "djangojs")
# Ours, and our Spanish for third-party screens (allauth, Django's password rules).
SHIPPED = [
    SPANISH / "django.po",
    SPANISH / "djangojs.po",
    PACKAGE / "locale_overrides" / "es" / "LC_MESSAGES" / "django.po",
]


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (
        f"{name} is missing: install GNU gettext (apt-get install gettext) to check the translations"
    )
    return path


def statistics(po: Path) -> str:
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--statistics", "--check", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip()


def missing(po: Path) -> str:
    untranslated = subprocess.run(
        [gettext_tool("msgattrib"), "--untranslated", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    fuzzy = subprocess.run(
        [gettext_tool("msgattrib"), "--only-fuzzy", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "\n".join(
        line
        for line in (untranslated + fuzzy).splitlines()
        if line.startswith(("#:", "msgid", '"')) and "Project-Id" not in line
    )[:6000]


# --- the catalogues -----------------------------------------------------------------------


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_in_the_spanish_catalogues_is_translated(po: Path) -> None:
    stats = statistics(po)
    assert re.fullmatch(r"\d+ translated messages?\.", stats), f"{po.name}: {stats}\n{missing(po)}"


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches_its_po_file(po: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.mo"
    subprocess.run([gettext_tool("msgfmt"), "-o", str(fresh), str(po)], check=True)

    def unpacked(mo: Path) -> str:
        return subprocess.run(
            [gettext_tool("msgunfmt"), str(mo)], capture_output=True, text=True, check=True
        ).stdout

    assert unpacked(po.with_suffix(".mo")) == unpacked(fresh), (
        f"run msgfmt on {po} and commit the .mo"
    )


def test_every_translatable_string_in_the_code_has_a_spanish_translation(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Extract every string marked for translation, as makemessages would, into a copy of the
    Spanish catalogues (never the real ones), and require each to be translated there."""
    for tool in ("xgettext", "msgmerge", "msguniq"):
        gettext_tool(tool)
    copy = tmp_path / "alongside"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "trained"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        for domain in CATALOGUES:
            call_command(
                "makemessages", locale=["es"], domain=domain, verbosity=0, no_obsolete=True
            )
    problems = []
    for domain in CATALOGUES:
        po = copy / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"
        stats = statistics(po)
        if not re.fullmatch(r"\d+ translated messages?\.", stats):
            problems.append(f"{domain}: {stats}\n{missing(po)}")
    assert not problems, (
        "Strings without a Spanish translation (add them at the end of the .po):\n"
        + "\n".join(problems)
    )


def test_every_javascript_string_has_a_spanish_translation() -> None:
    # room.js wraps its strings in t("…") (window.gettext from the catalogue), which makemessages
    # does not see: check those here.
    po = (SPANISH / "djangojs.po").read_text(encoding="utf-8")
    translated = {
        msgid
        for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr ((?:".*"\n?)+)', po, re.M)
        if "".join(re.findall(r'"(.*)"', msgstr))
    }
    wanted = {
        s
        for js in PACKAGE.glob("*/static/**/*.js")
        for s in re.findall(r'\bt\("((?:[^"\\]|\\.)+)"\)', js.read_text(encoding="utf-8"))
    }
    assert wanted, "no t(...) strings found: has room.js changed how it translates?"
    assert sorted(wanted - translated) == []


# --- the pages ----------------------------------------------------------------------------

# Words that give English away and are not Spanish words (so "me", "no", "a", "he", "has", "son"
# are not here). A text is English when it has one of them as a word of its own.
_TELLS = """
the and you your yours with this that these those for from are is was were be been being
have had will would can could should please here there what when where who why how which
not all any about back next show see my our we us they their it its an at by on in into or
of to up out if then than just only also yet still new more most some other save send sign
edit delete cancel close open share join leave read write check choose change add remove hide
email e-mail group groups meeting meetings message messages page settings profile password account
today tomorrow yesterday week weeks month day days hour hours minutes seconds time yes none
jan apr aug dec january february march april june july august september october november december
mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
"""
ENGLISH_TELLS = frozenset(_TELLS.split())
# Proper names that happen to contain such words (services, sources) are data, not interface.
ALLOWED = (
    "988 Suicide & Crisis Lifeline",
    "Group Session Rating Scale",
)


class VisibleText(HTMLParser):
    """The text a person sees or hears on a page: text nodes and the attributes read out
    (aria-label, title, placeholder, alt, button values), skipping scripts, styles and anything
    inside an element marked with another language."""

    SKIP = {"script", "style", "metadata"}  # metadata: inside the charts' SVG, never shown
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.texts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        hidden = (
            self._hidden()
            or tag in self.SKIP
            or (tag != "html" and bool(lang) and not lang.startswith("es"))
        )
        if not hidden:
            for name in ("aria-label", "title", "placeholder", "alt"):
                if values.get(name):
                    self.texts.append(str(values[name]))
            if (
                tag == "input"
                and values.get("type") in ("submit", "button")
                and values.get("value")
            ):
                self.texts.append(str(values["value"]))
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _hidden = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.texts.append(" ".join(data.split()))


def english_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        rest = text
        for name in ALLOWED:
            rest = rest.replace(name, "")
        # A word in «quotes» is quoted, not spoken (the search syntax's «or», a line's «AYUDA»).
        words = {w.strip(".,:;!?¿¡()[]…—–").lower() for w in rest.split()}
        if words & ENGLISH_TELLS:
            found.append(text)
    return found


@pytest.fixture
def spanish_world(db: Any, settings: Any) -> dict[str, Any]:
    """A Spanish group with everything a member meets: meetings, a thread, room messages, a
    shared link, a poll, check-ins, a journal entry, a notice, a sanction they can appeal."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    translation.activate("en")  # whoever sets things up speaks English: nothing may depend on it
    rocio = make_user("rocio", ui_language="es", country="ES", languages="es")
    luna = make_user("luna", ui_language="es", country="ES", languages="es,en")
    pablo = make_user("pablo", ui_language="es", country="MX", languages="es")
    grupo = group_actions.create_group(
        creator=rocio,
        name="Grupo de apoyo",
        language="es",
        focus="depression",
        format="online",
        audience="adults",
        leadership="peer",
        purpose="Un espacio semanal para hablar de la depresión y la ansiedad.",
        meeting_description="Bienvenida, ronda de cómo llegamos, compartir y cierre.",
        cadence="Los jueves a las 20:00",
    )
    join(luna, grupo, share=True)
    join(pablo, grupo, share=True)
    series = meeting_actions.create_series(
        grupo,
        creator=rocio,
        title="Reunión semanal",
        start_date=date.today() + timedelta(days=2),
        start_time=time(20),
        timezone_name="Europe/Madrid",
        repeat="weekly",
    )
    meeting = series.meetings.order_by("starts_at").first()
    meeting_actions.rsvp(meeting, luna)
    thread, _post, _v = room_actions.create_thread(
        luna, grupo, "Cómo dormir mejor", "¿Qué os ayuda a dormir?"
    )
    room_actions.send_message(pablo, grupo, "m1", "Hola a todas y todos")
    stored = room_actions.send_message(pablo, grupo, "m2", "Eres idiota")
    resource_actions.suggest_resource(
        author=luna, group=grupo, title="Guía de autoayuda", url="https://example.org/guia"
    )
    resource_actions.create_poll(
        by=rocio, group=grupo, question="¿Qué día os viene mejor?", options=["Martes", "Jueves"]
    )
    journal_actions.save_entry(
        luna, client_token=__import__("uuid").uuid4(), body="Hoy ha sido un día largo."
    )
    response = outcome_actions.submit_response(
        luna, "phq9", {f"q{i}": 1 for i in range(1, 10)}, language="es"
    )
    item = safety_actions.report_content(luna, "room_message", stored.message_id, "Es un insulto")
    safety_actions.decide_item(rocio, item, "warn", "Un insulto a otra persona")
    outcome_actions.refresh_schedule(luna, timezone.now() + timedelta(days=1))
    return {
        "rocio": rocio,
        "luna": luna,
        "pablo": pablo,
        "grupo": grupo,
        "meeting": meeting,
        "thread": thread,
        "response": response,
    }


def member_pages(world: dict[str, Any]) -> list[str]:
    g = world["grupo"].slug
    m = world["meeting"].pk
    from alongside.journal.models import JournalEntry

    entry = JournalEntry.objects.get(author=world["luna"]).pk
    return [
        reverse("home"),
        reverse("groups:directory"),
        reverse("groups:match"),
        reverse("groups:detail", args=[g]),
        reverse("groups:members", args=[g]),
        reverse("accounts:profile"),
        reverse("accounts:my_data"),
        reverse("journal:index"),
        reverse("journal:write"),
        reverse("journal:edit", args=[entry]),
        reverse("outcomes:progress"),
        reverse("outcomes:research_consent"),
        reverse("outcomes:answer", args=["phq9"]),
        reverse("outcomes:answer", args=["gad7"]),
        reverse("outcomes:answer", args=["phq2"]),
        reverse("outcomes:answer", args=["gad2"]),
        reverse("outcomes:answer", args=["ucla3"]),
        reverse("outcomes:answer", args=["id4"]),
        reverse("outcomes:answer", args=["id4"]) + f"?group={g}",
        reverse("outcomes:answer", args=["id1"]) + f"?group={g}",
        reverse("outcomes:answer", args=["feedback"]) + f"?group={g}",
        reverse("outcomes:result", args=[world["response"].pk]),
        reverse("rooms:room", args=[g]),
        reverse("rooms:threads", args=[g]),
        reverse("rooms:thread", args=[g, world["thread"].pk]),
        reverse("rooms:search", args=[g]) + "?q=dormir",
        reverse("meetings:mine"),
        reverse("meetings:calendar"),
        reverse("meetings:group", args=[g]),
        reverse("meetings:detail", args=[m]),
        reverse("meetings:live", args=[m]),
        reverse("resources:library"),
        reverse("resources:crisis"),
        reverse("resources:shared", args=[g]),
        reverse("resources:polls", args=[g]),
        reverse("safety:my_notices"),
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]


def walk(client: Client, urls: list[str], **headers: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url, follow=True, **headers)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        html = response.content.decode()
        assert '<html lang="es">' in html, f"{url} is not in Spanish"
        english = english_in(html)
        if english:
            found[url] = english
    return found


def test_a_spanish_member_meets_no_english_on_any_page(spanish_world: dict[str, Any]) -> None:
    luna = client_for(spanish_world["luna"])
    found = walk(luna, member_pages(spanish_world))
    pablo = client_for(spanish_world["pablo"])  # warned: sees the decision and can appeal
    found.update(
        {
            f"pablo {k}": v
            for k, v in walk(pablo, [reverse("safety:my_notices"), reverse("home")]).items()
        }
    )
    assert not found, "English in the Spanish interface:\n" + "\n".join(
        f"{u}: {t}" for u, t in found.items()
    )


def test_a_spanish_visitor_meets_no_english_before_signing_in(
    spanish_world: dict[str, Any],
) -> None:
    visitor = Client()
    urls = [
        reverse("home"),
        reverse("groups:directory"),
        reverse("groups:detail", args=[spanish_world["grupo"].slug]),
        reverse("resources:library"),
        reverse("resources:crisis"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
    ]
    found = walk(visitor, urls, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert not found, "English in the Spanish interface:\n" + "\n".join(
        f"{u}: {t}" for u, t in found.items()
    )


def test_signing_up_and_in_speaks_spanish(spanish_world: dict[str, Any], mailoutbox: Any) -> None:
    visitor = Client(HTTP_ACCEPT_LANGUAGE="es")
    # In the tú register the rest of the interface uses (allauth's own Spanish mixes in usted).
    assert "¿Has olvidado tu contraseña?" in visitor.get(reverse("account_login")).content.decode()
    assert (
        "Tu contraseña debe tener al menos 8 caracteres."
        in visitor.get(reverse("account_signup")).content.decode()
    )
    signed_up = visitor.post(
        reverse("account_signup"),
        {
            "email": "nueva@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "handle": "nueva",
            "age_band": "adult",
            "country": "ES",
        },
        follow=True,
    )
    assert not english_in(signed_up.content.decode()), english_in(signed_up.content.decode())
    assert mailoutbox and not english_in(
        f"<p>{mailoutbox[-1].subject}</p><p>{mailoutbox[-1].body}</p>"
    )
    assert mailoutbox[-1].subject.endswith("Confirma tu dirección de correo electrónico")
    wrong = visitor.post(
        reverse("account_login"), {"login": "luna@example.org", "password": "nope"}
    )
    assert not english_in(wrong.content.decode()), english_in(wrong.content.decode())
    signed_in = visitor.post(
        reverse("account_login"), {"login": "luna@example.org", "password": PASSWORD}, follow=True
    )
    assert "Has iniciado sesión como luna." in signed_in.content.decode()
    assert not english_in(signed_in.content.decode()), english_in(signed_in.content.decode())
    signed_out = visitor.post(reverse("account_logout"), follow=True)
    assert not english_in(signed_out.content.decode()), english_in(signed_out.content.decode())


def test_the_room_scripts_strings_come_in_spanish(spanish_world: dict[str, Any]) -> None:
    luna = client_for(spanish_world["luna"])
    room = luna.get(reverse("rooms:room", args=[spanish_world["grupo"].slug])).content.decode()
    assert reverse("javascript-catalog") in room
    catalogue = luna.get(reverse("javascript-catalog")).content.decode()
    assert '"Connected.": "Conectado."' in catalogue
    assert (
        '"Reconnecting\\u2026": "Reconectando\\u2026"' in catalogue
        or '"Reconnecting…": "Reconectando…"' in catalogue
    )


def test_the_check_finds_english_when_there_is_some() -> None:
    assert english_in("<p>Please write something first.</p>") == ["Please write something first."]
    assert english_in('<button aria-label="Close the menu">×</button>') == ["Close the menu"]
    assert english_in('<p lang="en">How often do you feel left out?</p><p>Hola</p>') == []
    assert (
        english_in("<p>Escribe algo primero, por favor. Me ha ayudado; no son las 20:00.</p>") == []
    )


def test_a_spanish_facilitator_meets_no_english_running_their_group(
    spanish_world: dict[str, Any],
) -> None:
    from alongside.safety.models import QueueItem

    g, m = spanish_world["grupo"].slug, spanish_world["meeting"].pk
    # (An alert's summary and timeline notes are stored as written when it was raised, by
    # whichever process raised it; the page around them is what is checked here.)
    alert = safety_actions.raise_crisis_alert(
        spanish_world["luna"],
        level="concern",
        group=spanish_world["grupo"],
        source="room_message",
        object_id=1,
        summary="",
    )
    held = room_actions.send_message(
        spanish_world["pablo"], spanish_world["grupo"], "m3", "Eres un idiota de verdad"
    )
    safety_actions.hold_content(
        source="room_message",
        object_id=held.message_id,
        author=spanish_world["pablo"],
        group=spanish_world["grupo"],
        reasons=["abuse"],
    )
    item = QueueItem.objects.filter(status=QueueItem.Status.OPEN).first()
    urls = [
        reverse("groups:manage", args=[g]),
        reverse("groups:edit_guidelines", args=[g]),
        reverse("groups:consent_records", args=[g]),
        reverse("groups:members", args=[g]),
        reverse("meetings:create", args=[g]),
        reverse("meetings:agenda", args=[g]),
        reverse("meetings:edit", args=[m]),
        reverse("meetings:live", args=[m]),
        reverse("rooms:first_posts", args=[g]),
        reverse("rooms:room", args=[g]),
        reverse("resources:poll_create", args=[g]),
        reverse("outcomes:group_effectiveness", args=[g]),
        reverse("safety:dashboard"),
        reverse("safety:alert", args=[alert.pk]),
        reverse("safety:item", args=[item.pk]),
    ]
    found = walk(client_for(spanish_world["rocio"]), urls)
    assert not found, "English in the Spanish interface:\n" + "\n".join(
        f"{u}: {t}" for u, t in found.items()
    )
