"""Plain frozen records passed one way between the pipeline stages.

discover -> FileRef, extract -> FileRow + Comment, segment -> Segment,
align -> Pair, detect -> Finding, report -> Report.
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from datetime import date
from types import MemberDescriptorType
from typing import Any, Literal, TypeVar, dataclass_transform

Severity = Literal["info", "low", "medium", "high"]
Status = Literal["ok", "error", "skipped"]  # a file read, one that could not be read, one left unread by design
Scope = Literal["note", "adjacent", "sidecar"]  # where a pair's two sides sit: one note, neighbouring notes, a sketch
DatedBy = Literal["metadata", "name", "mtime"]
EventKind = Literal["instruction", "work", "other"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3}
# Comment sources that are editing notes (typed into a file, or read from an image's pixels), as opposed to
# metadata, layer names and file names: what alignment pairs, relay chains link and the timeline counts.
NOTE_SOURCES = frozenset({"note", "ocr"})
R = TypeVar("R", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: R) -> R:
    """A stage record: a frozen, slotted dataclass (results cross processes and sit in the cache as MessagePack),
    built by a quicker `__init__` (`quick_init`)."""
    return quick_init(dataclass(frozen=True, slots=True)(cls))  # type: ignore[return-value]


def quick_init(cls: R) -> R:
    """Give a frozen, slotted dataclass an `__init__` that stores each field through its slot's own setter.

    The dataclass's own `__init__` of a frozen class calls `object.__setattr__(self, name, value)` per field, which
    looks the slot up by name every time: half the cost of building a record of ten fields (BENCHMARKS.md). The
    one made here takes the same arguments, defaults and default factories and stores the same values. A class
    with a `__post_init__`, an init-only or keyword-only field, or a field that is not a slot keeps its own.
    """
    fields = dataclasses.fields(cls)
    own = cls.__dataclass_fields__  # type: ignore[attr-defined]
    if hasattr(cls, "__post_init__") or len(own) != len(fields) or any(not f.init or f.kw_only for f in fields):
        return cls
    setters = []
    for f in fields:
        slot = next((vars(k)[f.name] for k in cls.__mro__ if f.name in vars(k)), None)
        if not isinstance(slot, MemberDescriptorType):
            return cls
        setters.append(slot.__set__)
    params, body, defaults = [], [], []
    for i, f in enumerate(fields):
        params.append(f.name)
        if f.default_factory is not dataclasses.MISSING:
            defaults.append(_NO_VALUE)
            body.append(f"  _set{i}(self, _factory{i}() if {f.name} is _NO_VALUE else {f.name})")
        else:
            if f.default is not dataclasses.MISSING:
                defaults.append(f.default)
            body.append(f"  _set{i}(self, {f.name})")
    closure = ", ".join([f"_set{i}" for i in range(len(fields))] + [f"_factory{i}" for i in range(len(fields))])
    source = f"def make({closure}):\n def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["  pass"])
    namespace: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    exec(source + "\n return __init__\n", namespace)  # noqa: S102 - the source is made of field names only
    init = namespace["make"](*setters, *(f.default_factory for f in fields))
    init.__defaults__ = tuple(defaults) or None
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(cls.__init__.__annotations__)  # type: ignore[misc]
    cls.__init__ = init  # type: ignore[misc]
    # Pickled (records crossing to and from workers) as the class and its field values, built again by the same
    # `__init__`: the dataclass's own state functions list the fields on every call (half the pickling time).
    values = operator.attrgetter(*(f.name for f in fields)) if len(fields) > 1 else None
    if values is not None:
        cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[assignment,method-assign]
    return cls


class _Factory:
    """The default of an argument left to its field's default factory (shown as the dataclass shows it)."""

    def __repr__(self) -> str:
        return "<factory>"


_NO_VALUE = _Factory()


@record
class FileRef:
    """A file found by discovery: where it is on disk and how to name it in reports."""

    path: str  # the path as given on the command line joined with the relative path
    fs_path: str  # where to read it
    size: int
    root: str  # the scanned root this file came from (symlinks may not leave it)
    mtime: float | None = None  # modification time (seconds since the epoch), the weakest dating evidence
    # The file discovery found inside `root`, by (st_dev, st_ino): reading opens the same file, or checks where it is.
    device: int | None = None
    inode: int | None = None


