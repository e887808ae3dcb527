"""XML formats: generic .xml, OpenToonz .tnz, Harmony .xstage, Krita .kra, Animate .fla/XFL; billion laughs."""

from __future__ import annotations

import io
import zipfile

from extract_helpers import extract, notes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<notes><note>&lol3;</note></notes>"""


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def test_generic_xml_text_nodes_and_note_attributes_with_xpath_locators():
    xml = """<review><cut id="C012" author="王" date="2024-03-01" comment="眼睛位置太高了">
      <item>头太大了</item><item>0012</item><item>머리가 너무 큽니다</item><!-- 线条太粗 --></cut></review>"""
    [extraction] = extract("review.xml", xml.encode())
    found = [(c.locator, c.text, c.author, c.timestamp) for c in extraction.comments]
    assert found == [
        ("/review/cut/@comment", "眼睛位置太高了", "王", "2024-03-01"),
        ("/review/cut/comment()[1]", "线条太粗", None, None),
        ("/review/cut/item[1]", "头太大了", None, None),
        ("/review/cut/item[3]", "머리가 너무 큽니다", None, None),
    ]


def test_xml_declared_gbk_is_decoded():
    xml = '<?xml version="1.0" encoding="GBK"?><notes><note>眼睛太大</note></notes>'.encode("gbk")
    [extraction] = extract("n.xml", xml)
    assert [c.text for c in extraction.comments] == ["眼睛太大"]
    assert extraction.row.encoding == "gbk"


def test_xml_mislabelled_as_utf8_but_written_in_cp949_is_still_read():
    xml = '<?xml version="1.0" encoding="UTF-8"?><notes><note>머리가 너무 큽니다</note></notes>'.encode("cp949")
    [extraction] = extract("n.xml", xml)
    assert [c.text for c in extraction.comments] == ["머리가 너무 큽니다"]
    assert extraction.row.encoding == "cp949"


def test_billion_laughs_is_refused_as_an_error_row():
    [extraction] = extract("bomb.xml", BILLION_LAUGHS)
    assert extraction.row.status == "error" and "unsafe XML refused" in extraction.row.error


def test_external_entity_is_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    [extraction] = extract("xxe.xml", xxe)
    assert extraction.row.status == "error" and "unsafe XML refused" in extraction.row.error


def test_opentoonz_scene_notes_are_read_even_when_not_well_formed():
    html = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"><html><head><meta name="qrichtext" content="1" />'
        "<style>p {}</style></head><body><p>头太大了 &amp; 眼睛</p><p>머리가 너무 큽니다</p></body></html>"
    )
    escaped = html.replace("\\", "\\\\").replace('"', '\\"')
    tnz = f"""<tnz framecount="24" version="71.1">
  <scene><noteSet><notes>
    <note>3 "{escaped}" 11 2 10.5 20 </note>
    <note>0 plain 0 0 0 0 </note>
  </notes></noteSet></scene></tnz>"""
    assert notes("c012.tnz", tnz.encode()) == [
        ("note 1 (row 12, column 3)", "头太大了 & 眼睛\n머리가 너무 큽니다"),
        ("note 2 (row 1, column 1)", "plain"),  # a plain ASCII word is written without quotes
    ]


def test_harmony_backdrops_and_element_names():
    xstage = """<?xml version="1.0" encoding="UTF-8"?><project source="Harmony"><elements>
      <element id="1" elementName="角色_头" elementFolder="x"/></elements>
      <scenes><scene name="Top"><columns><column type="0" name="眼睛" id="2"/></columns>
      <rootgroup><nodeslist><module type="READ" name="Drawing_1"/><group name="头部组"/></nodeslist>
      <unknown label="不要改变颜色"/>
      <backdrops><backdrop><title text="修改意见"/><description text="眼睛位置太高了"/></backdrop></backdrops>
      </rootgroup></scene></scenes></project>"""
    [extraction] = extract("c012.xstage", xstage.encode())
    found = {
        (c.locator.rsplit("/", 2)[-2] + "/" + c.locator.rsplit("/", 1)[-1], c.text, c.source)
        for c in extraction.comments
    }
    assert ("description/@text", "眼睛位置太高了", "note") in found
    assert ("element/@elementName", "角色_头", "layer-name") in found
    assert ("column/@name", "眼睛", "layer-name") in found
    assert (["nodeslist", "group/@name"][1], "头部组", "layer-name") in found
    assert ("unknown/@label", "不要改变颜色", "note") in found  # CJK anywhere is read: the layout is partly known


def test_krita_layer_names_and_document_info():
    maindoc = """<DOC><IMAGE name="c012" description="头太大了"><layers>
      <layer name="眼睛修改" nodetype="paintlayer"/><layer name="Group"><layers><layer name="머리"/></layers></layer>
      </layers></IMAGE></DOC>"""
    info = """<document-info><about><title>C012 修改</title><abstract>眼睛位置太高了</abstract>
      <date>2024-03-01T10:00:00</date></about><author><full-name>王</full-name></author></document-info>"""
    [extraction] = extract(
        "c012.kra", _zip({"mimetype": "application/x-krita", "maindoc.xml": maindoc, "documentinfo.xml": info})
    )
    by_text = {c.text: c for c in extraction.comments}
    assert by_text["眼睛修改"].source == "layer-name"
    assert by_text["머리"].locator == "maindoc.xml:/DOC/IMAGE/layers/layer[2]/layers/layer/@name"
    assert by_text["头太大了"].locator == "maindoc.xml:/DOC/IMAGE/@description"
    assert (by_text["眼睛位置太高了"].author, by_text["眼睛位置太高了"].timestamp) == ("王", "2024-03-01T10:00:00")


DOM = """<DOMDocument xmlns="http://ns.adobe.com/xfl/2008/"><timelines><DOMTimeline name="场景 1"><layers>
  <DOMLayer name="注释"><frames><DOMFrame index="0" name="眼睛位置太高了" labelType="comment"/>
  <DOMFrame index="5"><elements><DOMStaticText><textRuns><DOMTextRun><characters>머리가 너무 큽니다</characters>
  </DOMTextRun></textRuns></DOMStaticText></elements></DOMFrame></frames></DOMLayer></layers></DOMTimeline>
  </timelines></DOMDocument>"""


def test_animate_fla_frame_comments_text_and_library_symbols():
    symbol = (
        '<DOMSymbolItem xmlns="http://ns.adobe.com/xfl/2008/" name="头部"><timeline><DOMTimeline name="头部">'
        '<layers><DOMLayer name="Layer 1"><frames><DOMFrame index="0" name="头太大了" labelType="comment"/>'
        "</frames></DOMLayer></layers></DOMTimeline></timeline></DOMSymbolItem>"
    )
    fla = _zip({"DOMDocument.xml": DOM, "LIBRARY/头部.xml": symbol})
    found = dict((text, where) for where, text in notes("c012.fla", fla))
    assert found["眼睛位置太高了"].startswith("DOMDocument.xml:/DOMDocument/timelines/DOMTimeline/layers/DOMLayer")
    assert found["머리가 너무 큽니다"].endswith("/DOMTextRun/characters")
    assert found["头太大了"].startswith("LIBRARY/头部.xml:/DOMSymbolItem/")


def test_xfl_folder_document_and_library_xml_use_the_animate_table():
    assert "眼睛位置太高了" in [t for _, t in notes("c012/DOMDocument.xml", DOM.encode())]
    symbol = (
        '<DOMSymbolItem name="头部"><timeline><DOMTimeline name="t"><layers><DOMLayer name="L">'
        '<frames><DOMFrame index="0" name="头太大了" labelType="comment"/></frames></DOMLayer></layers>'
        "</DOMTimeline></timeline></DOMSymbolItem>"
    )
    [extraction] = extract("c012/LIBRARY/头部.xml", symbol.encode())
    assert "头太大了" in [c.text for c in extraction.comments]


def test_old_binary_fla_is_refused_with_a_reason():
    [extraction] = extract("old.fla", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert extraction.row.status == "error" and "CS4" in extraction.row.error


XMP_SIDECAR = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/"
   xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
   xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
   xmp:CreatorTool="Adobe Photoshop 25.0" photoshop:Instructions="请在周五前交" photoshop:CaptionWriter="王"
   xmp:CreateDate="2024-03-01T10:00:00+08:00">
  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Head too big</rdf:li>
   <rdf:li xml:lang="zh-CN">头太大了，请缩小一点</rdf:li><rdf:li xml:lang="ko-KP">머리가 너무 큽니다.</rdf:li></rdf:Alt>
  </dc:description>
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">C012 修改</rdf:li></rdf:Alt></dc:title>
  <dc:creator><rdf:Seq><rdf:li>Studio A</rdf:li></rdf:Seq></dc:creator>
  <xmpDM:logComment>口型和对白不一致</xmpDM:logComment>
  <exif:UserComment><rdf:Alt><rdf:li xml:lang="x-default">선이 너무 굵습니다</rdf:li></rdf:Alt></exif:UserComment>
  <photoshop:Headline>第二集 修改单</photoshop:Headline>
  <Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">眼睛位置太高</rdf:li></rdf:Alt>
  </Iptc4xmpCore:AltTextAccessibility>
  <Iptc4xmpCore:Location>Pyongyang</Iptc4xmpCore:Location>
 </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_xmp_sidecar_reads_every_note_property_with_author_and_date():
    [extraction] = extract("c012.xmp", XMP_SIDECAR.encode())
    assert extraction.row.status == "ok" and extraction.row.format == "xmp"
    found = {c.locator: c for c in extraction.comments}
    assert {k: c.text for k, c in found.items() if c.source == "note"} == {
        "photoshop:Instructions": "请在周五前交",  # the attribute shorthand
        "dc:description[x-default]": "Head too big",
        "dc:description[zh-CN]": "头太大了，请缩小一点",
        "dc:description[ko-KP]": "머리가 너무 큽니다.",
        "dc:title[x-default]": "C012 修改",
        "xmpDM:logComment": "口型和对白不一致",
        "exif:UserComment[x-default]": "선이 너무 굵습니다",
        "photoshop:Headline": "第二集 修改单",
        "Iptc4xmpCore:AltTextAccessibility[x-default]": "眼睛位置太高",
    }
    note = found["dc:description[zh-CN]"]
    assert (note.author, note.timestamp) == ("王", "2024-03-01T10:00:00+08:00")  # the writer, not the software
    assert found["xmp:CreatorTool"].source == found["Iptc4xmpCore:Location"].source == "metadata"


def test_xmp_sidecar_in_utf16_with_its_declaration_and_in_declared_gbk():
    declared = '<?xml version="1.0" encoding="UTF-16"?>' + XMP_SIDECAR.replace("\ufeff", "")
    [extraction] = extract("c012.xmp", declared.encode("utf-16"))
    assert extraction.row.status == "ok" and extraction.row.encoding == "utf-16"
    assert "头太大了，请缩小一点" in [c.text for c in extraction.comments]
    chinese = '<?xml version="1.0" encoding="GBK"?>' + XMP_SIDECAR.replace("\ufeff", "").replace(
        "머리가 너무 큽니다.", ""
    )
    chinese = chinese.replace("선이 너무 굵습니다", "")
    [extraction] = extract("c012.xmp", chinese.encode("gbk"))
    assert extraction.row.encoding == "gbk" and "眼睛位置太高" in [c.text for c in extraction.comments]


def test_billion_laughs_in_an_xmp_sidecar_is_refused():
    [extraction] = extract("bomb.xmp", BILLION_LAUGHS)
    assert extraction.row.status == "error" and "unsafe XML refused" in extraction.row.error


def test_krita_xmp_annotation_and_animate_metadata_are_read():
    packet = XMP_SIDECAR.replace("\ufeff", "")
    kra = _zip(
        {"maindoc.xml": '<DOC><IMAGE name="c"><layers/></IMAGE></DOC>', "annotations/xmp_0": packet,
         "annotations/exif": "not xmp"}
    )  # fmt: skip
    assert ("annotations/xmp_0:xmpDM:logComment", "口型和对白不一致") in notes("c012.kra", kra)
    fla = _zip({"DOMDocument.xml": DOM, "META-INF/metadata.xml": packet})
    assert ("META-INF/metadata.xml:dc:description[zh-CN]", "头太大了，请缩小一点") in notes("c012.fla", fla)


def test_corrupt_package_parts_are_a_reason_not_a_reader_crash():
    from archive_fixtures import zip_with_offsets_shifted

    kra = zip_with_offsets_shifted({"maindoc.xml": b"<DOC/>", "documentinfo.xml": b"<document-info/>"})
    [extraction] = extract("c012.kra", kra)
    assert extraction.row.status == "error" and extraction.row.error.startswith("damaged Krita document")


def _tree_text(element) -> list[tuple[object, dict[str, str], str | None, str | None]]:
    """Every node of a tree in document order: tag (or comment marker), attributes, text and tail."""
    from xml.etree.ElementTree import Comment

    return [("#comment" if e.tag is Comment else e.tag, dict(e.attrib), e.text, e.tail) for e in element.iter()]


def test_xml_without_a_dtd_gives_the_tree_defusedxml_gives():
    """Such XML is read by the C parser (xmltree.parse_tree): the tree must be the one defusedxml's parser builds."""
    from xml.etree.ElementTree import TreeBuilder

    from defusedxml.ElementTree import DefusedXMLParser

    from analyzer.extract.xmltree import parse_tree

    documents = [
        XMP_SIDECAR.encode(),
        '<?xml version="1.0" encoding="ISO-8859-1"?><n a="caf\xe9">x&amp;y<!-- gr\xfcn --><b/>t</n>'.encode("latin-1"),
        '<r xmlns="urn:a" xmlns:k="urn:k"><k:x k:y="头太大了">&#54620;<![CDATA[<raw>]]></k:x>\n</r>'.encode(),
        "<?xml version='1.0'?>\n<?pi data?><r>\ufeff머리</r>",  # text, as readers hand decoded legacy XML
    ]
    for document in documents:
        for comments in (False, True):
            defused = DefusedXMLParser(target=TreeBuilder(insert_comments=comments))
            defused.feed(document)
            assert _tree_text(parse_tree(document, comments)) == _tree_text(defused.close())


def test_xml_that_can_declare_entities_still_goes_through_defusedxml():
    """A DTD in any spelling, or a UTF-16 document (whose `<!DOCTYPE` a byte search cannot see), is refused."""
    import pytest

    from analyzer.extract.base import FormatError
    from analyzer.extract.xmltree import parse_xml

    utf16 = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    assert b"<!DOCTYPE" not in utf16
    entity_only = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "x.dtd"><x/>'  # a DTD named, nothing declared here
    for document in (BILLION_LAUGHS, utf16, BILLION_LAUGHS.decode().encode("utf-8-sig")):
        with pytest.raises(FormatError, match="unsafe XML refused"):
            parse_xml(document)
    root, _ = parse_xml(entity_only)  # defusedxml allows a DTD that declares nothing (external ones are not fetched)
    assert root.tag == "x"
    [extraction] = extract("bomb16.xmp", utf16)
    assert extraction.row.status == "error" and "unsafe XML refused" in extraction.row.error
