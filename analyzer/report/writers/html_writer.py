"""One self-contained HTML page (no network): summary, deliveries, filterable findings, relay pairs side by side.

Matched Sino-Korean readings and glossary terms from each pair's evidence are highlighted on both sides.
A Content-Security-Policy forbids every fetch, so the page cannot leak a delivery's contents when opened.
Streamed: the sections wait in temporary files until the summary is known; at most MAX_ROWS findings, pairs,
translated notes and unread files are embedded (a page of more does not open), and the page says how many
were left out: the JSON or JSONL report holds them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, TextIO

from analyzer.model import AnalyzedComment, BatchResult, DaySummary, Finding, Pair
from analyzer.report import Report
from analyzer.report.serialize import header
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions
from analyzer.report.writers.text_writer import reported_pairs
from analyzer.report.writers.timeline_chart import timeline_section

MAX_ROWS = 5_000  # per section

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.cards{display:flex;gap:.8rem;flex-wrap:wrap}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem}
.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{background:#f0f0f0}
.sev-high{color:#b00020;font-weight:bold}.sev-medium{color:#a15c00}.sev-low{color:#00607a}
.filters{display:flex;gap:.6rem;margin:.6rem 0}.filters input{flex:1;padding:.3rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;background:#fff;border:1px solid #ddd;border-radius:6px;
padding:.6rem;margin:.6rem 0}.pair .meta{grid-column:1/3;font-size:.85rem;color:#555}
.side{font-size:1.1rem;line-height:1.6}.side small{display:block;color:#777;font-size:.75rem}
.mt{font-size:.9rem;color:#333;border-top:1px dashed #ccc;margin-top:.3rem}
mark.reading{background:#ffe9a8}mark.gloss{background:#c9f0d0}.terms{grid-column:1/3;font-size:.85rem}
.error{color:#b00020}.muted{color:#777}
"""

SCRIPT = """
(function(){
  var text=document.getElementById('filter-text'), sev=document.getElementById('filter-severity'),
      rule=document.getElementById('filter-rule'), count=document.getElementById('shown');
  var rows=Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));
  function apply(){
    var q=text.value.toLowerCase(), shown=0;
    rows.forEach(function(row){
      var ok=(!q||row.textContent.toLowerCase().indexOf(q)>=0)&&(!sev.value||row.dataset.severity===sev.value)
        &&(!rule.value||row.dataset.rule===rule.value);
      row.hidden=!ok; if(ok){shown++;}
    });
    count.textContent=shown+' of '+rows.length+' shown';
  }
  [text,sev,rule].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  apply();
})();
"""


def _spans(text: str, terms: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) for every occurrence of each term; earlier kinds win overlaps."""
    taken = [False] * len(text)
    spans = []
    for term, kind in terms:
        if not term:
            continue
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end, kind))
                taken[start:end] = [True] * (end - start)
            start = text.find(term, end)
    return sorted(spans)


def highlight(text: str, terms: Iterable[tuple[str, str]]) -> str:
    """`text` escaped for HTML, with each term wrapped in <mark class=KIND>."""
    out, at = [], 0
    for start, end, kind in _spans(text, terms):
        out.append(escape(text[at:start]))
        out.append(f'<mark class="{kind}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _terms(pair: Pair, side: str) -> list[tuple[str, str]]:
    ev = pair.evidence
    gloss = [(g.get(side, ""), "gloss") for g in ev.get("glossary", [])]
    readings = [(r.get(side, ""), "reading") for r in ev.get("readings", [])]
    return sorted(gloss, key=lambda t: -len(t[0])) + sorted(readings, key=lambda t: -len(t[0]))


def _where(path: str, member: str | None, locator: str | None) -> str:
    return escape((f"{path}!{member}" if member else path) + (f" {locator}" if locator else ""))


def _machine_translation(analyzed: AnalyzedComment | None) -> str:
    """The note's English machine translation under its text, when translation packages are installed."""
    mt = analyzed.translation if analyzed is not None else None
    if mt is None:
        return ""
    via = f" via {', '.join(mt.via)}" if mt.via else ""
    label = f"<small>machine translation{escape(via)}</small>"
    return f'<div class="mt" lang="{escape(mt.lang)}">{label}{escape(mt.text)}</div>'


