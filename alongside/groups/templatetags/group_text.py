"""Rendering facilitator-written text: '## ' lines become headings, the rest paragraphs.
Everything is escaped first, so no HTML a facilitator types ever reaches a page."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def guidelines_html(text: str) -> SafeString:
    parts: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            parts.append(f"<h3>{escape(lines[0][3:].strip())}</h3>")
            lines = lines[1:]
        if lines:
            parts.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped


@register.filter
def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code.upper()


def _kind_sentences() -> dict[tuple[str, str], str]:
    # Whole sentences, so each language gets its own article and word order ("an online,
    # peer-led group"; "un grupo en línea dirigido por pares").
    return {
        ("online", "peer"): _("This is an online, peer-led group."),
        ("online", "professional"): _("This is an online group led by a professional."),
        ("in_person", "peer"): _("This is an in-person, peer-led group."),
        ("in_person", "professional"): _("This is an in-person group led by a professional."),
        ("hybrid", "peer"): _("This is a hybrid, peer-led group: online and in person."),
        ("hybrid", "professional"): _(
            "This is a hybrid group led by a professional: online and in person."
        ),
    }


@register.filter
def kind_sentence(group: object) -> str:
    """ "This is an online, peer-led group." for the group's format and leadership."""
    key = (str(getattr(group, "format", "")), str(getattr(group, "leadership", "")))
    return _kind_sentences().get(key, "")
