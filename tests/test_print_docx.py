"""`--print --format docx`: the årsrapport's chapter on the goals, as a real Word document.

The document is read back with python-docx (its text, tables, styles and settings), never
compared byte for byte; and a real word processor (LibreOffice, headless) must open it and
lay it out with every goal id and status word in place.

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_print_docx.py   # after a deliberate change
"""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import FIGURES, PLANS, ROOT
from docx.oxml.ns import qn

from mrp_tui.cli import main
from mrp_tui.core.danish import STATUS_DA
from mrp_tui.core.model import Period
from mrp_tui.core.scorecard import build

GOLDEN = Path(__file__).resolve().parent / "golden"
HJS = "hjemrejsestyrelsen-2024"
STATUS_WORDS = [word.capitalize() for word in STATUS_DA.values()]


def make(tmp_path: Path, *args: str, name: str = "out.docx") -> Path:
    out = tmp_path / name
    assert main(["--print", "--format", "docx", *args, "--output", str(out)]) == 0
    return out


def document_text(path: Path) -> str:
    """The document's body in order: each paragraph as `[style] text`, each table as rows of
    cells joined by ` | `; what a reader of the document sees, without its bytes."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            lines.append(f"[table {item.style.name if item.style else ''}]")
            lines += [" | ".join(cell.text for cell in row.cells) for row in item.rows]
            lines.append("[/table]")
        elif item.text:
            lines.append(f"[{item.style.name}] {item.text}")
    footer = document.sections[0].footer.paragraphs[0]
    lines.append(f"[footer] {footer.text}")
    return "\n".join(lines) + "\n"


def tables_after(document: docx.document.Document, heading: str) -> list[docx.table.Table]:
    """The tables under the level-1 heading `heading`, up to the next level-1 heading."""
    found: list[docx.table.Table] = []
    inside = False
    for item in document.iter_inner_content():
        if isinstance(item, docx.text.paragraph.Paragraph):
            if item.style.name == "Heading 1":
                inside = item.text == heading
        elif inside:
            found.append(item)
    return found


@pytest.fixture(scope="module")
def all_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chapter for the five bundled plans and their (example) year figures."""
    out = tmp_path_factory.mktemp("docx") / "all.docx"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert main(["--print", "--format", "docx", "--output", str(out)]) == 0
    finally:
        os.chdir(cwd)
    return out


def test_golden_text_of_the_chapter(all_plans: Path) -> None:
    produced = document_text(all_plans)
    golden = GOLDEN / "all.docx.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), "differs from tests/golden/all.docx.txt"


def test_the_table_reads_back_with_every_goal_and_its_status(all_plans: Path) -> None:
    card = build([PLANS], [], Period.YEAR)
    document = docx.Document(str(all_plans))
    tables = tables_after(document, "Målrapportering – 1. del: skematisk oversigt")
    assert len(tables) == len(card.results) == 5
    for table, result in zip(tables, card.results, strict=True):
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["Mål", "Resultatkrav", "Vægt", "Resultat", "Målopfyldelse", "Point"]
        goal_rows = [[c.text for c in row.cells] for row in table.rows[1:] if row.cells[0].text]
        *goals, total = goal_rows
        assert [r[0].rstrip("*") for r in goals] == [g.goal.id for g in result.goals]
        assert [r[4] for r in goals] == [STATUS_DA[g.status].capitalize() for g in result.goals]
        assert all(r[4] in STATUS_WORDS for r in goals)
        assert total[0] == "I alt"
        assert float(total[5].replace(".", "").replace(",", ".")) == pytest.approx(
            result.earned, abs=0.006)
        # delmål rows sit under their goal, one per delmål
        rows = len(table.rows) - 2  # header and total
        assert rows == sum(1 + len(g.subgoals) for g in result.goals)


