"""Blocks as a Word document (python-docx), laid out as a chapter an agency can paste into
its årsrapport: built-in Heading styles (Word's navigation pane and table of contents use
them), tables in a table style whose header row repeats on every page, A4, Danish as the
document language, page numbers in the footer.

Every string in a block is neutralised already (document.py / report.py), so nothing that XML
cannot hold reaches python-docx; here it is only placed, never interpreted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mrp_tui.core.model import Status
from mrp_tui.output.blocks import Banner, Block, Column, Fields, Heading, Para, Row, Table
from mrp_tui.output.labels import LABELS

TABLE_STYLE = "Light List Accent 1"
BODY_FONT = "Calibri"
LANGUAGE = {"da": "da-DK", "en": "en-GB"}
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH_MM = 210 - 2 * 20
TABLE_FONT = Pt(9)
NOTE_FONT = Pt(8.5)
STATUS_COLOUR = {Status.MET: RGBColor(0x1E, 0x7B, 0x34),
                 Status.PARTLY_MET: RGBColor(0x8A, 0x61, 0x00),
                 Status.NOT_MET: RGBColor(0xB0, 0x00, 0x20),
                 Status.PENDING: RGBColor(0x59, 0x59, 0x59)}
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


def _element(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _set_language(doc: Any, lang: str) -> None:
    """The language of every run (spelling, hyphenation, date fields) in the style defaults."""
    code = LANGUAGE.get(lang, "da-DK")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = r_pr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = _element("w:lang")
        r_pr.append(lang_el)
    lang_el.set(qn("w:val"), code)
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), code)
    doc.core_properties.language = code


def _field(paragraph: Any, instruction: str) -> None:
    """A field Word (and LibreOffice) computes when the page is laid out: PAGE, NUMPAGES."""
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="end"))


def _set_up(doc: Any, lang: str, title: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    _set_language(doc, lang)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "mrp-tui", "mrp-tui"
    props.comments = ""
    normal = doc.styles["Normal"]
    # The template's body font is Cambria (serif); an årsrapport is set in a sans serif.
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = LABELS.get(lang, LABELS["da"])
    footer.add_run(f"{words['page']} ")
    _field(footer, "PAGE")
    footer.add_run(f" {words['of']} ")
    _field(footer, "NUMPAGES")


def _heading(doc: Any, block: Heading, new_page: bool) -> None:
    paragraph = doc.add_heading(block.text, min(max(block.level, 0), 9))
    if new_page:
        paragraph.paragraph_format.page_break_before = True
    paragraph.paragraph_format.keep_with_next = True


def _banner(doc: Any, block: Banner) -> None:
    paragraph = doc.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_element(f"w:{side}", val="single", sz="12", space="4", color="B8860B"))
    p_pr.append(borders)
    p_pr.append(_element("w:shd", val="clear", color="auto", fill="FFF3CD"))
    run = paragraph.add_run(block.text)
    run.bold = True
    run.font.color.rgb = RGBColor(0x5C, 0x43, 0x00)


def _fields(doc: Any, block: Fields) -> None:
    for i, (label, value) in enumerate(block.pairs):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0 if i < len(block.pairs) - 1 else 8)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _lines(paragraph: Any, text: str, placeholder: bool = False) -> None:
    """Text with its single line breaks kept as breaks; a placeholder marked in yellow."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._r.insert(0, _element("w:br"))
        if placeholder:
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _para(doc: Any, block: Para) -> None:
    if block.label:
        label = doc.add_paragraph()
        label.paragraph_format.space_after = Pt(2)
        label.paragraph_format.keep_with_next = True
        label.add_run(f"{block.label}:").bold = True
    parts = [part.strip("\n") for part in block.text.split("\n\n") if part.strip()]
    for part in parts:
        paragraph = doc.add_paragraph()
        if block.label:
            paragraph.paragraph_format.left_indent = Mm(5)  # under its label, like a quote
        _lines(paragraph, part, block.placeholder)


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


def _cell_text(cell: Any, text: str, column: Column, row: Row | None, i: int) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if column.align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = TABLE_FONT
    if row is None or row.total:
        run.bold = True
        return
    if row.level and i == 1:
        paragraph.paragraph_format.left_indent = Mm(4 * row.level)
    if row.level:
        run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    if i == row.status_cell and row.status is not None:
        run.font.color.rgb = STATUS_COLOUR[row.status]
        run.bold = row.level == 0
    elif i == 0 and not row.level:
        run.bold = True


def _table(doc: Any, block: Table) -> None:
    columns = block.columns
    table = doc.add_table(rows=1 + len(block.rows), cols=len(columns))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = [Mm(w) for w in _widths(block)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice lays out by; cells for Word
    rows = table.rows
    header = rows[0]
    # The header row repeats at the top of every page the table runs onto.
    header._tr.get_or_add_trPr().append(_element("w:tblHeader", val="true"))
    for i, cell in enumerate(header.cells):
        cell.width = widths[i]
        _cell_text(cell, columns[i].header, columns[i], None, i)
    for row, data in zip(rows[1:], block.rows, strict=True):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit", val="true"))
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
            _cell_text(cell, data.cells[i], columns[i], data, i)
        if data.total:
            for cell in row.cells:
                borders = _element("w:tcBorders")
                borders.append(_element("w:top", val="single", sz="8", space="0",
                                        color="404040"))
                cell._tc.get_or_add_tcPr().append(borders)
    for note in block.notes:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(note).font.size = NOTE_FONT
    doc.add_paragraph().paragraph_format.space_after = Pt(4)


def render_docx(blocks: Sequence[Block], title: str, lang: str = "da") -> bytes:
    """The document as the bytes of a .docx file."""
    doc = Document()
    _set_up(doc, lang, title)
    in_part = False
    for block in blocks:
        if isinstance(block, Heading):
            # Each part of the chapter (level 1) after the first starts on a new page.
            _heading(doc, block, block.level == 1 and in_part)
            in_part = in_part or block.level == 1
        elif isinstance(block, Banner):
            _banner(doc, block)
        elif isinstance(block, Fields):
            _fields(doc, block)
        elif isinstance(block, Para):
            _para(doc, block)
        else:
            _table(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
