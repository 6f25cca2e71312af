"""Start and stop the app under gunicorn (production settings, gunicorn.conf.py) on a free loopback port."""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench.loadgen import fetch

ROOT = Path(__file__).resolve().parent.parent
# gunicorn access-log lines start with the time as [28/Nov/2026:02:22:21 +0000].
_ACCESS_LINE = re.compile(r"^\[\d{2}/\w{3}/\d{4}:")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class GunicornServer:
    def __init__(self, env: dict, *, host: str, port: int, workers: int, log_path: Path):
        self.env = {**env, "GUNICORN_BIND": f"{host}:{port}", "GUNICORN_WORKERS": str(workers)}
        self.host = host
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, *, ready_timeout: float = 60.0) -> None:
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [str(gunicorn), "--config", str(ROOT / "gunicorn.conf.py"), "followon.config.wsgi:application"]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if fetch(self.host, self.port, "/healthz", timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {ready_timeout:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # gunicorn's master stops its workers on SIGTERM; the session group catches any stragglers.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self._log.close()
        self.process = None

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's log, access-log lines left out (errors are what matter)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join([line for line in text.splitlines() if not _ACCESS_LINE.match(line)][-lines:])
