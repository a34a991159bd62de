"""`python -m bench --only excel` runs the Excel measure and writes its own section of the
report, keeping everything else in the file (no timing is asserted: see tests/test_bench.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from bench.run import KEEP_MARKER


def test_the_excel_section_is_written_and_the_rest_kept(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    report.write_text(f"# Benchmarks\n\nearlier numbers\n{KEEP_MARKER}\nnotes by hand\n",
                      encoding="utf-8")
    for _ in range(2):  # the second run replaces the section, it does not add another
        done = subprocess.run([sys.executable, "-m", "bench", "--only", "excel", "--quick",
                               "--output", str(report)], cwd=ROOT, capture_output=True,
                              text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nearlier numbers\n") and "notes by hand" in text
    assert text.count("## Excel: template and import of a 200-goal plan") == 1
    assert "--template gen-0001" in text and "openpyxl modules it imports: 0" in text
