"""Mail: .eml and .mbox written by the stdlib email and mailbox packages, and real Outlook .msg files.

Declared charsets are read as the supersets mailers really write (GB2312 -> GBK/GB18030, EUC-KR -> CP949),
headers in RFC 2047 words or raw 8-bit bytes, HTML bodies as text; attachments are members read in turn.
"""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

import pytest
from archive_fixtures import zip_of
from extract_helpers import extract, notes
from msg_fixture import outlook_message

import analyzer
from analyzer.extract import Limits
from analyzer.extract.mail import decode_header, html_to_text

DATA = Path(__file__).parent / "data" / "msg"
NOTE_ZH = "头太大了，请缩小一点"
NOTE_KO = "머리가 너무 큽니다. 조금 줄여주십시오."
# 镕 and 堃 are GBK, not GB2312; 똠 and 쌰 are CP949, not EUC-KR: what mailers send under the older names.
GBK_ONLY = "朱镕基说堃字不在GB2312里"
CP949_ONLY = "똠방각하 쌰 먹었다"


def _retake_mail() -> MIMEMultipart:
    message = MIMEMultipart()
    message["Subject"] = Header("C012 修改意见", "gb2312")
    message["From"] = formataddr((str(Header("王小明", "utf-8")), "wang@studio.example.cn"))
    message["Date"] = "Fri, 01 Mar 2024 18:20:00 +0800"
    message.attach(MIMEText(f"{NOTE_ZH}\n\n谢谢", "plain", "gb2312"))
    note = MIMEText(f"{NOTE_ZH}\n{NOTE_KO}\n", "plain", "utf-8")
    note.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "修改意见.txt"))
    message.attach(note)
    archive = MIMEApplication(zip_of({"c012/备注.txt": GBK_ONLY.encode("gbk")}), "zip")
    archive.add_header("Content-Disposition", "attachment", filename="c012.zip")
    message.attach(archive)
    return message


def _rows(name: str, data: bytes, limits: Limits | None = None) -> dict[str | None, object]:
    return {e.row.member: e.row for e in extract(name, data, limits)}


def test_eml_subject_body_author_and_time():
    data = _retake_mail().as_bytes()
    comments = extract("retake.eml", data)[0].comments
    assert [(c.locator, c.text) for c in comments] == [
        ("subject", "C012 修改意见"),
        ("body line 1", NOTE_ZH),
        ("body line 3", "谢谢"),
    ]
    assert {c.author for c in comments} == {"王小明 <wang@studio.example.cn>"}
    assert {c.timestamp for c in comments} == {"2024-03-01T18:20:00+08:00"}


def test_eml_attachments_are_members_read_in_turn():
    data = _retake_mail().as_bytes()
    rows = _rows("retake.eml", data)
    assert list(rows) == [None, "修改意见.txt", "c012.zip", "c012.zip!c012/备注.txt"]
    assert all(row.status == "ok" for row in rows.values())
    found = notes("retake.eml", data)
    assert ("修改意见.txt:line 2", NOTE_KO) in found
    assert ("c012.zip!c012/备注.txt:line 1", GBK_ONLY) in found


@pytest.mark.parametrize(
    ("declared", "text", "encoding"),
    [
        ("gb2312", GBK_ONLY, "base64"),  # GB2312 declared, GBK written
        ("gbk", GBK_ONLY, "quoted-printable"),
        ("euc-kr", CP949_ONLY, "base64"),  # EUC-KR declared, CP949 written
        ("ks_c_5601-1987", NOTE_KO, "quoted-printable"),  # Outlook's name for CP949
        ("iso-2022-kr", NOTE_KO, "base64"),
        ("big5", "頭太大了，請縮小一點", "base64"),
        ("utf-8", f"{NOTE_ZH} {NOTE_KO}", "quoted-printable"),
    ],
)
def test_body_in_each_declared_charset(declared, text, encoding):
    from email import charset

    body = Message()
    codec = {"gb2312": "gbk", "euc-kr": "cp949", "ks_c_5601-1987": "cp949"}.get(declared, declared)
    body.set_payload(text.encode(codec))
    body["Content-Type"] = f'text/plain; charset="{declared}"'
    encoder = {"base64": charset.BASE64, "quoted-printable": charset.QP}[encoding]
    if encoder == charset.BASE64:
        from email.encoders import encode_base64

        encode_base64(body)
    else:
        from email.encoders import encode_quopri

        encode_quopri(body)
    body["Subject"] = "retake"
    assert notes("note.eml", body.as_bytes())[1:] == [("body line 1", text)]


