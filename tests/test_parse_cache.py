"""The parse cache: the same data as parsing, never stale, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import tomllib
from pathlib import Path

import pytest

from mrp_tui.core import parse_cache
from mrp_tui.core.loader import load_plan, read_toml

PLANS = Path(__file__).resolve().parent.parent / "plans"


def entries() -> list[Path]:
    folder = parse_cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("*.pickle"))


def test_a_cached_file_gives_exactly_what_parsing_it_gives(tmp_path: Path) -> None:
    for source in sorted(PLANS.glob("*.toml")):
        copy = tmp_path / source.name
        copy.write_bytes(source.read_bytes())
        first, _ = read_toml(copy)  # parsed, and kept
        second, text = read_toml(copy)  # from the cache
        assert first == second == tomllib.loads(source.read_text(encoding="utf-8"))
        assert text == source.read_text(encoding="utf-8")
        assert load_plan(copy) == load_plan(source)
    assert len(entries()) == 2 * len(list(PLANS.glob("*.toml")))  # the copies and the sources


def test_an_edited_file_is_parsed_again_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('value = "one"\n', encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert read_toml(path)[0] == {"value": "one"}
    path.write_text('value = "two"\n', encoding="utf-8")  # same length
    os.utime(path, ns=(stamp, stamp))
    assert read_toml(path)[0] == {"value": "two"}
    assert read_toml(path)[0] == {"value": "two"}


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("n = 1\n", encoding="utf-8")
    read_toml(path)
    [entry] = entries()
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert read_toml(path)[0] == {"n": 1}
    assert parse_cache.load(parse_cache.slot(path), path.read_bytes()) == {"n": 1}  # rewritten


def test_a_planted_entry_cannot_run_code(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("n = 1\n", encoding="utf-8")
    read_toml(path)
    [entry] = entries()
    witness = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.mkdir, (str(witness),))

    resolved = str(path.resolve())
    entry.write_bytes(pickle.dumps((parse_cache.VERSION, resolved, path.read_bytes(),
                                    {"n": Payload()})))
    assert read_toml(path)[0] == {"n": 1}
    assert not witness.exists()


def test_a_folder_others_may_write_to_is_not_used(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = parse_cache.cache_dir()
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    assert parse_cache.cache_dir() is None
    path = tmp_path / "a.toml"
    path.write_text("n = 1\n", encoding="utf-8")
    assert read_toml(path)[0] == {"n": 1}
    assert not list(folder.iterdir())


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MRP_TUI_NO_CACHE", "1")
    path = tmp_path / "a.toml"
    path.write_text("n = 1\n", encoding="utf-8")
    assert read_toml(path)[0] == {"n": 1}
    monkeypatch.delenv("MRP_TUI_NO_CACHE")
    assert entries() == []


def test_a_file_with_errors_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("n = \n", encoding="utf-8")
    with pytest.raises(Exception, match="TOML-syntaksfejl"):
        read_toml(path)
    assert entries() == []
