"""The HTML report's timeline: files and relay pairs per day as one inline SVG (no script, nothing fetched).

Days without files are drawn as gaps so a daily rhythm (weekdays on, weekends off) shows at a glance;
each bar carries a tooltip with the day's counts, and a table under the chart holds the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from analyzer.model import DaySummary

MAX_SPAN_DAYS = 400  # beyond this the chart shows dated days only, without the gaps between them
HEIGHT = 160
BAR_MAX = 14
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 36, 34, 10
FILES_COLOUR, PAIRS_COLOUR = "#7aa6c2", "#b00020"


def _axis_days(days: Sequence[DaySummary]) -> list[str]:
    first, last = date.fromisoformat(days[0].day), date.fromisoformat(days[-1].day)
    span = (last - first).days + 1
    if span > MAX_SPAN_DAYS:
        return [d.day for d in days]
    return [(first + timedelta(days=n)).isoformat() for n in range(span)]


def _bar(x: float, width: float, value: int, top: int, colour: str, css: str, day: str, label: str) -> str:
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    height = plot * value / top if top else 0
    y = HEIGHT - PAD_BOTTOM - height
    return (
        f'<rect class="{css}" data-day="{day}" data-value="{value}" x="{x:.1f}" y="{y:.1f}" '
        f'width="{width:.1f}" height="{height:.1f}" fill="{colour}"><title>{day}: {value} {label}</title></rect>'
    )


def timeline_svg(days: Sequence[DaySummary]) -> str:
    """An SVG bar chart: per day, files (light) and relay pairs (dark red) side by side."""
    by_day = {d.day: d for d in days}
    axis = _axis_days(days)
    slot = max(3.0, min(2 * BAR_MAX + 4, 900 / len(axis)))
    bar = (slot - 2) / 2
    width = PAD_LEFT + slot * len(axis) + 10
    top = max(max(d.files for d in days), max(d.relay_pairs for d in days), 1)
    base = HEIGHT - PAD_BOTTOM
    parts = [
        f'<svg id="timeline-chart" role="img" width="{width:.0f}" '
        f'height="{HEIGHT}" viewBox="0 0 {width:.0f} {HEIGHT}" font-size="10" font-family="sans-serif">',
        f"<title>Files and relay pairs per day, {escape(axis[0])} to {escape(axis[-1])}</title>",
        f'<line x1="{PAD_LEFT}" y1="{base}" x2="{width - 5:.0f}" y2="{base}" stroke="#999"/>',
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 4}" text-anchor="end">{top}</text>',
        f'<text x="{PAD_LEFT - 4}" y="{base}" text-anchor="end">0</text>',
    ]
    label_every = max(1, round(len(axis) / 15))
    for n, day in enumerate(axis):
        x = PAD_LEFT + n * slot + 1
        summary = by_day.get(day)
        if summary is not None:
            parts.append(_bar(x, bar, summary.files, top, FILES_COLOUR, "files", day, "files"))
            parts.append(_bar(x + bar, bar, summary.relay_pairs, top, PAIRS_COLOUR, "pairs", day, "relay pairs"))
        if n % label_every == 0:
            parts.append(
                f'<text x="{x + bar:.1f}" y="{base + 12}" text-anchor="end" '
                f'transform="rotate(-45 {x + bar:.1f} {base + 12})">{day[5:]}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(days: Sequence[DaySummary]) -> str:
    rows = "".join(
        f"<tr><td>{escape(d.day)}</td><td>{d.files}</td><td>{d.instruction_notes}</td><td>{d.relay_pairs}</td>"
        f"<td>{d.returned_files}</td><td>{escape(', '.join(d.cuts_returned))}</td></tr>"
        for d in days
    )
    return (
        '<details><summary>Per day</summary><table id="timeline-days"><thead><tr><th>day</th><th>files</th>'
        "<th>instruction notes</th><th>relay pairs</th><th>returned files</th><th>cuts returned</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def timeline_section(days: Sequence[DaySummary]) -> str:
    """The report's "Timeline" section; empty when no file could be dated."""
    if not days:
        return ""
    legend = (
        f'<p class="muted"><span style="color:{FILES_COLOUR}">&#9632;</span> files '
        f'<span style="color:{PAIRS_COLOUR}">&#9632;</span> relay pairs, per day '
        "(dated by metadata, then dated names, then modification times)</p>"
    )
    return (
        f'<h2>Timeline</h2><section id="timeline">{legend}'
        f'<div style="overflow-x:auto">{timeline_svg(days)}</div>{_table(days)}</section>'
    )
