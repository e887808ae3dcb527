"""Mail messages (.eml, and MIME web archives .mht): subject, body text and attachments (analyzer/extract/mail.py).

Notes are located `subject` and `body line 4`; attachments are members named by their file names and read
in their turn, within the archive limits. From is each note's author, Date its time.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.archive import Budget
from analyzer.extract.base import Extractor, FormatError, Member, Note, ReadContext
from analyzer.extract.mail import read_message


def read_eml(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    import email.policy  # the email package imports socket: only when a mail is read

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.keys():
        raise FormatError("not a mail message: no header lines")
    yield from read_message(message, "", Budget(ctx.limits, len(data)))


EXTRACTOR = Extractor(name="eml", suffixes=(".eml", ".mht", ".mhtml"), read=read_eml, text=True)
