"""The JSON Schemas in schema/ stay in step with the loader."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import FIGURES, PLANS, ROOT

from mrp_tui.core import schema

BAD = ROOT / "fixtures" / "bad"


def as_json(value: Any) -> Any:
    """TOML data as a TOML editor hands it to a JSON Schema: dates become strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    return as_json(tomllib.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_checked_in_schema_is_current(name: str) -> None:
    assert (ROOT / "schema" / name).read_text(encoding="utf-8") == schema.render(name), \
        "run: python -m mrp_tui.core.schema"


def test_plans_and_fixtures_validate() -> None:
    plan_validator = jsonschema.Draft7Validator(schema.plan_schema())
    figures_validator = jsonschema.Draft7Validator(schema.figures_schema())
    for path in PLANS.glob("*.toml"):
        assert not list(plan_validator.iter_errors(load(path))), path
    for path in FIGURES.rglob("*.toml"):
        assert not list(figures_validator.iter_errors(load(path))), path


@pytest.mark.parametrize(("name", "validator"), [
    ("plan-near-misses.toml", schema.plan_schema),
    ("plan-points-mismatch.toml", schema.plan_schema),
    ("figures-wrong-inputs.toml", schema.figures_schema),
])
def test_schema_rejects_what_the_loader_rejects(name: str, validator: Any) -> None:
    errors = list(jsonschema.Draft7Validator(validator()).iter_errors(load(BAD / name)))
    assert errors
