"""The Textual app: a thin layer over `mrp_tui.core` (which never imports this package)."""