def _pair_html(analyzed: AnalyzedComment, pair: Pair, target: AnalyzedComment) -> str:
    src_note, tgt_note = analyzed.comment, target.comment
    gloss = ", ".join(f"{g['zh']} = {g['ko']}" for g in pair.evidence.get("glossary", []))
    readings = ", ".join(f"{r['zh']} ≈ {r['ko']}" for r in pair.evidence.get("readings", []))
    return (
        f'<div class="pair" data-scope="{escape(pair.scope)}">'
        f'<div class="meta">p = {pair.score:.2f} · {escape(pair.scope)}</div>'
        f'<div class="side zh" lang="zh"><small>{_where(src_note.path, src_note.member, src_note.locator)}'
        f"</small>{highlight(pair.src.text, _terms(pair, 'zh'))}{_machine_translation(analyzed)}</div>"
        f'<div class="side ko" lang="ko"><small>{_where(tgt_note.path, tgt_note.member, tgt_note.locator)}'
        f"</small>{highlight(pair.tgt.text, _terms(pair, 'ko'))}"
        f"{_machine_translation(target if target is not analyzed else None)}"
        "</div>"
        f'<div class="terms"><mark class="gloss">glossary</mark> {escape(gloss) or "none"} · '
        f'<mark class="reading">readings</mark> {escape(readings) or "none"}</div></div>\n'
    )


def _finding_html(f: Finding) -> str:
    ev = f.evidence
    if "zh" in ev and "ko" in ev:
        detail = f"{ev['zh']} → {ev['ko']}"
    else:  # another rule: its evidence texts, briefly
        detail = "; ".join(f"{k}: {v}" for k, v in ev.items() if isinstance(v, str))[:300]
    return (
        f'<tr data-severity="{escape(f.severity)}" data-rule="{escape(f.rule)}">'
        f'<td class="sev-{escape(f.severity)}">{escape(f.severity)}</td><td>{escape(f.rule)}</td>'
        f"<td>{_where(f.path, f.member, f.locator)}</td><td>{escape(f.message)}</td>"
        f'<td lang="zh-ko">{escape(detail)}</td><td>{f.confidence:.2f}</td></tr>\n'
    )


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in sorted(set(values)))


def _summary_html(summary: dict[str, Any]) -> str:
    cards = [
        ("files", summary["files"]),
        ("notes", summary["comments"]),
        ("relay pairs", summary["pairs"]),
        ("findings", sum(summary["findings_by_rule"].values())),
        ("errors", summary["errors"]),
        ("not read", summary["errors"] + summary["skipped"]),
        ("suppressed", sum(summary["suppressed"].values())),
    ]
    html = "".join(f'<div class="card"><b>{value}</b>{escape(name)}</div>' for name, value in cards)
    languages = ", ".join(f"{escape(k)} {v}" for k, v in summary["languages"].items()) or "none"
    unread = "".join(
        f"<li>{row['files']} {escape(row['status'])} {escape(row['type'])}: {escape(row['reason'])}</li>"
        for row in summary.get("unread", [])
    )
    not_read = f'<h2>Not read</h2><ul id="unread">{unread}</ul>' if unread else ""
    return f'<div class="cards" id="summary">{html}</div><p>Languages seen (segments): {languages}</p>{not_read}'


