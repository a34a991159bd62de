"""Blocks as a Word document, laid out as a chapter an agency can paste into its årsrapport:
built-in Heading styles (Word's navigation pane and table of contents use them), tables in a
table style whose header row repeats on every page, A4, Danish as the document language, page
numbers in the footer.

python-docx supplies the package, its default template (styles) and the saving. The body is
written as WordprocessingML directly: python-docx's per-run API re-orders XML children on every
property and looks styles up by name on every paragraph, which took most of a second for the
five plans; building each block's XML as one string and parsing it once is ten times faster.

Every string in a block is neutralised already (document.py / report.py), so nothing that XML
cannot hold reaches the parser; here text is only escaped (`&`, `<`, `>`) and placed, never
interpreted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from mrp_tui.core.model import Status
from mrp_tui.output.blocks import (
    Banner,
    Block,
    Chart,
    Column,
    Fields,
    Grid,
    Heading,
    Para,
    Row,
    Table,
)
from mrp_tui.output.labels import LABELS

TABLE_STYLE = "Light List Accent 1"
BODY_FONT = "Calibri"
LANGUAGE = {"da": "da-DK", "en": "en-GB"}
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH_MM = 210 - 2 * 20
TWIPS_PER_MM = 1440 / 25.4
#: Half-points: table text 9 pt, notes under a table 8.5 pt.
TABLE_SIZE, NOTE_SIZE = 18, 17
STATUS_COLOUR = {Status.MET: "1E7B34", Status.PARTLY_MET: "8A6100", Status.NOT_MET: "B00020",
                 Status.PENDING: "595959"}
SUBGOAL_COLOUR = "404040"
#: Millimetres a character of table text takes at 9 pt (bold, in a wide sans serif: LibreOffice
#: without Calibri's metrics), and the cell's own margins.
CHAR_MM = 2.1
CELL_PAD_MM = 5.0
NARROWEST_MM = 12.0
#: A status is a word or two of letters (narrower than digits and capitals on average).
STATUS_CHAR_MM = 1.8
#: A column is at least as wide as its longest word, up to this (a longer word breaks).
WORD_CAP_MM = 25.0
MAIN_WEIGHT = 1.8
W = nsdecls("w")


# --------------------------------------------------------------------------- XML pieces


def _r_pr(bold: bool = False, colour: str | None = None, size: int | None = None,
          highlight: bool = False) -> str:
    """Run properties, in the schema's order."""
    parts = ["<w:b/>" if bold else "", f'<w:color w:val="{colour}"/>' if colour else "",
             f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "",
             '<w:highlight w:val="yellow"/>' if highlight else ""]
    inner = "".join(parts)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _run(text: str, r_pr: str = "") -> str:
    """A run; its line breaks become `w:br`."""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                           for line in text.split("\n"))
    return f"<w:r>{r_pr}{lines}</w:r>"


def _p_pr(style: str | None = None, keep_next: bool = False, page_break: bool = False,
          extra: str = "", after_pt: float | None = None, indent_mm: float = 0,
          right: bool = False) -> str:
    """Paragraph properties, in the schema's order."""
    parts = [f'<w:pStyle w:val="{style}"/>' if style else "",
             "<w:keepNext/>" if keep_next else "", "<w:pageBreakBefore/>" if page_break else "",
             extra,
             f'<w:spacing w:after="{round(after_pt * 20)}"/>' if after_pt is not None else "",
             f'<w:ind w:left="{round(indent_mm * TWIPS_PER_MM)}"/>' if indent_mm else "",
             '<w:jc w:val="right"/>' if right else ""]
    inner = "".join(parts)
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def _p(runs: str, p_pr: str = "") -> str:
    return f"<w:p>{p_pr}{runs}</w:p>"


