"""The human summary: what was read and what was not, each relay pair side by side, the findings, the deliveries.

Streams: the pairs, the finding lines and the unread files wait in temporary files while the scan runs and are
printed after the summary line once it is known. verbosity -1 (--quiet): one line per finding and per
unreadable file as they come, then one line on the files not read. 1 (--verbose): every finding with its
message, and the skipped files too. Colour only on a terminal, never with NO_COLOR set (rich decides). Every
string from the delivery is printed through `printable` and as rich Text, never as markup.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.detect import evidence_shape
from analyzer.model import SEVERITY_RANK, AnalyzedComment, BatchResult, DaySummary, Finding, Pair
from analyzer.report import Report, columns
from analyzer.report.spool import Spool
from analyzer.report.terminal import one_line, printable
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
FILE_WIDTH = 140  # columns of a report written to a file or a pipe
# The pair table: its columns, the width of those not sharing the rest evenly, and which are right-aligned.
PAIR_COLUMNS = ("where", "Chinese", "Korean", "p", "evidence")
PAIR_WIDTHS = (None, None, None, 4, None)
PAIR_RIGHT = (False, False, False, True, False)
LISTED_FROM = "medium"  # findings at or above this severity get a line each (all of them with --verbose)


def location(path: str, member: str | None, locator: str | None) -> str:
    where = f"{path}!{member}" if member else path
    return f"{where} {locator}" if locator else where


def finding_line(f: Finding) -> Text:
    """`severity rule where: zh → ko (p=…)` or the message: one finding on one line, as a hook prints it."""
    line = Text()
    line.append(f"{f.severity:<6}", style=SEVERITY_STYLE.get(f.severity, ""))
    line.append(_finding_rest(f))
    return line


def _finding_plain(f: Finding) -> str:
    """`finding_line` without colour: its text (every part of it from one_line already, so rich would strip none)."""
    return f"{f.severity:<6}{_finding_rest(f)}"


def _finding_rest(f: Finding) -> str:
    """What follows the severity on a finding's line."""
    pair = evidence_shape(f.rule).pair(f.evidence)
    said = one_line(f"{pair[0]} → {pair[1]} (p={f.confidence:.2f})") if pair is not None else one_line(f.message)
    return f" {f.rule}  {one_line(location(f.path, f.member, f.locator))}: {said}"


def _evidence(pair: Pair) -> str:
    gloss = ", ".join(f"{g['zh']}={g['ko']}" for g in pair.evidence.get("glossary", []))
    readings = ", ".join(f"{r['zh']}≈{r['ko']}" for r in pair.evidence.get("readings", []))
    parts = [f"{pair.scope}"]
    if gloss:
        parts.append(f"glossary {gloss}")
    if readings:
        parts.append(f"readings {readings}")
    return "; ".join(parts)


def reported_pairs(batch: BatchResult) -> list[tuple[AnalyzedComment, Pair]]:
    """The pairs of a batch whose relay finding is still reported (one accepted by a baseline or allowlist is not
    listed either)."""
    if not any(c.pairs for c in batch.comments):
        return []  # (a batch without pairs: no set of its findings made)
    kept = {
        (f.path, f.member, f.locator, *(evidence_shape(f.rule).pair(f.evidence) or ("", "")))
        for f in batch.findings
        if f.rule == "relay.zh-ko-pair"
    }
    return [
        (c, p)
        for c in batch.comments
        for p in c.pairs
        if (c.comment.path, c.comment.member, c.comment.locator, p.src.text, p.tgt.text) in kept
    ]


class TextWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        options = options or WriterOptions()
        self.out, self.verbosity = out, options.verbosity
        terminal = out.isatty() if hasattr(out, "isatty") else False
        plain = bool(os.environ.get("NO_COLOR"))  # no-color.org: no colour; we drop bold and dim too
        self.style = {
            "highlight": False,
            "color_system": None if plain else ("auto" if terminal else None),
            "force_terminal": terminal and not plain,
        }
        self.width = Console(file=out).width if terminal else FILE_WIDTH
        self.pair_widths = columns.widths(self.width, PAIR_WIDTHS)
        self.console = self._console(out)
        self.pairs, self.translations, self.findings, self.unread = Spool(), Spool(), Spool(), Spool()
        self.to_findings, self.to_unread = self._console(self.findings), self._console(self.unread)
        self.to_translations = self._console(self.translations)
        self.coloured = self.style["color_system"] is not None
        self.days: list[DaySummary] = []

    def _console(self, out: Any) -> Console:
        return Console(file=out, width=self.width, **self.style)

    def add(self, batch: BatchResult) -> None:
        self.days.extend(batch.days)
        if self.verbosity < 0:
            self._quiet(batch)
            return
        self._pairs(batch)
        self._translations(batch)
        listed = [
            f for f in batch.findings if self.verbosity > 0 or SEVERITY_RANK[f.severity] >= SEVERITY_RANK[LISTED_FROM]
        ]
        for f in listed:
            plain = self._finding(self.to_findings, f)
            if self.verbosity > 0 and not plain.endswith(one_line(f.message)):  # not the message twice
                self._line(self.to_findings, Text(f"       {one_line(f.message)}", style="dim"))
        self._unread(batch, self.to_unread)

    def _line(self, console: Console, text: Text) -> None:
        """One line, never wrapped: without colour written as it is (what rich would print, at a tenth of the
        cost per finding of a large dump)."""
        if self.coloured:
            console.print(text, soft_wrap=True)
        else:
            console.file.write(text.plain + "\n")

    def _finding(self, console: Console, f: Finding) -> str:
        """A finding's line (`_line` of `finding_line`, without making rich's Text when there is no colour); its
        text."""
        plain = _finding_plain(f)
        if self.coloured:
            console.print(finding_line(f), soft_wrap=True)
        else:
            console.file.write(plain + "\n")
        return plain

    def _quiet(self, batch: BatchResult) -> None:
        for f in batch.findings:
            self._finding(self.console, f)  # one finding, one line, whatever the width
        self._unread(batch, self.console)

    def _unread(self, batch: BatchResult, console: Console) -> None:
        for row in batch.files:
            if row.status == "error" or (self.verbosity > 0 and row.status == "skipped"):
                style = "red" if row.status == "error" else "dim"
                text = f"{row.status}: {location(row.path, row.member, None)}: {row.error}"
                self._line(console, Text(one_line(text), style=style))

    def _pair_row(self, cells: Sequence[str]) -> str:
        """A row of the pair table, laid out by columns.py (a rich Table per pair cost more than the pair)."""
        return columns.row(cells, self.pair_widths, right=PAIR_RIGHT)

    def _pairs(self, batch: BatchResult) -> None:
        rows = reported_pairs(batch)
        if not rows:
            return
        by_id = {c.comment.id: c.comment for c in batch.comments}
        for analyzed, pair in rows:
            comment = analyzed.comment
            where = location(comment.path, comment.member, comment.locator)
            target = by_id.get(pair.tgt.comment_id)
            if target is not None and (target.path, target.member) != (comment.path, comment.member):
                where += f"\n→ {location(target.path, target.member, target.locator)}"
            chinese = pair.src.text
            if analyzed.translation is not None:
                chinese += f"\nEnglish (machine translation): {analyzed.translation.text}"
            cells = (printable(where), printable(chinese), printable(pair.tgt.text), f"{pair.score:.2f}")
            self.pairs.write(self._pair_row((*cells, printable(_evidence(pair)))) + "\n")

    def _translations(self, batch: BatchResult) -> None:
        """Notes outside any pair that have a machine translation (the paired ones are shown with their pair)."""
        if all(c.translation is None for c in batch.comments):
            return  # (no translation packages: every batch)
        paired = {p.tgt.comment_id for c in batch.comments for p in c.pairs}
        paired.update(c.comment.id for c in batch.comments if c.pairs)
        rows = [c for c in batch.comments if c.translation is not None and c.comment.id not in paired]
        console = self.to_translations
        for c in rows:
            assert c.translation is not None
            where = location(c.comment.path, c.comment.member, c.comment.locator)
            console.print(Text(printable(f"{where}: {c.comment.text}")), soft_wrap=True)
            console.print(Text(printable(f"    [{c.translation.lang}] {c.translation.text}"), style="dim"))

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        console = self.console
        if self.verbosity < 0:
            if totals.files != totals.statuses["ok"]:
                console.print(Text(f"analyzer: not read: {printable(totals.unread_reasons())}"), soft_wrap=True)
            self._close()
            return
        s = summary
        read = s["files"] - s["errors"] - s["skipped"]
        console.print(
            Text.assemble(
                ("analyzer", "bold"),
                f": {s['files']} files ({read} read, {s['skipped']} skipped, {s['errors']} errors), "
                f"{s['comments']} notes, {s['pairs']} relay pairs in {s['seconds']:.2f} s",
            )
        )
        if totals.unread:
            console.print(Text(f"Not read: {printable(totals.unread_reasons())}", style="red"), soft_wrap=True)
        for capability, reason in sorted(totals.missing.items()):
            console.print(Text(f"Unavailable: {capability} ({printable(reason)})", style="red"), soft_wrap=True)
        if s["languages"]:
            langs = ", ".join(f"{lang} {n}" for lang, n in sorted(s["languages"].items(), key=lambda kv: -kv[1]))
            console.print(Text(f"Languages seen (segments): {printable(langs)}"))
        if not self.pairs.empty:
            console.print(Text("Chinese notes with their Korean translation", style="bold"))
            console.print(Text(self._pair_row(PAIR_COLUMNS).rstrip("\n"), style="bold"), soft_wrap=True)
            self.out.flush()
            self.pairs.copy_to(self.out)
        if not self.translations.empty:
            console.print(Text("Other notes, with their machine translation", style="bold"))
            self.out.flush()
            self.translations.copy_to(self.out)
        if totals.by_rule:
            console.print(self._rules_table(totals))
            if not self.findings.empty:
                heading = "Findings" if self.verbosity > 0 else f"Findings ({LISTED_FROM} and above)"
                console.print(Text(heading, style="bold"))
                self.out.flush()
                self.findings.copy_to(self.out)
        else:
            console.print("No findings.")
        self._deliveries(s["deliveries"])
        if len(self.days) > 1:
            from analyzer.report.writers.timeline_table import days_table

            console.print(days_table(self.days))
        if s["suppressed"]:
            hidden = ", ".join(f"{why} {n}" for why, n in s["suppressed"].items())
            console.print(Text(f"Suppressed (accepted) findings: {hidden}"))
        if not self.unread.empty:
            self.out.flush()
            self.unread.copy_to(self.out)
        self._close()

    def _close(self) -> None:
        for spool in (self.pairs, self.translations, self.findings, self.unread):
            spool.close()

    def _rules_table(self, totals: Totals) -> Table:
        table = Table(title="Findings by rule", title_justify="left")
        table.add_column("rule")
        table.add_column("severity")
        table.add_column("count", justify="right")
        for (rule, severity), count in sorted(totals.by_rule_and_severity.items()):
            table.add_row(Text(rule), Text(severity, style=SEVERITY_STYLE.get(severity, "")), str(count))
        return table

    def _deliveries(self, deliveries: list[dict[str, Any]]) -> None:
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
                strongest.append(printable(f"{location(top['path'], None, top['locator'])}: {top['message']}"))
            table.add_row(
                Text(printable(d["delivery"])),
                str(d["files"]),
                str(d["comments"]),
                str(d["pairs"]),
                str(d["findings"]),
                strongest,
            )
        self.console.print(table)


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("text", out, verbosity)
