"""Benchmarks for mrp-tui: start-up, --print, keystroke latency, scale and memory, each as a
ratio to a floor measured side by side in the same run. Run with ``python -m bench``."""