class _Body:
    """Appends blocks' XML to the document body, before its section properties."""

    def __init__(self, doc: Any) -> None:
        self.end = doc.element.body.sectPr
        styles = doc.styles
        self.heading = {level: styles["Title" if level == 0 else f"Heading {level}"].style_id
                        for level in range(4)}
        self.table_style = styles[TABLE_STYLE].style_id
        self.parts_seen = 0

    def add(self, xml: str) -> None:
        """Elements given as XML, parsed at once (the text is escaped, never markup)."""
        for element in parse_xml(f"<w:body {W}>{xml}</w:body>"):
            self.end.addprevious(element)


# --------------------------------------------------------------------------- set-up


def _set_language(doc: Any, lang: str) -> None:
    """The language of every run (spelling, hyphenation, date fields) in the style defaults."""
    code = LANGUAGE.get(lang, "da-DK")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = r_pr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        r_pr.append(lang_el)
    lang_el.set(qn("w:val"), code)
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), code)
    doc.core_properties.language = code


def _field(instruction: str) -> str:
    """A field Word (and LibreOffice) computes when the page is laid out: PAGE, NUMPAGES."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _set_up(doc: Any, lang: str, title: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    _set_language(doc, lang)
    # The template's preview picture is of the template, not of this document.
    package_rels = doc.part.package.rels
    for key, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[key]
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "mrp-tui", "mrp-tui"
    props.comments = ""
    normal = doc.styles["Normal"]
    # The template's body font is Cambria (serif); an årsrapport is set in a sans serif.
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    words = LABELS.get(lang, LABELS["da"])
    footer = section.footer
    old = footer.paragraphs[0]._p
    runs = (_run(f"{words['page']} ") + _field("PAGE") + _run(f" {words['of']} ")
            + _field("NUMPAGES"))
    old.addprevious(parse_xml(f"<w:p {W}>"
                              f'<w:pPr><w:pStyle w:val="{doc.styles["Footer"].style_id}"/>'
                              f'<w:jc w:val="center"/></w:pPr>{runs}</w:p>'))
    old.getparent().remove(old)


# --------------------------------------------------------------------------- blocks


def _heading(body: _Body, block: Heading) -> str:
    level = min(max(block.level, 0), 3)
    # Each part of the chapter (level 1) after the first starts on a new page.
    new_page = block.level == 1 and body.parts_seen > 0
    body.parts_seen += block.level == 1
    return _p(_run(block.text), _p_pr(body.heading[level], keep_next=True, page_break=new_page))


BANNER_PPR = ('<w:pBdr>' + "".join(f'<w:{side} w:val="single" w:sz="12" w:space="4" '
                                   'w:color="B8860B"/>'
                                   for side in ("top", "left", "bottom", "right"))
              + '</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FFF3CD"/>')


def _banner(block: Banner) -> str:
    return _p(_run(block.text, _r_pr(bold=True, colour="5C4300")), _p_pr(extra=BANNER_PPR))


def _fields(block: Fields) -> str:
    last = len(block.pairs) - 1
    return "".join(_p(_run(f"{label}: ", _r_pr(bold=True)) + _run(value),
                      _p_pr(after_pt=0 if i < last else 8))
                   for i, (label, value) in enumerate(block.pairs))


def _para(block: Para) -> str:
    out = []
    if block.label:
        out.append(_p(_run(f"{block.label}:", _r_pr(bold=True)),
                      _p_pr(keep_next=True, after_pt=2)))
    r_pr = _r_pr(bold=True, highlight=True) if block.placeholder else ""
    indent = 5 if block.label else 0  # under its label, like a quote
    for part in block.text.split("\n\n"):
        if part.strip():
            out.append(_p(_run(part.strip("\n"), r_pr), _p_pr(indent_mm=indent)))
    return "".join(out)


def _widths(block: Table) -> list[float]:
    """Column widths in mm: ids, numbers and statuses as wide as their text; every other
    column as wide as its longest word, and what is left shared by how much text each holds
    (the main column, the requirement, gets more)."""
    def texts(i: int) -> list[str]:
        return [block.columns[i].header, *(r.cells[i] for r in block.rows)]

    fixed: dict[int, float] = {}
    for i, column in enumerate(block.columns):
        longest = max(map(len, texts(i)))
        if column.nowrap:
            fixed[i] = max(longest * CHAR_MM + CELL_PAD_MM, NARROWEST_MM)
        elif column.role == "status":
            cells = max(map(len, texts(i)[1:]), default=0)
            fixed[i] = max(len(column.header) * CHAR_MM,  # a bold header
                           min(cells, 15) * STATUS_CHAR_MM) + CELL_PAD_MM
    flexible = [i for i in range(len(block.columns)) if i not in fixed]
    word = {i: min(max(len(w) for t in texts(i) for w in [*t.split(), ""]) * CHAR_MM
                   + CELL_PAD_MM, WORD_CAP_MM) for i in flexible}
    left = max(0.0, TEXT_WIDTH_MM - sum(fixed.values()) - sum(word.values()))
    weights = {i: min(max(map(len, texts(i))), 40)
               * (MAIN_WEIGHT if block.columns[i].role == "main" else 1.0) for i in flexible}
    total = sum(weights.values()) or 1.0
    return [fixed[i] if i in fixed else word[i] + left * weights[i] / total
            for i in range(len(block.columns))]


def _cell_style(row: Row | None, i: int) -> tuple[str, float]:
    """Run properties and left indent (mm) of a cell: a header or total bold, a goal's id
    bold, a status in its colour (bold on a goal's row), a delmål grey and indented."""
    if row is None or row.total:
        return _r_pr(bold=True, size=TABLE_SIZE), 0
    if i == row.status_cell and row.status is not None:
        return _r_pr(bold=row.level == 0, colour=STATUS_COLOUR[row.status], size=TABLE_SIZE), 0
    if row.level:
        return _r_pr(colour=SUBGOAL_COLOUR, size=TABLE_SIZE), 4 * row.level if i == 1 else 0
    return _r_pr(bold=i == 0, size=TABLE_SIZE), 0


def _cell(text: str, column: Column, width: int, row: Row | None, i: int) -> str:
    r_pr, indent = _cell_style(row, i)
    borders = ('<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="404040"/>'
               "</w:tcBorders>" if row is not None and row.total else "")
    paragraph = _p(_run(text, r_pr) if text else "",
                   _p_pr(after_pt=0, indent_mm=indent, right=column.align == "right"))
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{borders}</w:tcPr>' \
           f"{paragraph}</w:tc>"


def _table(body: _Body, block: Table) -> str:
    columns = block.columns
    widths = [round(w * TWIPS_PER_MM) for w in _widths(block)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # The header row repeats at the top of every page the table runs onto; no row is split.
    header = "".join(_cell(c.header, c, w, None, i)
                     for i, (c, w) in enumerate(zip(columns, widths, strict=True)))
    rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>']
    for row in block.rows:
        cells = "".join(_cell(text, c, w, row, i)
                        for i, (text, c, w) in enumerate(zip(row.cells, columns, widths,
                                                             strict=True)))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    table = (f'<w:tbl><w:tblPr><w:tblStyle w:val="{body.table_style}"/>'
             '<w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
             'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
             f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")
    notes = "".join(_p(_run(note, _r_pr(size=NOTE_SIZE)), _p_pr(after_pt=2))
                    for note in block.notes)
    return table + notes + _p("", _p_pr(after_pt=4))


def render_docx(blocks: Sequence[Block], title: str, lang: str = "da") -> bytes:
    """The document as the bytes of a .docx file."""
    doc = Document()
    _set_up(doc, lang, title)
    body = _Body(doc)
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(_heading(body, block))
        elif isinstance(block, Banner):
            parts.append(_banner(block))
        elif isinstance(block, Fields):
            parts.append(_fields(block))
        elif isinstance(block, Para):
            parts.append(_para(block))
        elif isinstance(block, Chart):  # --history: the points per period as a line of text
            parts.append(_fields(Fields(((block.title, block.text),))))
        elif isinstance(block, Grid):  # --history: statuses per period, compact as in text
            parts.append(_table(body, block.compact()))
        else:
            parts.append(_table(body, block))
    body.add("".join(parts))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
