"""Measures 1 and 2: `--print` against a bare import, and the TUI's first useful paint in a
real pseudo-terminal against a bare Textual app. Each run is a fresh process."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.stats import ROOT

PRINT_CMD = (sys.executable, "-m", "mrp_tui", "--print", "plans/")
IMPORT_FLOOR_CMD = (sys.executable, "-c", "import rich.console, rich.table, attrs, tomllib")
TUI_CMD = (sys.executable, "-m", "mrp_tui")
BARE_TUI_CMD = (sys.executable, "bench/bare_app.py")
#: The text that makes the first screen useful: an agency name in the overview's table.
MARKER = b"Hjemrejsestyrelsen"
ROWS, COLS = 24, 80


def child_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured program: this process's (see `bench.stats.isolate`),
    or `base`, in an 80x24 xterm-256color terminal."""
    env = dict(os.environ if base is None else base)
    env["TERM"] = "xterm-256color"
    env.setdefault("LANG", "C.UTF-8")
    env["COLUMNS"], env["LINES"] = str(COLS), str(ROWS)
    for noisy in ("TEXTUAL", "TEXTUAL_DEVTOOLS_PORT", "PYTHONPROFILEIMPORTTIME"):
        env.pop(noisy, None)
    return env


def time_command(cmd: Sequence[str], want_output: bool = False,
                 env: dict[str, str] | None = None) -> float:
    """Seconds from spawn to exit, stdout to a pipe (read in full), stderr discarded."""
    env = env or child_env()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or (want_output and not done.stdout):
        raise RuntimeError(f"{' '.join(cmd)} failed with exit code {done.returncode}")
    return elapsed


@dataclass(frozen=True)
class Paint:
    seconds: float  # spawn to the marker in the output stream
    max_rss_kib: int  # the child's peak resident memory when it was killed
    bytes_read: int


def first_paint(cmd: Sequence[str], marker: bytes = MARKER, timeout: float = 60.0,
                env: dict[str, str] | None = None) -> Paint:
    """Spawn `cmd` in an 80x24 pseudo-terminal; time until `marker` appears in its output.

    The child is killed (SIGKILL) as soon as the marker is seen, and reaped with wait4 for
    its peak RSS.
    """
    env = env or child_env()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal before anything reads it, then exec
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.chdir(ROOT)
            os.execve(cmd[0], list(cmd), env)
        finally:
            os._exit(127)
    seen = bytearray()
    found_at: float | None = None
    try:
        deadline = start + timeout
        while found_at is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{' '.join(cmd)}: no {marker!r} within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{' '.join(cmd)} ended before showing {marker!r}: "
                                   f"{bytes(seen[-400:])!r}")
            # Search only the new bytes and the marker's length before them.
            tail = len(seen) - len(marker)
            seen += chunk
            if seen.find(marker, max(tail, 0)) >= 0:
                found_at = time.perf_counter()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    return Paint(found_at - start, usage.ru_maxrss, len(seen))
