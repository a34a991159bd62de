"""Golden files: every --print format of the bundled plans with the fixture figures.

The files in tests/golden/ are compared byte for byte (email after normalising its Date,
Message-ID and MIME boundary). After a deliberate change, regenerate and review the diff:

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_print_golden.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from mrp_tui.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
HJS = "plans/hjemrejsestyrelsen-2024.toml"
EMAIL = ["--to", "ledelse@example.org", "--from", "Departementet <dep@example.org>"]

CASES: dict[str, list[str]] = {
    "all.txt": ["--format", "text"],
    "all.md": ["--format", "markdown"],
    "all.html": ["--format", "html"],
    "all.json": ["--format", "json"],
    "all.csv": ["--format", "csv"],
    "all.eml": ["--format", "email", *EMAIL],
    "hjs-2024-q3.txt": [HJS, "--period", "Q3"],
    "hjs-2024-q3.en.md": [HJS, "--period", "Q3", "--format", "markdown", "--lang", "en"],
    "hjs-2024-q3-goal-1a.txt": [HJS, "--period", "Q3", "--goal", "1.a"],
    "hjs-2024-q3-goal-1a.html": [HJS, "--period", "Q3", "--goal", "1.a", "--format", "html"],
    "siri-2024-q3.csv": ["plans/siri-2024.toml", "--period", "Q3", "--format", "csv"],
    # --history: every period with figures, and last year's plan (year links)
    "hjs-2024-history.txt": [HJS, "--history"],
    "hjs-2024-history.md": [HJS, "--history", "--format", "markdown"],
    "hjs-2024-history.html": [HJS, "--history", "--format", "html"],
    "hjs-2024-history.json": [HJS, "--history", "--format", "json"],
    "hjs-2024-history.csv": [HJS, "--history", "--format", "csv"],
    "hjs-2024-history.eml": [HJS, "--history", "--format", "email", *EMAIL],
    "hjs-2024-q3-history.en.txt": [HJS, "--history", "--period", "Q3", "--lang", "en"],
    "hjs-2024-history-goal-2.2.txt": [HJS, "--history", "--goal", "2.2"],
    "hjs-2024-history-goal-1b.md": [HJS, "--history", "--goal", "1.b", "--format", "markdown"],
}


def normalise_email(text: str) -> str:
    """The parts of a message that differ on every run, replaced by fixed stand-ins."""
    text = re.sub(r"^Date: .*$", "Date: <date>", text, flags=re.MULTILINE)
    text = re.sub(r"^Message-ID: .*$", "Message-ID: <id>", text, flags=re.MULTILINE)
    boundaries = set(re.findall(r'boundary="([^"]+)"', text))
    for boundary in boundaries:
        text = text.replace(boundary, "BOUNDARY")
    return text


def render(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.chdir(ROOT)  # plans/ here, figures from fixtures/figures
    out = tmp_path / "out"
    assert main(["--print", *args, "--output", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    produced = render(CASES[name], tmp_path, monkeypatch)
    if name.endswith(".eml"):
        produced = normalise_email(produced.decode("utf-8")).encode("utf-8")
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(produced)
    assert golden.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1"
    assert produced == golden.read_bytes(), f"{name} differs from tests/golden/{name}"


def test_golden_email_normalising_keeps_the_content() -> None:
    text = (GOLDEN / "all.eml").read_text(encoding="utf-8")
    assert "Date: <date>" in text and "Message-ID: <id>" in text
    assert text.count("--BOUNDARY") == 3  # two parts and the closing delimiter


def test_piped_stdout_is_the_golden_text() -> None:
    """What a cron job gets through a pipe is what the golden file holds."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print"], cwd=ROOT, env=env,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert done.stdout == (GOLDEN / "all.txt").read_bytes()
