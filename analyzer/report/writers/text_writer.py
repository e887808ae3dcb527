"""The human summary: what was read, languages seen, each relay pair side by side, findings by rule."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.report import Report

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _location(path: str, member: str | None, locator: str | None) -> str:
    where = f"{path}!{member}" if member else path
    return f"{where} {locator}" if locator else where


def write(report: Report, out: TextIO) -> None:
    console = Console(file=out, highlight=False, width=None if out.isatty() else 140)
    s = report.summary()
    read = s["files"] - s["errors"] - s["skipped"]
    console.print(
        f"[bold]analyzer[/bold]: {s['files']} files ({read} read, {s['skipped']} skipped, "
        f"{s['errors']} errors), {s['comments']} notes, {s['pairs']} relay pairs in {s['seconds']:.2f} s"
    )
    if s["languages"]:
        langs = ", ".join(f"{lang} {count}" for lang, count in sorted(s["languages"].items(), key=lambda kv: -kv[1]))
        console.print(f"Languages seen (segments): {langs}")
    pairs = [(c.comment, p) for c in report.comments for p in c.pairs]
    if pairs:
        table = Table(title="Chinese notes with their Korean translation", title_justify="left", show_lines=True)
        table.add_column("where", overflow="fold", max_width=40)
        table.add_column("Chinese", overflow="fold")
        table.add_column("Korean", overflow="fold")
        mt = {c.comment.id: c.translation for c in report.comments if c.translation}  # issue 9: when installed
        if mt:
            table.add_column("English (machine translation)", overflow="fold")
        table.add_column("p", justify="right")
        for comment, pair in pairs:
            where = Text(_location(comment.path, comment.member, comment.locator))
            english = [Text(mt[comment.id].text if comment.id in mt else "")] if mt else []
            table.add_row(where, Text(pair.src.text), Text(pair.tgt.text), *english, f"{pair.score:.2f}")
        console.print(table)
    if report.findings:
        table = Table(title="Findings by rule", title_justify="left")
        table.add_column("rule")
        table.add_column("severity")
        table.add_column("count", justify="right")
        by_rule: dict[tuple[str, str], int] = {}
        for f in report.findings:
            by_rule[(f.rule, f.severity)] = by_rule.get((f.rule, f.severity), 0) + 1
        for (rule, severity), count in sorted(by_rule.items()):
            table.add_row(rule, Text(severity, style=SEVERITY_STYLE.get(severity, "")), str(count))
        console.print(table)
    else:
        console.print("No findings.")
    _deliveries(console, s["deliveries"])
    if len(report.days) > 1:
        from analyzer.report.writers.timeline_table import days_table

        console.print(days_table(report))
    problems = [f for f in report.files if f.status == "error"]
    for row in problems:
        console.print(Text(f"error: {_location(row.path, row.member, None)}: {row.error}", style="red"))


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
