"""Reading plan and figures files (format 1) into the domain model: the one door.

The work is done in smaller rooms, re-exported here so that callers need know only this one:
`toml_read` (size, kind and encoding, the pre-check of what tomllib is slow on, the parse
cache), `toml_lines` (where things stand in the text), `reader` (typed values and problems),
`plan_loader` (plans) and `figures_loader` (figures, scenarios and their check against a plan).
"""

from __future__ import annotations

from mrp_tui.core.figures_loader import (
    FIGURES_KEYS,
    GOAL_FIGURES_KEYS,
    NUMBER_INPUTS,
    OVERRIDE_KEYS,
    check_figures,
    input_problems,
    load_figures,
    merged_problems,
    named_period,
    parse_figures,
)
from mrp_tui.core.names import PLAN_ID, SCENARIO_NAME
from mrp_tui.core.plan_loader import (
    GOAL_KEYS,
    GROUP_KEYS,
    LEAF_KEYS,
    MEASURE_PARAMS,
    PLAN_KEYS,
    PLAN_TABLE_KEYS,
    SUBGOAL_KEYS,
    load_plan,
    parse_plan,
)
from mrp_tui.core.reader import (
    FORMAT,
    MAX_NUMBER,
    MAX_PROBLEMS,
    MIN_NUMBER,
    Reader,
    number_problem,
    suggest,
)
from mrp_tui.core.toml_read import MAX_FILE_BYTES, MAX_ITEMS, MAX_KEY_PARTS, read_toml

__all__ = [
    "FIGURES_KEYS",
    "FORMAT",
    "GOAL_FIGURES_KEYS",
    "GOAL_KEYS",
    "GROUP_KEYS",
    "LEAF_KEYS",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_KEY_PARTS",
    "MAX_NUMBER",
    "MAX_PROBLEMS",
    "MEASURE_PARAMS",
    "MIN_NUMBER",
    "NUMBER_INPUTS",
    "OVERRIDE_KEYS",
    "PLAN_ID",
    "PLAN_KEYS",
    "PLAN_TABLE_KEYS",
    "SCENARIO_NAME",
    "SUBGOAL_KEYS",
    "Reader",
    "check_figures",
    "input_problems",
    "load_figures",
    "load_plan",
    "merged_problems",
    "named_period",
    "number_problem",
    "parse_figures",
    "parse_plan",
    "read_toml",
    "suggest",
]
