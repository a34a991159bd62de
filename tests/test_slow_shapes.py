"""Issue 10 §4: the slow shapes of `bench/slow_shapes.py` each give a clear message and list at
most 100 problems, with a count of the rest. Their running time is a benchmark
(`python -m bench --only shapes`, BENCHMARKS.md), not asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from bench.slow_shapes import SHAPES, write_shapes
from mrp_tui.core import i18n
from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import MAX_ITEMS, MAX_KEY_PARTS, MAX_PROBLEMS, load_plan, read_toml


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_shapes(tmp_path_factory.mktemp("shapes"))


def problems(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_plan(path)
    return [str(p) for p in caught.value.problems]


def test_each_shape_is_about_a_mebibyte(shapes: dict[str, Path]) -> None:
    assert set(shapes) == set(SHAPES) == {"unknown-keys", "missing-groups", "dotted-keys",
                                          "many-items"}
    for path in shapes.values():
        assert 950_000 < path.stat().st_size <= 1024 * 1024


def test_60000_unknown_keys_list_the_first_100_and_count_the_rest(
        shapes: dict[str, Path]) -> None:
    path = shapes["unknown-keys"]
    lines = problems(path)
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f'{path}:16: mål 1: ukendt nøgle "ukendt_00000"'
    assert lines[99] == f'{path}:115: mål 1: ukendt nøgle "ukendt_00099"'
    unknown = path.read_text(encoding="utf-8").count("ukendt_")
    assert unknown > 60_000
    assert lines[-1] == f"{path}: … og {unknown - 100:,} problemer mere".replace(",", ".")


def test_2000_goals_naming_missing_groups(shapes: dict[str, Path]) -> None:
    path = shapes["missing-groups"]
    lines = problems(path)
    assert len(lines) == MAX_PROBLEMS + 1
    assert all('gruppen "grupe-' in line and "er ikke en [[group]] i denne plan" in line
               for line in lines[:100])
    # 28,000 groups are more than the suggestions' budget of comparisons: none is tried.
    assert "mente du" not in lines[0]
    assert lines[-1] == f"{path}: … og 1.900 problemer mere"


def test_a_key_of_half_a_million_parts_is_refused_before_parsing(shapes: dict[str, Path]) -> None:
    path = shapes["dotted-keys"]
    (line,) = problems(path)
    assert line.startswith(f"{path}:9: en nøgle eller et tabelnavn har mere end "
                           f"{MAX_KEY_PARTS} dele adskilt af punktum")


def test_a_mebibyte_of_tiny_statements_is_refused_before_parsing(
        shapes: dict[str, Path]) -> None:
    (line,) = problems(shapes["many-items"])
    assert "nøgler, værdier og tabeller; grænsen er 100.000" in line


@pytest.mark.parametrize(("text", "refused"), [
    ('goal."1.a".subgoal."1".actual = 5\n', False),  # five parts: the deepest a file needs
    ("a.b.c.d.e.f.g.h.i.j = 1\n", False),  # ten
    ("a.b.c.d.e.f.g.h.i.j.k = 1\n", True),  # eleven
    ("[a.b.c.d.e.f.g.h.i.j.k]\n", True),
    ('x = "a.b.c.d.e.f.g.h.i.j.k.l.m"\n', False),  # dots in a string are text
    ("x = '''\na.b.c.d.e.f.g.h.i.j.k.l.m\n'''\n", False),
    ("# a.b.c.d.e.f.g.h.i.j.k.l.m\n", False),
    ('x = """\\"""\na.b.c.d.e.f.g.h.i.j.k.l\n"""\n', False),  # an escaped quote stays inside
    ("x = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5]\n", False),
])
def test_the_dotted_key_pre_check(tmp_path: Path, text: str, refused: bool) -> None:
    path = tmp_path / "x.toml"
    path.write_text("format = 1\n" + text, encoding="utf-8")
    if refused:
        with pytest.raises(LoadError, match=r"x.toml:2: en nøgle eller et tabelnavn"):
            read_toml(path)
    else:
        read_toml(path)


def test_the_item_budget_leaves_room_for_the_largest_real_files(tmp_path: Path) -> None:
    from test_scale import figures_text, plan_text  # a plan of 5,000 goals (0.9 MiB)

    for name, text in (("skala-5000.toml", plan_text()), ("year.toml", figures_text())):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        read_toml(path)  # not refused
    at_limit = tmp_path / "many.toml"
    at_limit.write_text("".join(f"a{n}=1\n" for n in range(MAX_ITEMS)), encoding="utf-8")
    read_toml(at_limit)
    at_limit.write_text(at_limit.read_text() + "b=1\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"100\.001 nøgler, værdier og tabeller"):
        read_toml(at_limit)


def test_check_counts_the_unlisted_problems_and_speaks_english_on_request(
        shapes: dict[str, Path]) -> None:
    path = shapes["missing-groups"]
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--check", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert lines[-1] == "1 fil kontrolleret: 2.000 fejl, 0 advarsler"
    with i18n.using("en"):
        english = problems(path)
    assert english[-1] == f"{path}: … and 1,900 more problems"
    assert "is not a [[group]] of this plan" in english[0]
