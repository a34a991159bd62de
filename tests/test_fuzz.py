"""Fuzzing the loader: any bytes give a Plan or Figures, or a LoadError listing at least one
problem, each a single printable line; nothing else ever escapes (bounded for CI)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import load_figures, load_plan, parse_figures, parse_plan, read_toml
from mrp_tui.core.model import Figures, Plan
from mrp_tui.core.scoring import score_plan

#: Bounded and repeatable in CI; `MRP_FUZZ_EXAMPLES=20000` explores further, afresh each run.
EXAMPLES = int(os.environ.get("MRP_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="MRP_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PLAN = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
PLAN_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(PLANS.glob("*.toml"))]
FIGURES_TEXTS = [(FIGURES / "hjemrejsestyrelsen-2024" / f"{period}.toml").read_text("utf-8")
                 for period in ("Q3", "year")]
#: What TOML turns on, so that mutations reach past the first syntax error often enough.
TOML_CHARS = '[]{}="\'.,#\n\t -_0123456789abcdefxnite+:TZ\\æ\x00\x1b\u202e'


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def assert_loaded_or_refused(path: Path, kind: type[Plan] | type[Figures]) -> None:
    """Loading `path` as a plan (or figures, also checked against a real plan) gives `kind`,
    which scores, or a LoadError whose every problem prints as one line."""
    try:
        if kind is Plan:
            result: Plan | Figures = load_plan(path)
        else:
            data, text = read_toml(path)
            result = parse_figures(data, path, text)
            result = parse_figures(data, path, text, PLAN)
    except LoadError as err:
        assert err.problems
        for problem in err.problems:
            line = str(problem)
            assert line.startswith(str(path)) and "\n" not in line and "\x1b" not in line
        return
    assert isinstance(result, kind)
    # What loads also scores: the loader lets nothing through that the engine chokes on.
    if isinstance(result, Plan):
        score_plan(result)
    else:
        score_plan(PLAN, result)


def mutate(text: str, edits: list[tuple[float, int, str]]) -> str:
    """Flip, insert or delete a character at each (relative position, operation, character)."""
    chars = list(text)
    for where, op, char in edits:
        at = min(int(where * len(chars)), max(len(chars) - 1, 0))
        if op == 0 and chars:
            chars[at] = char
        elif op == 1:
            chars.insert(at, char)
        elif chars:
            del chars[at]
    return "".join(chars)


EDITS = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 2),
                           st.one_of(st.sampled_from(TOML_CHARS), st.characters())),
                 min_size=1, max_size=8)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_plan(scratch: Path, data: bytes) -> None:
    path = scratch / "fuzz-plan.toml"
    path.write_bytes(data)
    assert_loaded_or_refused(path, Plan)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_figures(scratch: Path, data: bytes) -> None:
    path = scratch / "fuzz-figures.toml"
    path.write_bytes(data)
    assert_loaded_or_refused(path, Figures)


@FUZZ
@given(st.sampled_from(PLAN_TEXTS), EDITS)
def test_mutated_real_plans(scratch: Path, text: str, edits: list[tuple[float, int, str]]) -> None:
    path = scratch / "mutated-plan.toml"
    path.write_text(mutate(text, edits), encoding="utf-8", errors="surrogatepass")
    assert_loaded_or_refused(path, Plan)


@FUZZ
@given(st.sampled_from(FIGURES_TEXTS), EDITS)
def test_mutated_real_figures(scratch: Path, text: str,
                              edits: list[tuple[float, int, str]]) -> None:
    path = scratch / "mutated-figures.toml"
    path.write_text(mutate(text, edits), encoding="utf-8", errors="surrogatepass")
    assert_loaded_or_refused(path, Figures)


@FUZZ
@given(st.sampled_from(FIGURES_TEXTS), st.sampled_from(["actual", "met", "total", "baseline",
                                                        "forecast", "average", "values",
                                                        "done_on", "verdict", "reason"]),
       st.one_of(st.integers(), st.floats(), st.text(max_size=20), st.booleans(), st.dates(),
                 st.lists(st.one_of(st.integers(), st.floats()), max_size=4)))
def test_figures_with_any_value_for_any_input(scratch: Path, text: str, name: str,
                                              value: object) -> None:
    """Well-formed TOML, wrong values: every input of every goal gets `value`."""
    import tomllib

    import tomli_w

    data = tomllib.loads(text)
    for goal in data["goal"].values():
        for inputs in [goal, *goal.get("subgoal", {}).values()]:
            inputs[name] = value
    path = scratch / "values-figures.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert_loaded_or_refused(path, Figures)


def test_deep_nesting_at_every_depth_is_a_clean_problem(scratch: Path) -> None:
    """Around and far past the interpreter's recursion limit: a result or a clean problem."""
    for depth in (10, 300, 490, 1000, 5000, 50_000):
        for opening, closing in (("[", "]"), ("{a = ", "}")):
            path = scratch / "deep.toml"
            path.write_text(f"format = 1\nx = {opening * depth}1{closing * depth}\n")
            assert_loaded_or_refused(path, Plan)
            assert_loaded_or_refused(path, Figures)


def test_the_fuzzed_loader_still_reads_the_real_files() -> None:
    """The corpus above is meaningful only if unmutated files load."""
    for text in PLAN_TEXTS:
        import tomllib

        assert isinstance(parse_plan(tomllib.loads(text), Path("x.toml"), text), Plan)
    assert load_figures(FIGURES / "hjemrejsestyrelsen-2024" / "Q3.toml", PLAN).goals
