"""--print html and email: a self-contained, email-safe document; a sendable MIME message."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from mrp_tui.cli import main


def printed(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert main(["--print", *args, "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


class Collect(HTMLParser):
    """Tags, attributes and table classes, failing on anything unbalanced."""

    VOID = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.tables: list[str | None] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "table":
            self.tables.append(dict(attrs).get("class"))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    parser.close()
    assert parser.open == [], parser.open
    return parser


def test_html_is_self_contained_and_has_one_table_per_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = printed(["--format", "html"], tmp_path, monkeypatch)
    doc = parse(html)
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert doc.tables.count("plan") == 5  # one per plan
    assert doc.tables.count("overview") == 1 and len(doc.tables) == 6
    assert not {"script", "style", "link", "img", "iframe", "object"} & set(doc.tags)
    names = {name for name, _ in doc.attrs}
    assert not {"src", "href"} & names and not any(n.startswith("on") for n in names)
    assert "http" not in html.lower()  # nothing fetched from anywhere
    text = "".join(doc.text)
    assert "Hjemrejsestyrelsen 2024 – året" in text and "EKSEMPELTAL" in text


def test_html_single_plan_has_exactly_one_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = printed(["plans/siri-2024.toml", "--format", "html"], tmp_path, monkeypatch)
    assert parse(html).tables == ["plan"]


def message(args: list[str], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> email.message.EmailMessage:
    raw = printed(["--format", "email", *args], tmp_path, monkeypatch)
    parsed = email.message_from_string(raw, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def test_email_is_multipart_alternative_with_text_and_html_in_utf8(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = message(["--to", "x@example.org", "--to", "Chef <chef@example.org>",
                   "--from", "Departementet <dep@example.org>"], tmp_path, monkeypatch)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.defects == []
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    assert "Hjemrejsestyrelsen 2024 – året" in text and "\x1b" not in text
    assert max(map(len, text.splitlines())) <= 80
    assert parse(html).tables.count("plan") == 5
    assert [a.addr_spec for a in msg["To"].addresses] == ["x@example.org", "chef@example.org"]
    assert msg["From"].addresses[0].addr_spec == "dep@example.org"
    assert msg["Date"].datetime is not None
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.org>")
    assert msg["MIME-Version"] == "1.0"


def test_email_subject_names_the_agencies_and_the_period(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = message(["plans/siri-2024.toml", "plans/hjemrejsestyrelsen-2024.toml", "--period",
                   "Q3", "--to", "x@example.org"], tmp_path, monkeypatch)
    subject = str(msg["Subject"])
    assert "Hjemrejsestyrelsen 2024" in subject and "3. kvartal" in subject
    assert "Styrelsen for International Rekruttering og Integration 2024" in subject
    own = message(["--subject", "Status æøå", "--to", "x@example.org"], tmp_path, monkeypatch)
    assert str(own["Subject"]) == "Status æøå"


def test_email_is_7bit_with_lf_lines_as_sendmail_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = printed(["--format", "email", "--to", "x@example.org"], tmp_path, monkeypatch)
    assert raw.isascii()  # quoted-printable and encoded words: any MTA takes it
    assert "\r" not in raw
    assert max(map(len, raw.splitlines())) <= 76


@pytest.mark.parametrize("args", [[], ["--width", "200"], ["plans/hjemrejsestyrelsen-2024.toml",
                                                           "--goal", "1.a", "--width", "150"]])
def test_email_lines_are_at_most_76_and_decode_to_the_text(
        args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 2045 §6.7: quoted-printable lines of at most 76 characters (soft breaks included),
    headers too; and the soft breaks decode back to the text exactly."""
    raw = printed(["--format", "email", "--to", "x@example.org", *args], tmp_path, monkeypatch)
    too_long = [line for line in raw.splitlines() if len(line) > 76]
    assert too_long == []
    text = printed(["--format", "text", *args], tmp_path, monkeypatch)
    message = email.message_from_string(raw, policy=email.policy.default)
    plain = message.get_body(("plain",))
    assert plain is not None and plain.get_content() == text


def test_bad_address_is_bad_input() -> None:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "email",
                           "--to", "not an address"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert "--to" in done.stderr and "Traceback" not in done.stderr


def test_email_without_to_says_so_on_stderr() -> None:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "email"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "ingen --to" in done.stderr and "ingen --to" not in done.stdout
