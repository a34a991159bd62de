"""Data from files comes out literally in every format: rich markup is not interpreted,
terminal escapes and controls are made visible, HTML and markdown are escaped."""

from __future__ import annotations

import email
import email.policy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mrp_tui.cli import main

MARKUP = "[bold red]x[/]"
CSI = "\x1b[31m"
OSC8 = "\x1b]8;;http://e\x07"
PLAN = r'''format = 1
[plan]
agency = "Ond [bold red]x[/] <script>alert(1)</script> & | \u001b[31mstyrelse"
ministry = "Testministeriet"
year = 2024
title = "Plan \u001b]8;;http://e\u0007link & co"
source = "test"

[[goal]]
id = "1"
section = "faglig"
title = "[bold red]x[/] | <script>alert(1)</script> & \u001b[31mred \u001b]8;;http://e\u0007"
text = """[bold red]krav[/] <b>&amp;</b> | \u001b[2J
- punkt
1. punkt"""
note = "note [i]x[/] \u009b31m \u202eevil"
points = 50
measure = "at_least"
target = 10
unit = "[i]sager[/] <u>"

[[goal]]
id = "2"
section = "faglig"
title = "=HYPERLINK(\"http://e\") *fed* _x_ `kode`"
text = "x"
points = 50
  [[goal.subgoal]]
  id = "a"
  title = "delmål | <i>a</i>"
  text = "y"
  measure = "share"
  target_pct = 80
'''
FIGURES = r'''format = 1
plan = "hostile-2024"
period = "Q3"
as_of = 2024-09-30
[goal."1"]
actual = 4
[goal."2".subgoal."a"]
met = 5
total = 10
'''
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "hostile-2024.toml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "figures" / "hostile-2024").mkdir(parents=True)
    (tmp_path / "figures" / "hostile-2024" / "Q3.toml").write_text(FIGURES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def printed(fmt: str, *args: str) -> str:
    out = Path("out")
    assert main(["--print", "--format", fmt, "--output", str(out), *args]) == 0
    raw = out.read_bytes().decode("utf-8")
    body = raw.replace("\r\n", "\n")  # csv rows end in CRLF by design
    assert not RAW_CONTROLS.search(body), (fmt, RAW_CONTROLS.findall(body))
    return raw


def test_text(hostile: Path) -> None:
    for out in (printed("text"), printed("text", "--goal", "1")):
        assert MARKUP in out and "<script>alert(1)</script>" in out and "&" in out
        assert "\\x1b[31mred" in out and "\\x1b]8;;http://e\\x07" in out
    detail = printed("text", "--goal", "1")
    assert "[bold red]krav[/]" in detail and "\\x1b[2J" in detail and "\\x9b31m" in detail
    assert "\\u202eevil" in detail and "[i]sager[/] <u>" in detail


def test_markdown(hostile: Path) -> None:
    out = printed("markdown")
    assert r"\[bold red\]x\[/\]" in out and r"\<script\>" in out and r"\&" in out
    assert r"\*fed\* \_x\_ \`kode\`" in out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 8 for row in rows[1:])
    detail = printed("markdown", "--goal", "1")
    assert "> \\- punkt" in detail and "> 1\\. punkt" in detail


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_html(hostile: Path) -> None:
    for args in ((), ("--goal", "1")):
        out = printed("html", *args)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script" not in out
        parser = Text()
        parser.feed(out)
        assert {"script", "u", "i"}.isdisjoint(parser.tags)  # data made no elements
        text = "".join(parser.data)
        assert "<script>alert(1)</script> & |" in text and MARKUP in text
        assert "<u>" in text and "\\x1b[31m" in text
    assert "delmål | &lt;i&gt;a&lt;/i&gt;" in printed("html")


def test_json_keeps_the_exact_strings(hostile: Path) -> None:
    out = printed("json")
    plan = json.loads(out)["plans"][0]
    assert plan["agency"] == "Ond [bold red]x[/] <script>alert(1)</script> & | \x1b[31mstyrelse"
    assert plan["goals"][0]["title"].endswith(OSC8)
    assert "\\u001b[31m" in out  # escaped in the document, exact once parsed


def test_csv(hostile: Path) -> None:
    out = printed("csv")
    assert MARKUP in out and "<script>alert(1)</script>" in out and "\\x1b[31m" in out
    assert ";\"'=HYPERLINK(\"\"http://e\"\") *fed* _x_ `kode`\";" in out  # not a formula


def test_email(hostile: Path) -> None:
    out = printed("email", "--to", "x@example.org")
    msg = email.message_from_string(out, policy=email.policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    text, html = (part.get_content() for part in msg.iter_parts())
    assert MARKUP in text and not RAW_CONTROLS.search(text)
    assert "&lt;script&gt;" in html and "<script" not in html
    assert "\n" not in str(msg["Subject"]) and "Ond [bold red]x[/]" in str(msg["Subject"])
