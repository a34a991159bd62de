"""A private OpenSSH server on 127.0.0.1 and an `ssh -tt` session read through a terminal
emulator (pyte), for the end-to-end test in test_ssh.py.

Everything lives in one temporary folder: host key, user key, authorized_keys, known_hosts,
sshd_config, pid file and log. The server listens on a free port, accepts only the generated
key, and runs no PAM; it is stopped (by its own pid) when the test ends.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pyte

SSHD = Path("/usr/sbin/sshd")
#: Keys as a terminal sends them.
KEYS = {"down": "\x1b[B", "up": "\x1b[A", "enter": "\r", "escape": "\x1b", "ctrl+s": "\x13",
        "ctrl+a": "\x01", "backspace": "\x7f", "tab": "\t"}


#: The kitty keyboard protocol (push/pop flags), which pyte would print as text.
KITTY_KEYS = re.compile(rb"\x1b\[[<>=?][0-9;]*u")


class AltScreen(pyte.Screen):  # type: ignore[misc]
    """pyte's screen plus the alternate screen (mode 1049), which pyte lacks: what the app
    drew goes away when it leaves, and the shell's screen comes back, as in xterm."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.alternate = False
        self._saved: tuple[object, int, int] | None = None

    def set_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and 1049 in modes and not self.alternate:
            self._saved = (copy.deepcopy(self.buffer), self.cursor.x, self.cursor.y)
            self.alternate = True
            self.erase_in_display(2)
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and 1049 in modes and self.alternate:
            self.alternate = False
            if self._saved is not None:
                buffer, x, y = self._saved
                self.buffer.clear()
                self.buffer.update(buffer)
                self.cursor.x, self.cursor.y = x, y
                self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def keygen(path: Path) -> str:
    """A new ed25519 key pair at `path`; returns the public key line."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mrp-tui-test",
                    "-f", str(path)], check=True, capture_output=True, timeout=30)
    return path.with_suffix(".pub").read_text().strip()


class SshServer:
    """sshd -D on 127.0.0.1:<free port>, configured only from files in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.user = os.environ.get("USER") or subprocess.run(
            ["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> str:
        path = self.folder / "sshd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> None:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        host_pub = keygen(folder / "host_ed25519")
        (folder / "authorized_keys").write_text(keygen(folder / "id_ed25519") + "\n")
        # sshd run as root insists on its privilege separation folder (Debian's service
        # creates it at boot; in a container nobody has).
        with contextlib.suppress(PermissionError):
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        for _attempt in range(5):  # the free port may be taken before sshd binds it
            self.port = free_port()
            (folder / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_pub}\n")
            (folder / "sshd_config").write_text(self._config())
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-f", str(folder / "sshd_config"), "-E",
                 str(folder / "sshd.log")], stdin=subprocess.DEVNULL)
            if self._listening():
                return
            self.stop()
        raise RuntimeError(f"sshd did not start:\n{self.log}")

    def _config(self) -> str:
        f = self.folder
        return "\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {f / 'host_ed25519'}",
            f"PidFile {f / 'sshd.pid'}",
            f"AuthorizedKeysFile {f / 'authorized_keys'}",
            "AuthenticationMethods publickey",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",  # the tests run as root
            "StrictModes no",  # the keys are in a temporary folder
            f"AllowUsers {self.user}",
            "PrintMotd no",
            "PrintLastLog no",
            "X11Forwarding no",
            "AllowTcpForwarding no",
            "PermitTTY yes",
            "LogLevel VERBOSE",
            "",
        ])

    def _listening(self, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError), \
                    socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                if sock.recv(64).startswith(b"SSH-2.0-"):
                    return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def ssh_command(self, remote: str) -> list[str]:
        """`ssh -tt` to this server as the current user, with its own files only."""
        f = self.folder
        return ["ssh", "-tt", "-F", "/dev/null", "-p", str(self.port),
                "-i", str(f / "id_ed25519"), "-o", "IdentitiesOnly=yes",
                "-o", f"UserKnownHostsFile={f / 'known_hosts'}",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                f"{self.user}@127.0.0.1", remote]


class Terminal:
    """One `ssh -tt` session in a pexpect pty of a given size; its output is kept raw (to look
    for escape sequences) and rendered by pyte (to read the screen as a person sees it)."""

    def __init__(self, command: list[str], term: str, cols: int, rows: int,
                 cwd: Path | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "SSH_"))}
        env.update(TERM=term, LANG="C.UTF-8")
        self.child = pexpect.spawn(command[0], command[1:], env=env, dimensions=(rows, cols),
                                   encoding=None, timeout=30, cwd=cwd)
        self.screen = AltScreen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    # ------------------------------------------------------------------ reading

    def pump(self, seconds: float = 0.05) -> bool:
        """Read what is there (waiting up to `seconds`); False once the session has ended."""
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.raw.extend(data)
        self.stream.feed(KITTY_KEYS.sub(b"", data))
        return True

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, wanted: str | re.Pattern[str], timeout: float = 30) -> str:
        """Pump until `wanted` is on the screen; the screen then."""
        deadline = time.monotonic() + timeout
        while True:
            found = (wanted.search(self.text) if isinstance(wanted, re.Pattern)
                     else wanted in self.text)
            if found:
                return self.text
            if time.monotonic() > deadline or not self.pump(0.1):
                raise AssertionError(f"{wanted!r} not on the screen:\n{self.text}")

    def wait_raw(self, wanted: bytes, start: int = 0, timeout: float = 30) -> int:
        """Pump until the raw output from `start` holds `wanted`; where it was found."""
        deadline = time.monotonic() + timeout
        while (at := self.raw.find(wanted, start)) < 0:
            if time.monotonic() > deadline or not self.pump(0.1):
                raise AssertionError(f"{wanted!r} never came; last output:\n"
                                     f"{bytes(self.raw[-2000:])!r}")
        return at

    def settle(self, quiet: float = 0.5, timeout: float = 10) -> None:
        """Pump until nothing new has come for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, since = len(self.raw), time.monotonic()
        while time.monotonic() < deadline:
            if not self.pump(0.05):
                return
            if len(self.raw) != last:
                last, since = len(self.raw), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    # ------------------------------------------------------------------ writing

    def send(self, text: str) -> None:
        self.child.send(text.encode("utf-8"))

    def keys(self, *names: str, pause: float = 0.2) -> None:
        """Press keys by name (see KEYS) or as text, giving the app time after each."""
        for name in names:
            self.send(KEYS.get(name, name))
            deadline = time.monotonic() + pause
            while time.monotonic() < deadline:
                self.pump(0.05)

    def resize(self, cols: int, rows: int) -> None:
        """As a terminal window resized: the pty's size (ssh forwards it) and the emulator's."""
        self.child.setwinsize(rows, cols)
        self.screen.resize(rows, cols)

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
        self.child.close(force=True)


@contextlib.contextmanager
def server(folder: Path) -> Iterator[SshServer]:
    running = SshServer(folder)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def have_openssh() -> bool:
    return SSHD.is_file() and shutil.which("ssh") is not None \
        and shutil.which("ssh-keygen") is not None