def test_html_body_is_text_without_script_or_style():
    html = (
        "<html><head><title>x</title><style>p {color: red}</style></head><body>"
        f"<p>{NOTE_ZH}</p><script>var note = '不是备注';</script><div>{NOTE_KO}<br>C012&nbsp;&amp; C013</div>"
        "<!--[if gte mso 9]><xml>hidden</xml><![endif]--></body></html>"
    )
    message = MIMEMultipart("alternative")
    message["Subject"] = "html"
    message.attach(MIMEText(html, "html", "utf-8"))
    assert notes("html.eml", message.as_bytes())[1:] == [
        ("body line 1", NOTE_ZH),
        ("body line 2", NOTE_KO),
        ("body line 3", "C012 & C013"),
    ]
    assert html_to_text("<table><tr><td>镜头</td><td>备注</td></tr></table>") == "镜头\n备注"


def test_plain_alternative_wins_and_the_html_copy_is_not_read_twice():
    message = MIMEMultipart("alternative")
    message["Subject"] = "both"
    message.attach(MIMEText(NOTE_ZH, "plain", "utf-8"))
    message.attach(MIMEText(f"<p>{NOTE_ZH}</p>", "html", "utf-8"))
    assert notes("both.eml", message.as_bytes()) == [("subject", "both"), ("body line 1", NOTE_ZH)]


def test_encoded_words_in_any_charset_and_split_characters():
    gbk = NOTE_ZH.encode("gbk")
    import base64

    # A B-encoded GBK subject cut in the middle of a character, as some mailers fold long subjects.
    halves = [base64.b64encode(gbk[:5]).decode(), base64.b64encode(gbk[5:]).decode()]
    assert decode_header(f"=?GB2312?B?{halves[0]}?=\r\n =?GB2312?B?{halves[1]}?=") == NOTE_ZH
    korean = "=?ks_c_5601-1987?B?" + base64.b64encode(CP949_ONLY.encode("cp949")).decode() + "?="
    assert decode_header(f"Re: {korean} (C012)") == f"Re: {CP949_ONLY} (C012)"
    assert decode_header("=?utf-8*zh?Q?=E5=A4=B4_=E5=A4=AA=E5=A4=A7?=") == "头 太大"


def test_raw_8bit_headers_are_read_in_the_body_charset():
    message = MIMEText(NOTE_KO, "plain", "euc-kr")
    message["Subject"] = "SUBJECT-PLACEHOLDER"
    message["From"] = "FROM-PLACEHOLDER <kim@example.kp>"
    data = message.as_bytes()
    # Old Korean mailers wrote the header bytes raw, in the body's code page, with no encoded words.
    data = data.replace(b"SUBJECT-PLACEHOLDER", "수정 지시 C012".encode("cp949"))
    data = data.replace(b"FROM-PLACEHOLDER", "김철수".encode("cp949"))
    comments = extract("raw.eml", data)[0].comments
    assert (comments[0].locator, comments[0].text) == ("subject", "수정 지시 C012")
    assert comments[0].author == "김철수 <kim@example.kp>"


def test_mbox_messages_are_located_and_their_attachments_named(tmp_path):
    box = mailbox.mbox(tmp_path / "review.mbox")
    first = MIMEText(f"{NOTE_ZH}\n\nFrom the director: keep the eye line.\n", "plain", "gb2312")
    first["Subject"], first["From"], first["Date"] = "C012", "wang@example.cn", "Fri, 01 Mar 2024 18:20:00 +0800"
    box.add(first)
    box.add(_retake_mail())
    second = MIMEText(NOTE_KO, "plain", "euc-kr")
    second["Subject"] = Header("번역", "euc-kr")
    box.add(second)
    box.flush()
    data = (tmp_path / "review.mbox").read_bytes()
    found = notes("review.mbox", data)
    assert ("message 1 body line 1", NOTE_ZH) in found
    assert ("message 1 body line 3", "From the director: keep the eye line.") in found
    assert ("message 2 subject", "C012 修改意见") in found
    assert ("message 2/修改意见.txt:line 2", NOTE_KO) in found
    assert ("message 3 subject", "번역") in found and ("message 3 body line 1", NOTE_KO) in found
    assert [r for r in _rows("review.mbox", data) if r] == [
        "message 2/修改意见.txt",
        "message 2/c012.zip",
        "message 2/c012.zip!c012/备注.txt",
    ]


