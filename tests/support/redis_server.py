"""A private redis-server on a free loopback port, started (and stopped, paused, restarted) by tests.

Without ``redis-server`` (or the ``redis`` client) the tests that need it skip on a
developer's machine and fail in CI (``CI`` set), where ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest


def unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must run the Redis tests (.ci/run installs redis-server)")
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """One redis-server process on 127.0.0.1; ``persist`` keeps data across restarts (AOF, fsync always)."""

    def __init__(self, workdir: Path, *, persist: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not installed")
        try:
            import redis  # noqa: F401
        except ImportError:
            unavailable("the redis client is not installed (pip install redis)")
        assert binary is not None
        self.binary, self.workdir, self.persist = binary, workdir, persist
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        for _attempt in range(5):
            self.port = _free_port()
            if self.start():
                return
        pytest.fail("could not start redis-server on a free loopback port")

    def client(self, **options: Any) -> Any:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, **options)

    def start(self) -> bool:
        """Start on ``self.port``; False if it exited (port taken) or never answered."""
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             *persistence, "--dir", str(self.workdir), "--daemonize", "no",
             "--enable-debug-command", "local"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        probe = self.client(socket_timeout=1)
        try:
            deadline = time.monotonic() + 10
            while self.proc.poll() is None and time.monotonic() < deadline:
                try:
                    probe.ping()
                    return True
                except Exception:
                    time.sleep(0.02)
            self.proc.kill()
            self.proc.wait()
            return False
        finally:
            probe.close()

    def kill(self) -> None:
        """SIGKILL: no goodbye to clients, whatever was in flight is cut."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        deadline = time.monotonic() + 10
        while not self.start():
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not come back on its port")
            time.sleep(0.1)

    def pause(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.resume()
            self.proc.terminate()
            self.proc.wait(timeout=10)
