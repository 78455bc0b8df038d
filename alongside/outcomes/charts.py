"""Server-rendered SVG charts (matplotlib, Agg-free SVG backend; no JavaScript, no build step).

Each chart is inline SVG with role="img" and an aria-label; every page that shows a chart also
shows the same figures in a table, which is the text alternative.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Sequence
from datetime import datetime

import matplotlib

matplotlib.use("Agg")  # never a GUI backend on a server

from django.utils import dateformat  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.dates import AutoDateLocator, date2num, num2date  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

INK = "#1f2430"
ACCENT = "#1d5c63"
MUTED = "#4a5263"
BAND_COLOURS = ["#e3f1e6", "#eef3da", "#fbf0d3", "#f9e1d0", "#f6d6d6"]
JOIN_COLOUR = "#8a6100"


def _to_inline_svg(fig: Figure, label: str) -> str:
    buffer = io.StringIO()
    # A fresh hash salt per chart keeps element ids unique when several charts share a page.
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": secrets.token_hex(4)}):
        FigureCanvasSVG(fig).print_svg(buffer)
    svg = buffer.getvalue()
    svg = _without_inline_styles(svg)
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    safe = (
        label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
    svg = re.sub(
        r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
        rf'<svg \1width="100%" role="img" aria-label="{safe}" class="chart"',
        svg,
        count=1,
    )
    return svg


_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")


def _attrs_from_style(tag: str) -> str:
    match = _STYLE_ATTR.search(tag)
    if match is None:
        return tag
    tag = tag[: match.start()] + tag[match.end() :]
    extra = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        value = value.replace("&", "&amp;").replace('"', "&quot;")
        existing = re.search(rf'\s{re.escape(name)}="[^"]*"', tag)
        if existing:
            tag = tag[: existing.start()] + tag[existing.end() :]
        extra.append(f'{name}="{value}"')
    closing = "/>" if tag.endswith("/>") else ">"
    return tag[: -len(closing)].rstrip() + " " + " ".join(extra) + closing


def _without_inline_styles(svg: str) -> str:
    """The site's Content Security Policy allows no inline styles (style-src 'self'), so
    matplotlib's style="…" become SVG presentation attributes, which CSP does not govern."""
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _TAG.sub(lambda m: _attrs_from_style(m.group(0)), svg)
    # What the removed <style> set for every element, now inherited from the root.
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)


def _figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    fig.patch.set_alpha(0)
    return fig


def _style(ax: object) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(colors=MUTED, labelsize=9)  # type: ignore[attr-defined]


def time_chart(
    label: str,
    points: Sequence[tuple[datetime, float]],
    *,
    y_min: float,
    y_max: float,
    y_label: str,
    bands: Sequence[tuple[float, float, str]] = (),
    marks: Sequence[tuple[datetime, str]] = (),
) -> str:
    """A line over time with shaded bands and vertical marks (e.g. when I joined a group)."""
    fig = _figure()
    ax = fig.add_subplot(111)
    _style(ax)
    for i, (low, high, name) in enumerate(bands):
        ax.axhspan(
            low - 0.5 if low > y_min else y_min,
            high + 0.5 if high < y_max else y_max,
            color=BAND_COLOURS[i % len(BAND_COLOURS)],
            zorder=0,
            linewidth=0,
        )
        ax.text(
            1.01,
            (low + high) / 2,
            name,
            transform=ax.get_yaxis_transform(),
            fontsize=8,
            color=MUTED,
            va="center",
        )
    xs = [float(date2num(p[0])) for p in points]
    ys = [p[1] for p in points]
    ax.plot(xs, ys, color=ACCENT, marker="o", linewidth=2, markersize=5, zorder=3)
    # Marks are numbered on the chart; the page lists what each number means (long group
    # names written sideways on a small chart were unreadable).
    for when, name in marks:
        at = float(date2num(when))
        ax.axvline(at, color=JOIN_COLOUR, linestyle="--", linewidth=1, zorder=2)
        ax.annotate(
            name,
            (at, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            fontsize=8,
            color=JOIN_COLOUR,
            va="top",
            zorder=4,
            fontweight="bold",
        )
    ax.set_ylim(y_min, y_max)
    ax.set_ylabel(y_label, fontsize=9, color=INK)
    locator = AutoDateLocator(maxticks=6)
    ax.xaxis.set_major_locator(locator)
    if len(xs) == 1:
        ax.set_xlim(xs[0] - 14, xs[0] + 14)  # date numbers are days
    # Dates in the reader's language (matplotlib's own month names are English only): "4 Dec",
    # "4 Dic"; over a long span, months: "Dec 2026", "Dic 2026".
    low, high = ax.get_xlim()
    pattern = "M Y" if high - low > 240 else "j M"
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: dateformat.format(num2date(x), pattern))
    )
    fig.subplots_adjust(left=0.1, right=0.78 if bands else 0.95, top=0.95, bottom=0.15)
    return _to_inline_svg(fig, label)


def bar_chart(
    label: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    y_min: float,
    y_max: float,
    y_label: str,
    intervals: dict[str, Sequence[tuple[float, float] | None]] | None = None,
) -> str:
    """Grouped bars, with optional interval whiskers; a None value (a suppressed cell) is not drawn."""
    fig = _figure()
    ax = fig.add_subplot(111)
    _style(ax)
    colours = [ACCENT, "#b36b00", "#5b4b8a"]
    width = 0.8 / max(len(series), 1)
    for s, (name, values) in enumerate(series.items()):
        xs = [i + (s - (len(series) - 1) / 2) * width for i in range(len(categories))]
        whiskers = (intervals or {}).get(name) or [None] * len(values)
        for x, v, ci in zip(xs, values, whiskers, strict=True):
            if v is not None:
                ax.bar(
                    x,
                    v - y_min,
                    width * 0.95,
                    bottom=y_min,
                    color=colours[s % len(colours)],
                    label=name,
                )
                if ci is not None:
                    ax.errorbar(
                        x, v, yerr=[[v - ci[0]], [ci[1] - v]], color=INK, capsize=6, linewidth=1.5
                    )
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(categories, fontsize=9)
    ax.set_ylim(y_min, y_max)
    ax.set_ylabel(y_label, fontsize=9, color=INK)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if len(series) > 1 and unique:
        ax.legend(unique.values(), unique.keys(), fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.1, right=0.97, top=0.95, bottom=0.15)
    return _to_inline_svg(fig, label)