def test_mbox_is_split_only_at_real_postmarks():
    body = "From here on the eyes are smaller, 2024 style.\nKeep them level.\n"
    data = (
        "From wang@example.cn Fri Mar  1 18:20:00 2024\nSubject: one\n\n"
        f"{NOTE_ZH}\n\n{body}\n"  # an unescaped body line starting "From " (mboxo writers): not a new message
        "From kim@example.kp Sat Mar  2 09:00:00 2024\nSubject: two\n\n"
        f"{NOTE_KO}\n"
    ).encode()
    found = notes("box.mbox", data)
    assert ("message 1 body line 3", "From here on the eyes are smaller, 2024 style.") in found
    assert ("message 2 subject", "two") in found and len([n for n in found if n[0].endswith("subject")]) == 2


def test_mbox_message_count_is_capped():
    data = b"".join(f"From a@b Fri Mar  1 18:20:00 2024\nSubject: {i}\n\nnote {i}\n\n".encode() for i in range(5))
    rows = _rows("many.mbox", data, Limits(max_members=3))
    assert rows["message 4"].status == "error" and "more than 3 messages" in rows["message 4"].error
    assert [n for n in notes("many.mbox", data, Limits(max_members=3)) if n[0].endswith("subject")] == [
        ("message 1 subject", "0"),
        ("message 2 subject", "1"),
        ("message 3 subject", "2"),
    ]


def test_attachments_share_the_archive_budget():
    message = MIMEMultipart()
    message["Subject"] = "big"
    for index in range(3):
        part = MIMEApplication(b"a" * 300_000, "octet-stream")
        part.add_header("Content-Disposition", "attachment", filename=f"part{index}.bin")
        message.attach(part)
    rows = _rows("big.eml", message.as_bytes(), Limits(max_archive_bytes=700_000))
    assert rows["part2.bin"].status == "error" and "total limit" in rows["part2.bin"].error
    rows = _rows("big.eml", message.as_bytes(), Limits(max_file_bytes=200_000_000, max_members=2))
    assert rows["part2.bin"].status == "error" and "more than 2 members" in rows["part2.bin"].error


def test_msg_from_outlook_unicode_strings():
    comments = extract("hello.msg", (DATA / "hello-cjk.msg").read_bytes())[0].comments
    assert [(c.locator, c.text) for c in comments] == [
        ("subject", "Hello +CJK"),
        ("body line 1", "Hello"),
        ("body line 2", "C 你好"),
        ("body line 3", "J こんにちは"),
        ("body line 4", "K 안녕하세요"),
    ]
    assert comments[0].timestamp == "2023-08-27T10:27:38.710000+00:00"  # PR_MESSAGE_DELIVERY_TIME, UTC


def test_msg_with_8bit_strings_in_the_message_code_page():
    found = notes("cp932.msg", (DATA / "non-unicode-cp932.msg").read_bytes())
    assert found == [("subject", "日本語 Non Unicode タイトル"), ("body line 1", "日本語 Non Unicode 本文")]


def test_msg_attached_message_is_read_in_place_and_files_are_members():
    extractions = extract("outer.msg", (DATA / "msg-in-msg.msg").read_bytes())
    comments = {c.locator: c for c in extractions[0].comments}
    inner = comments["attached message 1 subject"]
    assert inner.text == "Microsoft Outlook テスト メッセージ"
    assert inner.author == "Microsoft Outlook <xmailuser@xmailserver.test>"
    assert inner.timestamp == "2020-05-12T05:45:17+00:00"  # the Date of its transport headers
    assert comments["attached message 1 body line 1"].text.startswith("この電子メール メッセージは")
    assert [(e.row.member, e.row.format, e.row.status) for e in extractions[1:]] == [("green.png", "png", "ok")]