def test_word_structure(all_plans: Path) -> None:
    document = docx.Document(str(all_plans))
    styles = [p.style.name for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Målrapportering – 1. del: skematisk oversigt",
                        "Målrapportering – 2. del: uddybende analyse",
                        "Ændringer og vurderinger"]
    assert "Title" in styles and "Heading 2" in styles and "Heading 3" in styles
    # the document's language: Danish, in the defaults every run inherits
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")) \
        .find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "da-DK"
    assert document.core_properties.language == "da-DK"
    # A4, and page numbers as fields Word computes
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    # every table has a style and a header row that repeats on each page
    for table in document.tables:
        assert table.style is not None and table.style.name != "Normal Table"
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    # the example banner comes first, before the first part
    texts = [p.text for p in document.paragraphs]
    assert texts.index("EKSEMPELTAL – ikke rigtige tal") < texts.index(headings[0])


def test_part_two_holds_the_comment_the_marker_and_the_judgement(all_plans: Path) -> None:
    text = document_text(all_plans)
    part2 = text.split("[Heading 1] Målrapportering – 2. del")[1].split("[Heading 1] Ænd")[0]
    # a comment from the figures, verbatim
    assert "[Heading 3] Mål 1.a: Udsendelser og langtidsopholdere" in part2
    assert "Kriminalforsorgen om tidlig identifikation af domsudviste" in part2
    # a goal not met without a comment: the marker, so a draft is not taken for finished
    goal_1d = part2.split("Mål 1.d:")[1].split("[Heading 3]")[0]
    assert "[Analyse mangler]" in goal_1d and "Mangler: 4 personer mere" in goal_1d
    # a judged goal: the judgement and its reason
    goal_1g = part2.split("Mål 1.g:")[1].split("[Heading 3]")[0]
    assert "Vurdering: Delvist opfyldt, 2,5 point" in goal_1g
    assert "Begrundelse: Departementets vurdering 15/1" in goal_1g
    # the requirement text, verbatim from the plan
    plan = build([PLANS / f"{HJS}.toml"], [], Period.YEAR).results[0].plan
    assert "[Normal] Kravtekst:" in goal_1d
    assert plan.goal("1.d").text.strip().split("\n")[0] in goal_1d
    # goals met without a comment are not analysed
    assert "Mål 1.b:" not in part2.split("Hjemrejsestyrelsen 2024")[1]


def test_quarter_gets_a_forecast_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    q3 = docx.Document(str(make(tmp_path, f"plans/{HJS}.toml", "--period", "Q3")))
    header = [c.text for c in q3.tables[0].rows[0].cells]
    assert header[-1] == "Prognose"
    assert any("udgiftsopfølgning III" in p.text for p in q3.paragraphs)
    year = docx.Document(str(make(tmp_path, f"plans/{HJS}.toml", name="y.docx")))
    assert "Prognose" not in [c.text for c in year.tables[0].rows[0].cells]
    assert any("året, opgjort pr. 31/12/2024" in p.text for p in year.paragraphs)


def _workspace(tmp_path: Path, comment_1d: str | None = None) -> Path:
    """plans/ and figures/ with Hjemrejsestyrelsen 2024 and its year figures; `comment_1d`:
    a TOML string to give goal 1.d as its comment."""
    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / f"{HJS}.toml", tmp_path / "plans")
    folder = tmp_path / "figures" / HJS
    folder.mkdir(parents=True)
    text = (FIGURES / HJS / "year.toml").read_text(encoding="utf-8")
    if comment_1d is not None:
        text = text.replace('[goal."1.d"]\n', f'[goal."1.d"]\ncomment = {comment_1d}\n')
    (folder / "year.toml").write_text(text, encoding="utf-8")
    return folder


