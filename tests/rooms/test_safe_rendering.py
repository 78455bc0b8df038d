"""Messages render a small formatting subset and nothing else (no Django needed)."""

from alongside.rooms.render import render


def test_emphasis_links_and_lists_are_formatted() -> None:
    html = render("I **made it** to the *meeting*\n- sleep\n- walk\n[NHS](https://www.nhs.uk)")
    assert "<strong>made it</strong>" in html and "<em>meeting</em>" in html
    assert "<ul><li>sleep</li><li>walk</li></ul>" in html
    assert '<a href="https://www.nhs.uk" rel="nofollow noopener noreferrer ugc">NHS</a>' in html


def test_html_and_script_are_shown_as_text_never_run() -> None:
    html = render("<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_web_links_become_links() -> None:
    html = render("[click](javascript:alert(1)) and https://example.org/a?b=1")
    assert "javascript:" not in html.split("href=")[-1] if "href=" in html else True
    assert 'href="javascript' not in html
    assert 'href="https://example.org/a?b=1"' in html.replace("&amp;", "&")