def test_msg_renamed_is_found_by_its_ole_streams():
    data = (DATA / "hello-cjk.msg").read_bytes()
    for name in ("mail.dat", "notes.txt", "export"):
        [extraction] = extract(name, data)
        assert extraction.row.format == "msg" and extraction.row.status == "ok", name


def test_msg_8bit_strings_in_a_chinese_code_page_and_transport_headers():
    data = outlook_message(
        subject="C012 修改意见",
        body=f"{GBK_ONLY}\r\n\r\n线条太粗",
        sender="王小明",
        sent=datetime(2024, 3, 1, 10, 20, tzinfo=UTC),
        attachments={"번역.txt": NOTE_KO.encode("cp949")},
        code_page=936,
        transport_headers="Date: Fri, 01 Mar 2024 18:20:00 +0800\r\nFrom: =?gb2312?B?zfXQocP3?= <wang@example.cn>\r\n",
    )
    extractions = extract("retake.msg", data)
    assert [(c.locator, c.text) for c in extractions[0].comments] == [
        ("subject", "C012 修改意见"),
        ("body line 1", GBK_ONLY),
        ("body line 3", "线条太粗"),
    ]
    assert {(c.author, c.timestamp) for c in extractions[0].comments} == {
        ("王小明 <wang@example.cn>", "2024-03-01T18:20:00+08:00")  # the sender's own offset, from the headers
    }
    assert notes("retake.msg", data)[-1] == ("번역.txt:line 1", NOTE_KO)


def test_msg_without_transport_headers_has_the_sender_name_and_utc_time():
    data = outlook_message("C012", NOTE_KO, "김철수", datetime(2024, 3, 1, 10, 20, tzinfo=UTC))
    [comment, _] = extract("draft.msg", data)[0].comments
    assert (comment.author, comment.timestamp) == ("김철수", "2024-03-01T10:20:00+00:00")


def test_msg_body_kept_only_as_compressed_rtf_is_a_member_for_the_rtf_reader():
    rtf = b"{\\rtf1\\ansi\\ansicpg936 \\'cd\\'b7\\'cc\\'ab\\'b4\\'f3\\'c1\\'cb\\par}"  # 头太大了 in CP936
    data = outlook_message("C012", "", "王", datetime(2024, 3, 1, tzinfo=UTC), rtf_body=rtf)
    extractions = extract("rtf.msg", data)
    assert [(c.locator, c.text) for c in extractions[0].comments] == [("subject", "C012")]
    assert [(e.row.member, e.row.size) for e in extractions[1:]] == [("body.rtf", len(rtf))]


def test_ole2_file_of_no_known_kind():
    data = (DATA / "hello-cjk.msg").read_bytes()
    # The same compound file with its message streams renamed in the directory (names are UTF-16 there).
    for old in ("__properties_version1.0", "__substg1.0_0037001F"):
        data = data.replace(old.encode("utf-16-le"), ("__x" + old[3:]).encode("utf-16-le"))
    [row] = [e.row for e in extract("thumbs.db", data)]
    assert row.status == "skipped" and "ole2 container of no known kind" in row.error
    [row] = [e.row for e in extract("mail.msg", data)]
    assert row.status == "error" and "not an Outlook message" in row.error


def test_damaged_msg_is_an_error_row():
    data = (DATA / "hello-cjk.msg").read_bytes()[:3000]
    [row] = [e.row for e in extract("cut.msg", data)]
    assert row.status == "error" and row.error


def test_scan_finds_the_relay_pair_in_an_outlook_message(tmp_path):
    sent = datetime(2024, 3, 1, 10, 20, tzinfo=UTC)
    (tmp_path / "retake.msg").write_bytes(outlook_message("C012", f"{NOTE_ZH}\r\n{NOTE_KO}", "王小明", sent))
    report = analyzer.scan([str(tmp_path)])
    [finding] = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert finding.path.endswith("retake.msg") and finding.member is None and finding.locator.startswith("body line")


def test_scan_finds_the_relay_pair_in_a_mail_attachment(tmp_path):
    (tmp_path / "retake.eml").write_bytes(_retake_mail().as_bytes())
    report = analyzer.scan([str(tmp_path)])
    [finding] = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert finding.path.endswith("retake.eml") and finding.member == "修改意见.txt"