def test_judgements_say_when_and_by_whom_from_the_change_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _workspace(tmp_path)
    lines = [
        {"at": "2025-01-15T09:30:00+01:00", "user": "kbn", "period": "year", "goal": "1.g",
         "subgoal": None, "key": "override", "old": None,
         "new": {"status": "partly_met", "earned": 2.5}, "reason": "Departementets vurdering"},
        {"at": "2025-01-10T08:00:00+01:00", "user": "abc", "period": "year", "goal": "1.c",
         "subgoal": None, "key": "met", "old": 228, "new": 229, "reason": None},
        {"at": "2024-10-01T08:00:00+02:00", "user": "old", "period": "Q3", "goal": "1.g",
         "subgoal": None, "key": "override", "old": None, "new": {"status": "met"},
         "reason": "x"},
    ]
    log = "\n".join(json.dumps(line) for line in lines[:2]) + "\n{damaged\n" + \
        json.dumps(lines[2]) + "\n"
    (folder / "changes.jsonl").write_text(log, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    document = docx.Document(str(make(tmp_path)))
    (table,) = tables_after(document, "Ændringer og vurderinger")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Mål", "Vurdering", "Begrundelse", "Tidspunkt", "Af"]
    assert rows[1][0] == "1.g" and rows[1][3:] == ["15/1/2025 09:30", "kbn"]
    text = document_text(tmp_path / "out.docx")
    assert "Ændringsloggen har 1 øvrig ændring" in text  # the year's, not Q3's


def test_file_text_is_neutralised_before_it_reaches_the_xml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Controls, escapes and what XML cannot hold (U+FFFE, U+FFFF) are shown, not passed on:
    python-docx would refuse the document, and a terminal must not see them either."""
    _workspace(tmp_path, r'"ESC \u001b[31m NUL? \u0007 \ufffe \uffff <w:t>&amp;"')
    monkeypatch.chdir(tmp_path)
    text = document_text(make(tmp_path))
    assert r"ESC \x1b[31m NUL? \x07 \ufffe \uffff <w:t>&amp;" in text
    assert "\x1b" not in text and "\ufffe" not in text
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "markdown"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and r"\\ufffe" in done.stdout  # escaped for markdown too


def test_scenario_gets_its_banner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workspace(tmp_path)
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'format = 1\nplan = "{HJS}"\nscenario = "Mere plads"\n'
                        'based_on = "year"\n[goal."1.d"]\nmet = 130\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    document = docx.Document(str(make(tmp_path, "--scenario", str(scenario))))
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "SCENARIE «Mere plads» – ikke indberettede tal"
    assert texts[2] == "EKSEMPELTAL – ikke rigtige tal"


def test_goal_option_is_refused_with_docx(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.docx"
    code = main(["--print", "--format", "docx", "--goal", "1.a", "--output", str(out)])
    assert code == 2 and not out.exists()
    assert "--goal" in capsys.readouterr().err


def test_text_print_does_not_import_docx_but_docx_does() -> None:
    code = (
        "import sys\n"
        "from mrp_tui.cli import main\n"
        "assert main(['--print']) == 0\n"
        "assert main(['--print', '--format', 'html']) == 0\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')], 'text'\n"
        "import tempfile, os\n"
        "out = os.path.join(tempfile.mkdtemp(), 'a.docx')\n"
        "assert main(['--print', '--format', 'docx', '--output', out]) == 0\n"
        "assert 'docx' in sys.modules, 'docx'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_libreoffice_lays_it_out_with_every_goal_and_status(all_plans: Path,
                                                            tmp_path: Path) -> None:
    """A real word processor opens the file: every goal id and status word is on its pages."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice and poppler-utils (.ci/run installs them)")
        pytest.skip("no soffice/pdftotext here")
    profile = tmp_path / "profile"  # its own profile: no clash with another soffice running
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(all_plans)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "all.pdf"
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    part1 = text.split("1. del: skematisk oversigt")[1].split("2. del: uddybende analyse")[0]
    # a table row's first word is its goal id (with * when judged)
    first_words = {line.split()[0].rstrip("*") for line in part1.splitlines() if line.strip()}
    for result in build([PLANS], [], Period.YEAR).results:
        missing = [g.goal.id for g in result.goals if g.goal.id not in first_words]
        assert not missing, (result.plan.id, missing)
    for word in STATUS_WORDS:
        assert word in text
    assert "Side 1 af" in text
    assert "[Analyse mangler]" in text


def test_docx_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    """A Word file on a terminal is noise (and escape bytes): refused, with what to do."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "docx"],
                              cwd=ROOT, stdout=follower, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert "skrives ikke til en terminal; angiv --output FIL" in done.stderr


def test_docx_goes_to_a_pipe() -> None:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "docx",
                           "plans/siri-2024.toml"], cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout[:2] == b"PK"  # a zip package
    document = docx.Document(io.BytesIO(done.stdout))
    assert document.paragraphs[0].text == "Målrapportering 2024"
