"""Measure 5: peak memory of the app on the five bundled plans against the bare Textual app.

Each run is a fresh process that runs one app headless under `run_test` at 80x24 until it is
idle, then reports its peak resident set size (`ru_maxrss`).

Run one probe: ``python -m bench.memory mrp|bare``.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from typing import Any


async def _run(which: str) -> dict[str, Any]:
    from textual.app import App

    from bench.stats import ROOT

    app: App[Any]
    if which == "mrp":
        from mrp_tui.tui.app import create_app

        app = create_app([ROOT / "plans"])
    else:
        from bench.bare_app import BareApp

        app = BareApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = " ".join(str(s) for s in app.screen.query("DataTable"))  # the table is there
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"which": which, "max_rss_kib": rss, "ok": bool(text)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in (["mrp"], ["bare"]):
        print("usage: python -m bench.memory mrp|bare", file=sys.stderr)
        return 2
    json.dump(asyncio.run(_run(args[0])), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