@record
class FileRow:
    """One row of the report's `files` table: a file or an archive member and how reading it went."""

    path: str
    member: str | None
    format: str | None
    status: Status
    error: str | None = None
    comments: int = 0
    encoding: str | None = None
    size: int = 0
    sha256: str | None = None
    mtime: float | None = None


@record
class Comment:
    """An editing note as extracted: where it sits and its raw text."""

    id: str
    path: str
    member: str | None
    locator: str
    text: str
    timestamp: str | None = None
    author: str | None = None
    source: str = "note"  # note | metadata | layer-name | file-name | ocr
    line: int | None = None  # 1-based line of the file where the note starts (text formats), for editors and SARIF
    confidence: float | None = None  # recognition confidence of text read from pixels (OCR, 0-1); None: not OCR
    # The text as extracted, when the segment stage normalised it (NFC, invisible characters dropped:
    # analyzer/text/normalize.py); `text` is then what every later stage reads. None when unchanged.
    original: str | None = None


@record
class Segment:
    """A run of one language inside a comment's text (character offsets, end exclusive)."""

    start: int
    end: int
    lang: str  # ISO 639-1, "und" when unknown
    script: str  # Han | Hangul | Kana | Latin | Other
    confidence: float
    variant: str | None = None  # Hans | Hant for Chinese

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@record
class Span:
    """One side of an aligned pair: a slice of a comment's text."""

    comment_id: str
    lang: str
    start: int
    end: int
    text: str


@record
class Pair:
    """A Chinese span aligned with its Korean translation, with the evidence for it."""

    src: Span
    tgt: Span
    score: float  # calibrated probability that tgt translates src
    scope: Scope
    evidence: dict[str, Any] = field(default_factory=dict)


@record
class Translation:
    """A machine translation of a note, for reviewers who read neither Chinese nor Korean."""

    lang: str  # ISO 639-1 of the translation
    text: str
    via: tuple[str, ...] = ()  # the argostranslate packages used, e.g. ("translate-zh_en",)


@record
class AnalyzedComment:
    """A comment with its language segments and the pairs whose source lies in it."""

    comment: Comment
    segments: tuple[Segment, ...]
    pairs: tuple[Pair, ...] = ()
    translation: Translation | None = None  # only when translation packages are installed


@record
class Finding:
    """A rule's verdict on a location, with what a reviewer needs to check it."""

    id: str
    rule: str
    severity: Severity
    confidence: float
    path: str
    member: str | None
    locator: str | None
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # the line of its note in the file, when known


@record
class DaySummary:
    """One day of a dump's timeline: what arrived, which notes were instructions, what came back."""

    day: str  # ISO date
    files: int
    instruction_files: int
    instruction_notes: int
    relay_pairs: int
    returned_files: int
    cuts_instructed: tuple[str, ...]
    cuts_returned: tuple[str, ...]
    dated_by: dict[str, int]  # how many files were dated by metadata / name / mtime


@record
class RelayText:
    """One relay pair of a file, as a reviewer reads it: the Chinese note and its Korean rendering."""

    zh: str
    ko: str
    score: float


@record
class FileEvent:
    """A file on the timeline: its day, how that was decided, its cuts, and what kind of file it is."""

    path: str
    member: str | None
    day: date
    dated_by: DatedBy
    kind: EventKind
    cuts: tuple[str, ...]  # sorted; a scan keeps one per instruction or returned-work file, so no set
    notes: int  # Chinese/Korean instruction notes
    relay_pairs: int
    pairs: tuple[RelayText, ...] = ()  # the first few of them (timeline.MAX_PAIRS_KEPT)

    @property
    def where(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path


@record
class BatchResult:
    """Everything the pipeline learnt from one unit of work (the files of one sketch, or an archive).

    The last batch of a scan may carry no files: it holds the scan-wide findings
    (e.g. the daily cadence) and the per-day timeline.
    """

    files: tuple[FileRow, ...]
    comments: tuple[AnalyzedComment, ...]
    findings: tuple[Finding, ...]
    days: tuple[DaySummary, ...] = ()
    # The timeline's record of each dated file, made where the unit is analysed (a worker) and kept with it in
    # the scan cache, so the scanning process only collects them; None: not made yet.
    events: tuple[FileEvent, ...] | None = None
    # Capabilities the analysis had to go without (analyzer.notices), with the reason: ("korean-morphology", ...)
    missing: tuple[tuple[str, str], ...] = ()
