"""mrp-tui: a terminal scorecard for Danish government performance contracts."""

__version__ = "0.1.0"
