"""Rendering facilitator-written text: '## ' lines become headings, the rest paragraphs.
Everything is escaped first, so no HTML a facilitator types ever reaches a page."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

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



