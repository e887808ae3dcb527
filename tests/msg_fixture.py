"""Outlook .msg files built in the test, for notes no public sample carries (a Chinese note and its Korean relay).

No Python library writes .msg (or any OLE2 compound file): this lays out a version-3 compound file as [MS-CFB]
describes it (512-byte sectors, a mini stream for streams under 4,096 bytes, one directory tree per storage)
and fills it with the [MS-OXMSG] streams Outlook writes, as the real samples in tests/data/msg show them:
`__substg1.0_PPPPTTTT` property streams, a `__properties_version1.0` table of fixed-size properties, and an
`__attach_version1.0_#N` storage per attachment. olefile reads the result like the Outlook files.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NONE = 0xFFFFFFFF
_SECTOR, _MINI, _CUTOFF = 512, 64, 4096


class _Node:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data  # kind: 1 storage, 2 stream, 5 root
        self.children: dict[str, _Node] = {}
        self.index = 0
        self.start, self.left, self.right, self.child = _END, _NONE, _NONE, _NONE


def _tree(nodes: list[_Node]) -> int:
    """Siblings as a binary search tree in [MS-CFB] order (shorter names first, then by upper case): its root."""
    if not nodes:
        return _NONE
    middle = len(nodes) // 2
    nodes[middle].left = _tree(nodes[:middle])
    nodes[middle].right = _tree(nodes[middle + 1 :])
    return nodes[middle].index


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding each `storage/.../stream` path with its bytes."""
    root = _Node("Root Entry", 5)
    for path, data in streams.items():
        node = root
        *folders, leaf = path.split("/")
        for folder in folders:
            node = node.children.setdefault(folder, _Node(folder, 1))
        node.children[leaf] = _Node(leaf, 2, data)
    order: list[_Node] = []

    def number(node: _Node) -> None:
        node.index = len(order)
        order.append(node)
        for child in node.children.values():
            number(child)

    number(root)
    for node in order:
        kids = sorted(node.children.values(), key=lambda n: (len(n.name), n.name.upper()))
        node.child = _tree(kids)

    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        count = max(1, -(-len(data) // _SECTOR))
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * _SECTOR : (i + 1) * _SECTOR].ljust(_SECTOR, b"\0"))
            fat.append(first + i + 1 if i + 1 < count else _END)
        return first

    mini = bytearray()
    minifat: list[int] = []
    for node in order:
        if node.kind == 2 and len(node.data) < _CUTOFF and node.data:
            count = -(-len(node.data) // _MINI)
            node.start = len(mini) // _MINI
            minifat += [node.start + i + 1 if i + 1 < count else _END for i in range(count)]
            mini += node.data.ljust(count * _MINI, b"\0")
        elif node.kind == 2 and node.data:
            node.start = place(node.data)
    root.start = place(bytes(mini)) if mini else _END
    root.data = bytes(mini)
    minifat_start = place(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else _END
    minifat_sectors = -(-len(minifat) * 4 // _SECTOR)

    def entry(node: _Node) -> bytes:
        name = node.name.encode("utf-16-le") + b"\0\0"
        size = len(node.data) if node.kind != 1 else 0
        start = node.start if node.kind != 1 and size else (_END if node.kind != 1 else 0)
        return (
            name.ljust(64, b"\0")
            + struct.pack("<HBB", len(name), node.kind, 1)  # colour 1: black
            + struct.pack("<III", node.left, node.right, node.child)
            + bytes(16 + 4 + 16)  # CLSID, state bits, creation and modification times
            + struct.pack("<IQ", start, size)
        )

    directory = b"".join(entry(node) for node in order)
    directory_start = place(directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\0"))
    fat_count = 1
    while len(sectors) + fat_count > fat_count * (_SECTOR // 4):
        fat_count += 1
    fat_ids = list(range(len(sectors), len(sectors) + fat_count))
    fat += [_FAT] * fat_count
    table = fat + [_FREE] * (fat_count * (_SECTOR // 4) - len(fat))
    for i in range(fat_count):
        sectors.append(b"".join(struct.pack("<I", v) for v in table[i * 128 : (i + 1) * 128]))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIIII", 0, fat_count, directory_start, 0, _CUTOFF, minifat_start, minifat_sectors, _END, 0, 0
        )[:36]
    )
    header += b"".join(struct.pack("<I", s) for s in fat_ids) + b"\xff" * (4 * (109 - fat_count))
    assert len(header) == _SECTOR, len(header)
    return header + b"".join(sectors)


def _filetime(moment: datetime) -> int:
    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def outlook_message(
    subject: str,
    body: str,
    sender: str,
    sent: datetime,
    attachments: dict[str, bytes] | None = None,
    code_page: int | None = None,
    transport_headers: str | None = None,
    rtf_body: bytes | None = None,
) -> bytes:
    """An Outlook message: Unicode strings (001F), or 8-bit strings (001E) in `code_page` when one is given."""

    def string(prop: int, text: str) -> tuple[str, bytes]:
        if code_page:
            return f"__substg1.0_{prop:04X}001E", text.encode(f"cp{code_page}") + b"\0"
        return f"__substg1.0_{prop:04X}001F", text.encode("utf-16-le") + b"\0\0"

    properties = bytes(32)  # reserved, next recipient/attachment ids, counts, reserved
    properties += struct.pack("<HHIQ", 0x0040, 0x0039, 6, _filetime(sent))  # PR_CLIENT_SUBMIT_TIME
    if code_page:
        properties += struct.pack("<HHIQ", 0x0003, 0x3FFD, 6, code_page)  # PR_MESSAGE_CODEPAGE
    streams = dict(
        [
            ("__properties_version1.0", properties),
            string(0x001A, "IPM.Note"),
            string(0x0037, subject),
            string(0x0C1A, sender),
        ]
    )
    if body:
        streams.update([string(0x1000, body)])
    if rtf_body is not None:  # PR_RTF_COMPRESSED: Outlook's LZFu compression of the RTF
        import compressed_rtf

        streams["__substg1.0_10090102"] = compressed_rtf.compress(rtf_body)
    if transport_headers:
        streams["__substg1.0_007D001F"] = transport_headers.encode("utf-16-le") + b"\0\0"
    for number, (name, content) in enumerate((attachments or {}).items()):
        folder = f"__attach_version1.0_#{number:08X}"
        streams[f"{folder}/__properties_version1.0"] = bytes(8) + struct.pack("<HHIQ", 0x0003, 0x3705, 6, 1)
        streams[f"{folder}/__substg1.0_3707001F"] = name.encode("utf-16-le") + b"\0\0"
        streams[f"{folder}/__substg1.0_37010102"] = content
    return compound_file(streams)
