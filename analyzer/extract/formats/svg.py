"""SVG drawings: `<title>`, `<desc>`, `<text>` (with its `<tspan>` runs), Inkscape layer labels,
RDF metadata and comments, parsed with the safe XML parser. Located by element path
(`/svg/g[2]/text`), `@inkscape:label` for labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Comment

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.formats.xmp import notes_from_xmp_element
from analyzer.extract.human import looks_human
from analyzer.extract.xmltree import local_name, parse_xml, walk

INKSCAPE_LABEL = "{http://www.inkscape.org/namespaces/inkscape}label"
TEXT_ELEMENTS = ("title", "desc", "text", "flowRoot")


def read_svg(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data, comments=True)
    if local_name(root.tag) != "svg":
        raise FormatError("not an SVG drawing (the root element is not <svg>)")
    inside_text: set[int] = set()
    for element, path in walk(root):
        name = local_name(element.tag)
        if id(element) in inside_text:
            continue
        if name in TEXT_ELEMENTS:
            inside_text.update(id(child) for child in element.iter() if child is not element)
            lines = [" ".join(part.split()) for part in _runs(element)]
            text = "\n".join(line for line in lines if line)
            if text:
                yield Note(path, text)
        elif name == "metadata":
            inside_text.update(id(child) for child in element.iter() if child is not element)
            yield from notes_from_xmp_element(element, f"{path} ")
        label = element.get(INKSCAPE_LABEL)
        if label and label.strip():
            yield Note(f"{path}/@inkscape:label", label.strip(), source="layer-name")
        for child in element:
            if child.tag is Comment and child.text and looks_human(child.text.strip()):
                yield Note(f"{path}/comment()", child.text.strip())


def _runs(element) -> list[str]:
    """One line per child `<tspan>` (Inkscape writes a line as one), else the element's text as one run."""
    tspans = [child for child in element if local_name(child.tag) in ("tspan", "flowPara", "flowRegion")]
    if not tspans:
        return ["".join(element.itertext())]
    own = (element.text or "").strip()
    return ([own] if own else []) + ["".join(span.itertext()) for span in tspans]


EXTRACTOR = Extractor(name="svg", suffixes=(".svg",), read=read_svg, text=True)
