"""The human summary: what was read, each relay pair side by side with score and evidence, findings by rule.

verbosity -1 (--quiet): one line per finding and per unreadable file. 1 (--verbose): every finding's
message and the skipped files too. Colour only on a terminal, never with NO_COLOR set (rich decides).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.model import Finding, Pair
from analyzer.report import Report

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _location(path: str, member: str | None, locator: str | None) -> str:
    where = f"{path}!{member}" if member else path
    return f"{where} {locator}" if locator else where


def _evidence(pair: Pair) -> str:
    gloss = ", ".join(f"{g['zh']}={g['ko']}" for g in pair.evidence.get("glossary", []))
    readings = ", ".join(f"{r['zh']}≈{r['ko']}" for r in pair.evidence.get("readings", []))
    parts = [f"{pair.scope}"]
    if gloss:
        parts.append(f"glossary {gloss}")
    if readings:
        parts.append(f"readings {readings}")
    return "; ".join(parts)


def finding_line(f: Finding) -> Text:
    """`severity rule where: message` plus `zh → ko` for a relay pair: what a hook prints per finding."""
    line = Text()
    line.append(f"{f.severity:<6}", style=SEVERITY_STYLE.get(f.severity, ""))
    line.append(f" {f.rule}  {_location(f.path, f.member, f.locator)}: ")
    if "zh" in f.evidence and "ko" in f.evidence:
        line.append(f"{f.evidence['zh']} → {f.evidence['ko']} (p={f.confidence:.2f})")
    else:
        line.append(f.message)
    return line


def _console(out: TextIO) -> Console:
    terminal = out.isatty() if hasattr(out, "isatty") else False
    plain = bool(os.environ.get("NO_COLOR"))  # no-color.org: no colour; we drop bold and dim too
    return Console(file=out, highlight=False, width=None if terminal else 140, color_system=None if plain else "auto")


def _write_quiet(console: Console, report: Report) -> None:
    for f in report.findings:
        console.print(finding_line(f), soft_wrap=True)  # one finding, one line, whatever the width
    for row in report.files:
        if row.status == "error":
            line = Text(f"error: {_location(row.path, row.member, None)}: {row.error}", style="red")
            console.print(line, soft_wrap=True)


def _pairs_table(report: Report) -> Table | None:
    by_id = {c.comment.id: c.comment for c in report.comments}
    rows = [(c.comment, p) for c in report.comments for p in c.pairs]
    if not rows:
        return None
    table = Table(title="Chinese notes with their Korean translation", title_justify="left", show_lines=True)
    table.add_column("where", overflow="fold", max_width=36)
    table.add_column("Chinese", overflow="fold")
    table.add_column("Korean", overflow="fold")
    mt = {c.comment.id: c.translation for c in report.comments if c.translation}  # when translation is installed
    if mt:
        table.add_column("English (machine translation)", overflow="fold")
    table.add_column("p", justify="right")
    table.add_column("evidence", overflow="fold", max_width=36)
    for comment, pair in rows:
        where = _location(comment.path, comment.member, comment.locator)
        target = by_id.get(pair.tgt.comment_id)
        if target is not None and (target.path, target.member) != (comment.path, comment.member):
            where += f"\n→ {_location(target.path, target.member, target.locator)}"
        english = [Text(mt[comment.id].text if comment.id in mt else "")] if mt else []
        table.add_row(
            Text(where), Text(pair.src.text), Text(pair.tgt.text), *english, f"{pair.score:.2f}", Text(_evidence(pair))
        )
    return table


def _translations_table(report: Report) -> Table | None:
    """Notes outside any pair that have a machine translation (the paired ones are in the pairs table)."""
    rows = report.unpaired_translations()
    if not rows:
        return None
    table = Table(title="Other notes, with their machine translation", title_justify="left", show_lines=True)
    table.add_column("where", overflow="fold", max_width=36)
    table.add_column("note", overflow="fold")
    table.add_column("English (machine translation)", overflow="fold")
    for c in rows:
        assert c.translation is not None
        where = _location(c.comment.path, c.comment.member, c.comment.locator)
        table.add_row(Text(where), Text(c.comment.text), Text(c.translation.text))
    return table


def _rules_table(report: Report) -> Table:
    table = Table(title="Findings by rule", title_justify="left")
    table.add_column("rule")
    table.add_column("severity")
    table.add_column("count", justify="right")
    for (rule, severity), count in sorted(Counter((f.rule, f.severity) for f in report.findings).items()):
        table.add_row(rule, Text(severity, style=SEVERITY_STYLE.get(severity, "")), str(count))
    return table


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    console = _console(out)
    if verbosity < 0:
        _write_quiet(console, report)
        return
    s = report.summary()
    read = s["files"] - s["errors"] - s["skipped"]
    console.print(
        f"[bold]analyzer[/bold]: {s['files']} files ({read} read, {s['skipped']} skipped, "
        f"{s['errors']} errors), {s['comments']} notes, {s['pairs']} relay pairs in {s['seconds']:.2f} s"
    )
    if s["languages"]:
        langs = ", ".join(f"{lang} {count}" for lang, count in sorted(s["languages"].items(), key=lambda kv: -kv[1]))
        console.print(f"Languages seen (segments): {langs}")
    for table in (_pairs_table(report), _translations_table(report)):
        if table is not None:
            console.print(table)
    if report.findings:
        console.print(_rules_table(report))
        if verbosity > 0:
            console.print("[bold]Findings[/bold]")
            for f in report.findings:
                console.print(finding_line(f))
                console.print(Text(f"       {f.message}", style="dim"))
    else:
        console.print("No findings.")
    _deliveries(console, s["deliveries"])
    if len(report.days) > 1:
        from analyzer.report.writers.timeline_table import days_table

        console.print(days_table(report))
    if s["suppressed"]:
        hidden = ", ".join(f"{why} {n}" for why, n in s["suppressed"].items())
        console.print(f"Suppressed (accepted) findings: {hidden}")
    for row in report.files:
        if row.status == "error" or (verbosity > 0 and row.status == "skipped"):
            style = "red" if row.status == "error" else "dim"
            console.print(Text(f"{row.status}: {_location(row.path, row.member, None)}: {row.error}", style=style))


def _deliveries(console: Console, deliveries: list[dict]) -> None:
    """Per top-level folder (vendor or delivery): counts and the strongest evidence."""
    if not deliveries:
        return
    table = Table(title="Deliveries (top-level folders)", title_justify="left", show_lines=True)
    for name, justify in (("folder", "left"), ("files", "right"), ("notes", "right"), ("pairs", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("findings", justify="right")
    table.add_column("strongest evidence", overflow="fold")
    for d in deliveries:
        top = d["strongest"]
        strongest = Text("-")
        if top:
            strongest = Text(f"{top['severity']} {top['rule']} ", style=SEVERITY_STYLE.get(top["severity"], ""))
            strongest.append(f"{_location(top['path'], None, top['locator'])}: {top['message']}", style="")
        table.add_row(
            d["delivery"], str(d["files"]), str(d["comments"]), str(d["pairs"]), str(d["findings"]), strongest
        )
    console.print(table)
