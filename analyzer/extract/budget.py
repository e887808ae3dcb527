"""What one file on disk may spend, over every archive nested in it: bytes expanded, and seconds per file.

Each archive has its own Budget (archive.py); the bytes here are shared along the nesting path, so 200
entries sharing one inner zip that expands 150:1 cannot pass where each level alone looks fine. The clock
gives a file, and each member of an archive, its own seconds (an archive's clock stops while a member is
read, so a large delivery zip is not cut short by the sum of its members): a SIGALRM in the main thread,
else a deadline checked as notes and members arrive.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from analyzer.extract.base import Limits, TimeLimitExceeded

_ONE_MIB = 1024 * 1024


@dataclass(slots=True)
class FileBudget:
    """Bytes expanded so far from one file on disk (all nesting levels), and the deadline of what is being read."""

    limits: Limits
    outer_size: int  # bytes of the file on disk: the denominator of its whole compression ratio
    expanded: int = 0
    deadline: float = field(default=0.0)
    signalled: bool = False  # the deadline is also a SIGALRM (main thread); else only check_time() sees it

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.limits.max_seconds_per_file

    def over(self, more: int) -> str | None:
        """Why expanding `more` bytes would pass this file's limits, or None."""
        total = self.expanded + more
        if total > self.limits.max_archive_bytes:
            return (
                f"expands past the {self.limits.max_archive_bytes}-byte limit counted over all nested archives "
                "(--max-archive-size; zip bomb?)"
            )
        ratio = total / max(self.outer_size, 1)
        if total > _ONE_MIB and ratio > self.limits.max_compression_ratio:
            return (
                f"expands {ratio:.0f}:1 counted over all nested archives, over the "
                f"{self.limits.max_compression_ratio:g}:1 limit (--max-compression-ratio; zip bomb?)"
            )
        return None

    def spend(self, size: int) -> str | None:
        """Count `size` expanded bytes; the reason when that passes the limits (the bytes are then not counted)."""
        reason = self.over(size)
        if reason is None:
            self.expanded += size
        return reason

    def check_time(self) -> None:
        """Raise TimeLimitExceeded once the time of what is being read is up (the clock of threads)."""
        if time.monotonic() > self.deadline:
            raise TimeLimitExceeded(self.time_reason())

    def time_reason(self) -> str:
        seconds = self.limits.max_seconds_per_file
        return f"reading took longer than the {seconds:g}-second limit (--max-seconds-per-file)"

    @contextmanager
    def member_clock(self) -> Iterator[None]:
        """A member's own seconds while the block runs; the archive's clock stops meanwhile and goes on after."""
        paused = self.deadline - time.monotonic()
        self._set_deadline(time.monotonic() + self.limits.max_seconds_per_file)
        try:
            yield
        finally:
            self._set_deadline(time.monotonic() + max(paused, 0.001))

    def _set_deadline(self, deadline: float) -> None:
        self.deadline = deadline
        if self.signalled:
            _ring_by(deadline)


_CURRENT: ContextVar[FileBudget | None] = ContextVar("analyzer_file_budget", default=None)


def current_budget() -> FileBudget | None:
    """The budget of the file being extracted in this thread (archive and package readers consult it)."""
    return _CURRENT.get()


class file_budget:  # noqa: N801 - used as the function-like context manager it replaced
    """A budget for one file on disk, current while the block runs, with its clock running:
    `with file_budget(limits, size) as budget:`. A class rather than nested generators: it is entered once a file."""

    __slots__ = ("budget", "token", "installed")

    def __init__(self, limits: Limits, outer_size: int) -> None:
        self.budget = FileBudget(limits, outer_size)
        self.installed = False

    def __enter__(self) -> FileBudget:
        global _ringing
        self.token = _CURRENT.set(self.budget)
        # SIGALRM only in the main thread, and only when nobody else uses it (a test runner's timeout): elsewhere
        # the deadline is checked as notes and members arrive (FileBudget.check_time).
        if _handler_installed:  # alarm_handler() around many files
            self.budget.signalled = threading.current_thread() is threading.main_thread()
        elif _alarm_usable():  # for this file only
            _install()
            self.budget.signalled = self.installed = True
        if self.budget.signalled:
            _ringing = self.budget
            _ring_by(self.budget.deadline)
        return self.budget

    def __exit__(self, *exc: object) -> None:
        global _ringing
        try:
            if self.budget.signalled:
                _ringing = None
                self.budget.signalled = False
                if self.installed:
                    _uninstall()
        finally:
            _CURRENT.reset(self.token)


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the clock's SIGALRM handler once around many files (a worker's chunk of units) instead of once per
    file, where signal.signal's bookkeeping cost more than reading a small sidecar; restored after. Does nothing
    outside the main thread or when someone else handles SIGALRM (a test runner's timeout)."""
    if _handler_installed or not _alarm_usable():
        yield
        return
    _install()
    try:
        yield
    finally:
        _uninstall()


_handler_installed = False  # our handler holds the main thread's SIGALRM
_previous_handler: Any = None
_ringing: FileBudget | None = None  # the budget whose block runs with the timer watching its deadline
# When the armed timer fires (monotonic seconds), or None when disarmed. The timer is left running after a file,
# and a file re-arms it only for a deadline earlier than that (arming costs a system call, often a VM exit: a
# tenth of a small sidecar's reading): when it fires early, it is armed again for the deadline of the file then read.
_armed_at: float | None = None


def _install() -> None:
    global _handler_installed, _previous_handler, _armed_at
    _previous_handler = signal.signal(signal.SIGALRM, _ring)
    _handler_installed, _armed_at = True, None


def _uninstall() -> None:
    global _handler_installed, _armed_at
    _handler_installed, _armed_at = False, None
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, _previous_handler)


def _ring_by(deadline: float) -> None:
    """Make the timer fire by `deadline` (monotonic seconds)."""
    global _armed_at
    if _armed_at is None or deadline < _armed_at:
        _armed_at = deadline
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))


def _ring(signum: int, frame: object) -> None:
    global _armed_at
    _armed_at = None
    budget = _ringing
    if budget is None:
        return  # fired between files, for a file read before: nothing is being read
    if time.monotonic() >= budget.deadline:
        raise TimeLimitExceeded(budget.time_reason())
    _ring_by(budget.deadline)  # armed for an earlier file: watch this one's deadline now


def _alarm_usable() -> bool:
    return (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
