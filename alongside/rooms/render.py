"""A small, safe formatting subset for messages and posts: links, *emphasis*, **strong**,
bulleted and numbered lists, paragraphs. The text is escaped first, formatted, then sanitised
with nh3 so nothing a member writes can run in another member's browser. It never raises: NUL
(the link placeholder's delimiter) and unpaired surrogates (which no encoder accepts) are dropped
first. No database or settings here."""

from __future__ import annotations

import html
import re

import nh3

from alongside.core.text import strip

MAX_LENGTH = 4000

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^\s)]{1,2000})\)")
_BARE_URL = re.compile(r"(?<![\"'=>])\b(https?://[^\s<]{1,2000}[^\s<.,;:!?)\]'\"])")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![*\w])[*_](?=\S)(.+?)(?<=\S)[*_](?![*\w])")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _inline(escaped: str) -> str:
    # Links first, and keep them out of the later passes by placeholder.
    links: list[str] = []

    def keep(anchor: str) -> str:
        links.append(anchor)
        return f"\x00{len(links) - 1}\x00"

    escaped = _LINK.sub(lambda m: keep(f'<a href="{m.group(2)}">{m.group(1)}</a>'), escaped)
    escaped = _BARE_URL.sub(lambda m: keep(f'<a href="{m.group(1)}">{m.group(1)}</a>'), escaped)
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = _EM.sub(r"<em>\1</em>", escaped)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], escaped)


def render(text: str) -> str:
    """Markdown-ish text to sanitised HTML."""
    # After strip() no NUL is left, so every \x00<n>\x00 in _inline is one of its own placeholders.
    lines = html.escape(strip(text).replace("\r\n", "\n"), quote=True).split("\n")
    out: list[str] = []
    paragraph: list[str] = []
    list_kind = ""

    def close_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_kind
        if list_kind:
            out.append(f"</{list_kind}>")
            list_kind = ""

    for line in lines:
        bullet = _BULLET.match(line)
        numbered = None if bullet else _NUMBERED.match(line)
        item = bullet or numbered
        if item:
            close_paragraph()
            kind = "ul" if bullet else "ol"
            if list_kind != kind:
                close_list()
                out.append(f"<{kind}>")
                list_kind = kind
            out.append(f"<li>{_inline(item.group(1))}</li>")
        elif not line.strip():
            close_paragraph()
            close_list()
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return nh3.clean(
        "".join(out),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer ugc",
    )
