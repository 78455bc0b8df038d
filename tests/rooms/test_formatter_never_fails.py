"""The formatter never raises and never lets markup through, whatever a member types (Hypothesis).

Before: `\\x00<digits>\\x00` raised IndexError (a 500 on thread posts, a dropped socket), a lone
surrogate raised UnicodeEncodeError, and a typed `\\x000\\x00` copied another link into the text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from alongside.rooms.render import ALLOWED_TAGS, render

# Text built from the formatter's own syntax, so the generator reaches links, lists and emphasis
# (and their placeholders) often, mixed with any character at all — NUL and surrogates included.
_pieces = st.sampled_from(
    [
        "\x00",
        "\x000\x00",
        "\x001\x00",
        "\x0099\x00",
        "**",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "\n",
        "\r\n",
        "- ",
        "1. ",
        "https://example.org/",
        "[a](https://a.example/x)",
        "<",
        ">",
        "&",
        '"',
        "'",
        "\ud800",
        "\udfff",
        "\U0001f600",
        "javascript:",
        " ",
    ]
)
member_text = st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=40).map("".join)

_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


@settings(max_examples=400, deadline=None)
@given(member_text)
@example("\x005\x00")
@example("[x](https://a.example/)\x000\x00")
@example("a\ud800b")
def test_any_text_renders_to_sanitised_html_without_raising(text: str) -> None:
    html = render(text)
    assert "\x00" not in html
    assert not re.search("[\ud800-\udfff]", html)
    assert {tag.lower() for tag in _TAG.findall(html)} <= ALLOWED_TAGS
    assert all(
        href.startswith(("http://", "https://")) for href in re.findall(r'href="([^"]*)"', html)
    )
    html.encode("utf-8")  # storable and sendable as it is


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=50))
def test_plain_words_come_back_as_they_were_written(word: str) -> None:
    assert render(word) == f"<p>{word}</p>"


def test_a_typed_placeholder_is_not_replaced_by_a_link() -> None:
    html = render("[x](https://a.example/)\x000\x00")
    assert html.count("<a ") == 1