def _deliveries_html(deliveries: list[dict[str, Any]]) -> str:
    """The delivery summary: per top-level folder (vendor or delivery), counts and the strongest finding."""
    rows = []
    for d in deliveries:
        top = d["strongest"]
        severity = d["highest_severity"]
        severity_cell = (
            f'<td class="sev-{escape(severity)}">{escape(severity)}</td>' if severity else '<td class="muted">-</td>'
        )
        strongest = (
            f"<td>{escape(top['rule'])}</td><td>{_where(top['path'], None, top['locator'])}</td>"
            f"<td>{escape(top['message'])}</td>"
            if top
            else '<td class="muted">-</td><td></td><td></td>'
        )
        rows.append(
            f'<tr data-delivery="{escape(d["delivery"])}"><td>{escape(d["delivery"])}</td>'
            + "".join(f"<td>{escape(str(d[key]))}</td>" for key in ("files", "comments", "pairs", "findings"))
            + f"{severity_cell}{strongest}</tr>"
        )
    heading = "<h2>Deliveries (top-level folders)</h2>\n"
    if not rows:
        return heading + '<p class="muted" id="deliveries">No files.</p>'
    return (
        heading + '<table id="deliveries"><thead><tr><th>delivery</th><th>files</th><th>notes</th><th>pairs</th>'
        "<th>findings</th><th>highest severity</th><th>strongest finding</th><th>where</th><th>message</th></tr>"
        "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


class _Section:
    """One spooled section of the page and how many of its rows were left out."""

    def __init__(self) -> None:
        self.spool = Spool()
        self.rows = 0
        self.left_out = 0

    def add(self, html: str) -> None:
        if self.rows >= MAX_ROWS:
            self.left_out += 1
            return
        self.spool.write(html)
        self.rows += 1

    def copy_to(self, out: TextIO, what: str) -> None:
        self.spool.copy_to(out)
        self.spool.close()
        if self.left_out:
            out.write(
                f'<p class="muted left-out">{self.left_out} more {what} are left out of this page (at most '
                f"{MAX_ROWS} are shown); the JSON or JSONL report holds them all.</p>"
            )


class HtmlWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = out
        self.findings, self.pairs, self.translations, self.errors = _Section(), _Section(), _Section(), _Section()
        self.days: list[DaySummary] = []

    def add(self, batch: BatchResult) -> None:
        self.days.extend(batch.days)
        for f in batch.findings:
            self.findings.add(_finding_html(f))
        by_id = {c.comment.id: c for c in batch.comments}
        for analyzed, pair in reported_pairs(batch):
            self.pairs.add(_pair_html(analyzed, pair, by_id.get(pair.tgt.comment_id, analyzed)))
        paired = {p.tgt.comment_id for c in batch.comments for p in c.pairs}
        paired.update(c.comment.id for c in batch.comments if c.pairs)
        for c in batch.comments:
            if c.translation is not None and c.comment.id not in paired:
                self.translations.add(
                    f"<tr><td>{_where(c.comment.path, c.comment.member, c.comment.locator)}</td>"
                    f"<td>{escape(c.comment.text)}</td>"
                    f'<td lang="{escape(c.translation.lang)}">{escape(c.translation.text)}</td></tr>\n'
                )
        for row in batch.files:
            if row.status == "error":
                self.errors.add(
                    f'<li class="error">{_where(row.path, row.member, None)}: {escape(row.error or "")}</li>'
                )

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        out = self.out
        tool = header()["tool"]
        out.write(
            f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>analyzer report</title><style>{STYLE}</style></head>
<body>
<h1>analyzer {escape(tool["version"])}: relay report</h1>
<p class="muted">A finding is a lead for a reviewer, not a verdict.</p>
{_summary_html(summary)}
{_deliveries_html(summary["deliveries"])}
{timeline_section(self.days)}
<h2>Findings</h2>
<div class="filters"><input id="filter-text" type="search" placeholder="filter by text, path, rule"
aria-label="filter findings">
<select id="filter-severity" aria-label="severity"><option value="">all severities</option>
{_options(totals.by_severity)}</select>
<select id="filter-rule" aria-label="rule"><option value="">all rules</option>
{_options(totals.by_rule)}</select><span id="shown" class="muted"></span></div>
<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th><th>message</th><th>evidence</th>
<th>confidence</th></tr></thead>
<tbody>
"""
        )
        self.findings.copy_to(out, "findings")
        out.write('</tbody></table>\n<h2>Relay pairs: Chinese | Korean</h2>\n<div id="pairs">\n')
        if self.pairs.rows:
            self.pairs.copy_to(out, "relay pairs")
        else:
            out.write('<p class="muted">No relay pairs.</p>')
        out.write("</div>\n")
        if self.translations.rows:
            out.write(
                "<h2>Other notes, with their machine translation</h2>"
                '<table id="translations"><thead><tr><th>where</th><th>note</th><th>machine translation</th></tr>'
                "</thead><tbody>"
            )
            self.translations.copy_to(out, "translated notes")
            out.write("</tbody></table>")
        out.write('\n<h2>Files that could not be read</h2>\n<ul id="errors">')
        if self.errors.rows:
            self.errors.copy_to(out, "unread files")
        else:
            out.write('<li class="muted">none</li>')
        out.write(f"</ul>\n<script>{SCRIPT}</script>\n</body></html>\n")


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("html", out, verbosity)
