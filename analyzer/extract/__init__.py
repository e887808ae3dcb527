"""Read each discovered file with the extractor registered for its format.

Containers yield members that are extracted in turn (depth-limited). Every
failure becomes an error row with a reason; nothing here raises on bad input.
A file on disk is read under one budget (budget.py): bytes expanded over all its
nesting levels and seconds; each file or member keeps at most so many notes and
characters, and a row says what a limit cut.

May import: discover, model, text, resources, errors, ocr (only when a scan asks for it). Never segment, align,
detect, report or run.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from analyzer.discover import Skipped
from analyzer.extract.archive import decode_member_names
from analyzer.extract.base import (
    Extractor,
    FormatError,
    LimitReached,
    Limits,
    Member,
    Note,
    NotReadable,
    ReadContext,
    TimeLimitExceeded,
    read_capped,
)
from analyzer.extract.budget import FileBudget, current_budget, file_budget
from analyzer.extract.decode import DecodeError, is_utf8
from analyzer.extract.defaults import is_default_string
from analyzer.extract.formats import EXTRACTORS
from analyzer.extract.lines import with_lines
from analyzer.extract.own_output import HEAD_BYTES as HEAD_OWN_BYTES
from analyzer.extract.own_output import written_by_analyzer
from analyzer.model import Comment, FileRef, FileRow, record

__all__ = [
    "HEAD_BYTES",
    "Extraction",
    "Limits",
    "extract_file",
    "extracted",
    "files_read_ahead",
    "extract_bytes",
    "find_extractor",
    "comment_id",
    "display_path",
]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_LOCATOR_CHARS = 300  # a longer locator keeps its start and its end around `…` (readers bound theirs too)


@record
class Extraction:
    """One file (or archive member) and the notes read from it."""

    row: FileRow
    comments: tuple[Comment, ...]


# Sniffing looks at this many leading bytes: enough for every registered magic (tar's `ustar` sits at 257).
HEAD_BYTES = 262


@cache
def _by_suffix() -> tuple[dict[str, Extractor], tuple[int, ...]]:
    """Suffix -> extractor (the first registered wins a tie), and the suffix lengths, longest first."""
    table: dict[str, Extractor] = {}
    for extractor in EXTRACTORS:
        for suffix in extractor.suffixes:
            table.setdefault(suffix, extractor)
    return table, tuple(sorted({len(s) for s in table}, reverse=True))


@lru_cache(maxsize=4096)
def _by_name(tail: str) -> Extractor | None:
    """The extractor a lower-cased name's end claims (the longest registered suffix it ends with); `tail` is
    `_name_tail` of the name, so the same file names share one entry."""
    table, lengths = _by_suffix()
    return next((table[tail[-n:]] for n in lengths if tail[-n:] in table), None)


def _name_tail(name: str) -> str:
    """What of a name decides its suffix: its last characters lower-cased, as many as the longest suffix has, from
    the last `/` among them. A suffix holds a `/` only as its first character (`/domdocument.xml`): it matches the
    name's end exactly when it matches this tail. Without the cut, every folder's `note.txt` would be an entry of
    its own (the longest suffix reaches into the folder's name) and the cache would miss on most files."""
    tail = name.lower()[-_by_suffix()[1][0] :]
    cut = tail.rfind("/")
    return tail if cut <= 0 else tail[cut:]


@cache
def _sniffers() -> tuple[Extractor, ...]:
    return tuple(e for e in EXTRACTORS if e.sniff is not None)


def find_extractor(name: str, head: bytes = b"") -> Extractor | None:
    """The format of a file: its content first, then its name.

    A magic at the start of `head` names the format even when the suffix says otherwise (a zip renamed
    `notes.txt`, a JPEG saved as `cut.png`). The suffix decides when the content names nothing, when the
    suffix's own format claims the content too, and when the magic is a container's that other formats share
    (zip, gzip, OLE2) and the suffix names a format that can live in it (`.xlsx`, `.tgz`, `.msg`): only a text
    format or a format with a different magic of its own gives way to such a container.
    """
    by_name = _by_name(_name_tail(name))
    if not head:
        return by_name
    if by_name is not None and by_name.sniff is not None and by_name.sniff(head):
        return by_name
    if by_name is not None and by_name.text and _reads_as_text(head):
        return by_name  # a binary magic has a control byte or a byte UTF-8 forbids; XDTS-like text stays text
    by_content = next((e for e in _sniffers() if e.sniff and e.sniff(head)), None)
    if by_content is None or by_name is None:
        return by_name or by_content
    if by_content.shared_magic and not by_name.text and by_name.sniff is None:
        return by_name
    return by_content


_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")  # not \t \n \f \r, nor ESC (ISO-2022)


def _reads_as_text(head: bytes) -> bool:
    """Whether the first bytes are UTF-8 text without control bytes (a cut character at the end allowed)."""
    if _CONTROL_BYTE.search(head):
        return False
    try:
        codecs.utf_8_decode(head, "strict", False)  # not final: a character cut at the end is no error
    except UnicodeDecodeError:
        return False
    return True


def comment_id(path: str, member: str | None, locator: str, text: str) -> str:
    return _id_of(_id_key(path, member, locator, text).encode("utf-8", "surrogatepass"))


def _id_key(path: str, member: str | None, locator: str, text: str) -> str:
    return "\x00".join((path, member or "", locator, text))


def _id_of(key: bytes) -> str:
    return "c" + hashlib.sha1(key).hexdigest()[:12]


def display_path(path: str) -> str:
    """A path as a reviewer should read it: file names in a legacy code page (GBK, CP949 ... names on a
    UTF-8 file system arrive surrogate-escaped) are decoded like zip member names; anything still
    undecodable becomes U+FFFD. The file is still opened by its real path."""
    if not _LONE_SURROGATE.search(path):
        return path
    try:
        parts = os.fsencode(path).split(b"/")
    except UnicodeEncodeError:  # surrogates that did not come from the file system
        return _utf8_safe(path)
    legacy = [i for i, part in enumerate(parts) if not is_utf8(part)]
    names = [part.decode("utf-8") if i not in legacy else "" for i, part in enumerate(parts)]
    decoded, _ = decode_member_names([parts[i] for i in legacy])
    for i, name in zip(legacy, decoded):
        names[i] = name
    return _utf8_safe("/".join(names))


def extract_file(ref: FileRef, limits: Limits | None = None) -> Iterator[Extraction]:
    yield from extracted(ref, limits or Limits())


# Small files are read this many at a time, back to back (`files_read_ahead`), at most so many bytes each and in all.
READ_AHEAD_FILES = 64
READ_AHEAD_FILE_BYTES = 64 << 10
READ_AHEAD_BYTES = 1 << 20

Read = bytes | Exception | None  # a file's bytes read ahead, what reading it raised, or None: read at its turn


def files_read_ahead(units: Sequence[Sequence[FileRef | Skipped]], limits: Limits) -> Iterator[list[Read]]:
    """Each unit's `Read`s, in order: the small files of the next few units read back to back, a run at a time.

    Opening a file costs the kernel several times more between two files' extraction, whose work has pushed its
    look-up structures out of the processor's caches, than next to another open (BENCHMARKS.md). A file is read
    as `extracted` reads it (`read_capped`, the same checks), only earlier, and what reading it raised is raised
    at its turn; a large file, or one `extracted` does not read (empty, over the limit), is read at its turn.
    Runs are bounded (READ_AHEAD_*), so what is held stays small: a run ends with the unit that fills it, whose
    files past the bound are read at their turn (one sketch may hold thousands of files)."""
    start = 0
    while start < len(units):
        run: list[list[Read]] = []
        files = held = 0
        for unit in units[start : start + READ_AHEAD_FILES]:  # (a unit holds one file at least)
            if run and files + len(unit) > READ_AHEAD_FILES:
                break
            reads: list[Read] = []
            for item in unit:
                read = _early(item, limits) if files < READ_AHEAD_FILES and held < READ_AHEAD_BYTES else None
                if read is not None and isinstance(item, FileRef):  # (only a FileRef is read)
                    held += item.size
                reads.append(read)
                files += 1
            run.append(reads)
            if files >= READ_AHEAD_FILES or held >= READ_AHEAD_BYTES:
                break
        yield from run
        start += len(run)


def _early(item: FileRef | Skipped, limits: Limits) -> Read:
    if not isinstance(item, FileRef) or not 0 < item.size <= min(READ_AHEAD_FILE_BYTES, limits.max_file_bytes):
        return None
    try:
        return _read(item, limits)
    except Exception as err:  # noqa: BLE001 - raised at the file's turn, where reading it would have raised it
        return err


def _read(ref: FileRef, limits: Limits) -> bytes:
    """The file's bytes as discovery found it (`read_capped` with what discovery saw of it)."""
    return read_capped(ref.fs_path, ref.size, limits.max_file_bytes, ref.mtime, ref.root, ref.device, ref.inode)


def extracted(ref: FileRef, limits: Limits, early: Read = None) -> list[Extraction]:
    """`extract_file` as a list: what a scan takes of each file (no generators stacked over every small file).
    `early`: the file as `files_read_ahead` read it."""
    if _LONE_SURROGATE.search(ref.path):
        ref = replace(ref, path=display_path(ref.path))
    if ref.size > limits.max_file_bytes:
        return [_too_large(ref, ref.size, limits)]
    if ref.size == 0 and find_extractor(ref.path) is None:
        return [_row(ref.path, None, None, "skipped", "empty file", 0, mtime=ref.mtime)]
    try:
        if early is None:
            data = _read(ref, limits)
        elif isinstance(early, Exception):
            raise early
        else:
            data = early
    except OSError as err:
        return [_row(ref.path, None, None, "error", f"cannot read: {err.strerror or err}", ref.size, mtime=ref.mtime)]
    own = written_by_analyzer(data[:HEAD_OWN_BYTES])
    if own is not None:
        return [_row(ref.path, None, None, "skipped", f"written by analyzer ({own})", len(data), mtime=ref.mtime)]
    if current_budget() is not None:  # (a file read while another is: its rows come as extract_bytes gives them)
        return list(_extract_level(ref.path, None, data, limits, 0, ref.mtime))
    return _budgeted(ref.path, None, data, limits, 0, ref.mtime, None)


def extract_bytes(
    path: str,
    member: str | None,
    data: bytes,
    limits: Limits,
    depth: int,
    mtime: float | None = None,
    own_name: str | None = None,
) -> Iterator[Extraction]:
    """The rows and notes of `data` (a file, or a member at `depth`) and of everything nested in it;
    `own_name` is a member's name inside its own archive.

    Outside an extraction already running (a file on disk, or a caller's bytes), this starts the file's budget
    and clock, and reads it whole before handing anything over: the clock never runs while the caller does.
    """
    if current_budget() is not None:
        yield from _extract_level(path, member, data, limits, depth, mtime, own_name)
        return
    yield from _budgeted(path, member, data, limits, depth, mtime, own_name)


def _budgeted(
    path: str, member: str | None, data: bytes, limits: Limits, depth: int, mtime: float | None, own_name: str | None
) -> list[Extraction]:
    """Every row of `data`, read under a new budget and clock."""
    results: list[Extraction] = []
    try:
        with file_budget(limits, len(data)):
            results.extend(_extract_level(path, member, data, limits, depth, mtime, own_name))
    except TimeLimitExceeded as err:
        if not results:  # the clock rang before any row was made (hashing): the file as a whole
            results = [_row(path, member, None, "error", str(err), len(data), mtime=mtime)]
    return results


def _extract_level(
    path: str,
    member: str | None,
    data: bytes,
    limits: Limits,
    depth: int,
    mtime: float | None,
    own_name: str | None = None,
) -> Iterator[Extraction]:
    name = member or path
    extractor = find_extractor(name, data[:HEAD_BYTES])
    sha256 = hashlib.sha256(data).hexdigest()
    if extractor is not None and extractor.dispatch is not None:
        container, extractor = extractor.name, extractor.dispatch(data)
        if extractor is None:
            reason = f"no extractor for this format ({container} container of no known kind)"
            yield _row(path, member, None, "skipped", reason, len(data), sha256, mtime)
            return
    if extractor is None:
        yield _row(path, member, None, "skipped", "no extractor for this format", len(data), sha256, mtime)
        return
    budget = current_budget()
    assert budget is not None  # extract_bytes started it
    ctx = ReadContext(limits=limits, depth=depth, name=own_name or os.path.basename(name))
    kept = _KeptNotes(limits)
    # Members are extracted as the archive reader hands them over, so only one member's bytes are
    # held at a time; their rows wait here to follow the archive's own row.
    inner: list[Extraction] = []
    failure: str | None = None
    status = "error"
    reader = extractor.read(data, ctx)
    try:
        for item in reader:
            budget.check_time()
            if isinstance(item, Member):
                if stop := _spend(budget, item):
                    inner.append(_row(path, _inner_name(member, item), None, "error", stop, len(item.data)))
                    failure = f"{stop}; later members were not read"
                    break
                inner.extend(_member(budget, path, member, item, limits, depth, mtime))
            elif not kept.add(item):
                failure = kept.cut
                break
    except TimeLimitExceeded:
        failure = budget.time_reason()
    except NotReadable as err:
        failure, status, kept.notes = str(err), "skipped", []
    except LimitReached as err:
        failure = str(err)  # the notes read before the limit are kept
    except (FormatError, DecodeError) as err:
        failure, kept.notes = str(err), []
    except Exception as err:  # a reader bug or a library choking on hostile bytes: report, go on
        failure, kept.notes = f"{extractor.name} reader failed: {type(err).__name__}: {err}"[:500], []
    finally:
        _close(reader)
    if failure is None and kept.cut:
        failure = kept.cut  # a note cut short: the notes are all there, the row still says what was cut
    # A failed file is an error row; members an archive gave before it broke, and notes read before a limit
    # stopped the reader, are still reported.
    notes = with_lines(data, ctx.encoding, kept.notes) if extractor.text and kept.notes else kept.notes
    comments = tuple(_comment(path, member, note) for note in notes)
    read = failure is None or bool(comments)
    row = FileRow(  # (path, member, format, status, error, comments, encoding, size, sha256, mtime)
        path,
        member,
        extractor.name,
        "ok" if failure is None else status,
        None if failure is None else _utf8_safe(failure),
        len(comments),
        ctx.encoding if read else None,
        len(data),
        sha256,
        mtime if read else None,  # a file read in part is dated like one read whole; a broken one is not
    )
    yield Extraction(row, comments)
    yield from inner


def _close(reader: object) -> None:
    """Stop a generator reader left part-way (a limit stopped it), so it releases what it holds."""
    close = getattr(reader, "close", None)
    if close is None:
        return
    # A reader that fails to stop has nothing more to say (no contextlib.suppress: a context manager a file).
    try:  # noqa: SIM105
        close()
    except Exception:  # noqa: BLE001, S110
        pass


class _KeptNotes:
    """A file's notes within its budgets: so many notes, so many characters each and in all."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.notes: list[Note] = []
        self.chars = 0
        self.cut: str | None = None  # what a budget cut, once one has

    def add(self, note: Note) -> bool:
        """Keep `note` (shortened if need be); False once the budget is spent and the reader should stop."""
        limits = self.limits
        if len(self.notes) >= limits.max_notes_per_file:
            self.cut = (
                f"more than {limits.max_notes_per_file} notes: the first {limits.max_notes_per_file} were read, "
                "the rest not (--max-notes-per-file)"
            )
            return False
        text = note.text
        if len(text) > limits.max_note_chars:
            text = text[: limits.max_note_chars]
            self.cut = self.cut or (
                f"a note at {_short(note.locator)} was cut at {limits.max_note_chars} characters (--max-note-chars)"
            )
        room = limits.max_chars_per_file - self.chars
        if len(text) > room:
            if room > 0:
                self.notes.append(replace(note, text=text[:room], locator=_short(note.locator)))
            self.cut = (
                f"more than {limits.max_chars_per_file} characters of notes: the notes after that were not read "
                "(--max-chars-per-file)"
            )
            return False
        self.chars += len(text)
        locator = _short(note.locator)
        unchanged = text is note.text and locator is note.locator  # the common case: no copy of the note
        self.notes.append(note if unchanged else replace(note, text=text, locator=locator))
        return True


def _short(locator: str) -> str:
    """A locator within MAX_LOCATOR_CHARS: its start and its end (the innermost part) around `…`."""
    if len(locator) <= MAX_LOCATOR_CHARS:
        return locator
    head = MAX_LOCATOR_CHARS // 4
    return locator[:head] + "…" + locator[-(MAX_LOCATOR_CHARS - head - 1) :]


def _spend(budget: FileBudget, item: Member) -> str | None:
    """Count a member's bytes against its file's budget; the reason when they pass it."""
    if item.refused:
        return None
    return budget.spend(len(item.data))


def _utf8_safe(text: str) -> str:
    """Lone surrogates (a JSON `"\\udb2e"`, a damaged UTF-16 string) become U+FFFD, so reports can be written."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _comment(path: str, member: str | None, note: Note) -> Comment:
    locator, text = note.locator, note.text
    try:  # strict UTF-8: fails on a lone surrogate, so one encoding tells there is none to replace (nearly always)
        key = _id_key(path, member, locator, text).encode("utf-8")
    except UnicodeEncodeError:
        locator, text = _utf8_safe(locator), _utf8_safe(text)
        key = _id_key(path, member, locator, text).encode("utf-8", "surrogatepass")
    source = note.source
    if source in ("note", "layer-name") and is_default_string(text):
        source = "metadata"  # `Layer 1`, `用紙`, `Script generated by FFmpeg`: the tool wrote it, not a person
    return Comment(
        id=_id_of(key),  # comment_id(path, member, locator, text)
        path=path,
        member=member,
        locator=locator,
        text=text,
        timestamp=_utf8_safe(note.timestamp) if note.timestamp else note.timestamp,
        author=_utf8_safe(note.author) if note.author else note.author,
        source=source,
        line=note.line,
        confidence=note.confidence,
    )


def _inner_name(member: str | None, inner: Member) -> str:
    return f"{member}!{inner.name}" if member else inner.name


def _member(
    budget: FileBudget, path: str, member: str | None, inner: Member, limits: Limits, depth: int, mtime: float | None
) -> list[Extraction]:
    """The rows of one member, read on its own clock (the archive's stops meanwhile)."""
    inner_name = _inner_name(member, inner)
    if inner.refused:
        return [_row(path, inner_name, None, inner.status, inner.refused, len(inner.data))]
    if depth + 1 > limits.max_archive_depth:
        return [_row(path, inner_name, None, "skipped", "archive nested too deeply", len(inner.data))]
    rows: list[Extraction] = []
    try:
        with budget.member_clock():
            rows.extend(_extract_level(path, inner_name, inner.data, limits, depth + 1, mtime, inner.name))
    except TimeLimitExceeded as err:  # rang outside the member's reader (hashing it): the member as a whole
        if not rows:
            rows.append(_row(path, inner_name, None, "error", str(err), len(inner.data)))
    return rows


def _too_large(ref: FileRef, size: int, limits: Limits) -> Extraction:
    reason = f"larger than the {limits.max_file_bytes}-byte limit"
    return _row(ref.path, None, None, "skipped", reason, size, mtime=ref.mtime)


def _row(
    path: str,
    member: str | None,
    fmt: str | None,
    status: str,
    reason: str,
    size: int,
    sha256: str | None = None,
    mtime: float | None = None,
) -> Extraction:
    return Extraction(FileRow(path, member, fmt, status, _utf8_safe(reason), 0, None, size, sha256, mtime), ())
