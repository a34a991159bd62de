"""The rules for names and ids, shared by what reads files and what writes them.

Kept apart from both so that the loader and the writer can import them without importing
each other: a scenario name is checked by the same rule when it is typed, saved and loaded.
"""

from __future__ import annotations

import re
import unicodedata

#: A plan id (the plan file's stem): lower-case ASCII letters, digits and hyphens.
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
#: A scenario's name, which is also its file name: letters (æøå too), digits, space, - _ .
SCENARIO_NAME = re.compile(r"^[A-Za-z0-9æøåÆØÅ][A-Za-z0-9æøåÆØÅ _.-]{0,79}\Z")


def is_scenario_name(name: str) -> bool:
    """A name that can be a file name in any folder: no slash, no leading dot or space, no
    trailing space, at most 80 characters."""
    return bool(SCENARIO_NAME.match(name)) and name.strip() == name


def normal_id(goal_id: str) -> str:
    """A goal, subgoal or group id as compared: in Unicode NFC, so that an "é" typed as one
    character and one written as "e" plus an accent are the same id."""
    return goal_id if goal_id.isascii() else unicodedata.normalize("NFC", goal_id)
