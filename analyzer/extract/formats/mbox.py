"""Mailboxes (.mbox): each message read like an .eml, located `message 3 subject`, `message 3 body line 4`.

Messages are split at `From ` lines that follow a blank line (or open the file), carry a time or year, and
are followed by a header line, so a body line starting with "From " does not cut a message in two.
Attachments are members named `message 3/notes.txt`. At most the member limit of messages is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.archive import Budget
from analyzer.extract.base import Extractor, FormatError, Member, Note, ReadContext
from analyzer.extract.mail import read_message

_POSTMARK = re.compile(rb"(?:\A|\n\r?\n|\A\r?\n)From [^\r\n]*?(?:\d{1,2}:\d{2}|\b\d{4}\b)[^\r\n]*\r?\n(?=[!-9;-~]+:)")


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of a mailbox, each without its `From ` postmark line."""
    starts = list(_POSTMARK.finditer(data))
    ends = [match.start() for match in starts[1:]] + [len(data)]
    return [data[match.end() : end] for match, end in zip(starts, ends)]


def read_mbox(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    import email.policy  # the email package imports socket: only when a mail is read

    messages = split_mbox(data)
    if not messages:
        raise FormatError("not a mailbox: no `From ` line opens a message")
    budget = Budget(ctx.limits, len(data))
    for number, raw in enumerate(messages, start=1):
        if number > ctx.limits.max_members:
            reason = f"more than {ctx.limits.max_members} messages; the rest were not read"
            yield Member(f"message {number}", b"", refused=reason, status="error")
            return
        yield from read_message(
            email.message_from_bytes(raw, policy=email.policy.compat32), f"message {number} ", budget
        )


EXTRACTOR = Extractor(name="mbox", suffixes=(".mbox", ".mbx"), read=read_mbox, text=True)
