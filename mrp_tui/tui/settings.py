"""What the app remembers between runs: the chosen colour theme.

One small TOML file, `$XDG_CONFIG_HOME/mrp-tui/config.toml` (default `~/.config/mrp-tui/`),
written atomically. A file that cannot be read or makes no sense is ignored: a setting is
never worth a failed start.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path


def config_path() -> Path:
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "mrp-tui" / "config.toml"


def load_theme() -> str | None:
    """The theme chosen last time, or None (no file, or one that cannot be used)."""
    try:
        data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    theme = data.get("theme")
    return theme if isinstance(theme, str) and theme else None


def save_theme(theme: str) -> None:
    """Remember `theme` (OSError if the file cannot be written)."""
    from mrp_tui.core.writer import atomic_write  # only when a theme is chosen

    # A JSON string is a TOML basic string: quotes and backslashes escaped.
    atomic_write(config_path(), f"theme = {json.dumps(theme, ensure_ascii=False)}\n")
