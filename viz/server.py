"""Start the front end's Solara server as a subprocess (browser tests, screenshots, benchmarks).

``with serve() as url:`` starts ``solara run viz/app.py`` on a free loopback port, waits until
it answers HTTP, yields the URL and stops the server afterwards. It waits on the port and the
process, never on a fixed sleep.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
#: Arguments for Debian's chromium under Playwright (ENVIRONMENT.md: no sandbox, no network
#: side channels, no first-run dialogs).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


#: Front-end files the charts load from Solara's asset cache (see ``viz/vegachart.vue``);
#: ``.ci/setup-assets`` puts them there next to Solara's own.
VEGA_ASSETS = (
    "vega@5/build/vega.min.js",
    "vega-lite@5/build/vega-lite.min.js",
    "vega-embed@6/build/vega-embed.min.js",
)


def missing_assets() -> list[str]:
    """Vega files absent from Solara's asset cache (the charts stay blank offline without them)."""
    from solara.server.settings import assets

    return [f for f in VEGA_ASSETS if not (Path(assets.proxy_cache_dir) / f).is_file()]


class ServerError(RuntimeError):
    """The Solara server did not come up; the message carries the end of its log."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def solara_command(host: str, port: int, *, production: bool = True) -> list[str]:
    """``solara run viz/app.py`` with the venv's solara, on ``host:port``.

    ``production`` turns off Solara's file watcher: a file saved mid-test must not restart the
    server under the browser.
    """
    exe = Path(sys.executable).with_name("solara")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "solara"]
    cmd += ["run", str(APP), "--host", host, "--port", str(port)]
    if production:
        cmd.append("--production")
    return cmd


def _answers(host: str, port: int) -> bool:
    conn = http.client.HTTPConnection(host, port, timeout=2)
    try:
        conn.request("GET", "/")
        return conn.getresponse().status < 500
    except OSError:  # not listening yet, or too busy to answer within the timeout
        return False
    finally:
        conn.close()  # also when it timed out (an unclosed socket fails the tests' setup)


@contextlib.contextmanager
def serve(**kwargs) -> Iterator[str]:
    """Run the app in a subprocess; yields its URL once it answers HTTP (see `serve_process`)."""
    with serve_process(**kwargs) as (url, _proc):
        yield url


@contextlib.contextmanager
def serve_process(
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    log_path: str | Path | None = None,
    timeout: float = 90.0,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app in a subprocess; yields its URL and process once it answers HTTP.

    The server is stopped with SIGTERM afterwards (SIGKILL if it has not exited in 10 s).

    Raises:
        ServerError: the server exited or did not answer within ``timeout`` seconds.
    """
    port = port or free_port(host)
    log_file = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        solara_command(host, port),
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        cwd=APP.parent.parent,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(host, port):
            try:
                proc.wait(timeout=0.1)  # waits on the process: returns early only if it died
            except subprocess.TimeoutExpired:
                pass
            else:
                raise ServerError(f"solara exited with {proc.returncode}: {_tail(log_path)}")
            if time.monotonic() > deadline:
                raise ServerError(
                    f"solara did not answer within {timeout:.0f} s: {_tail(log_path)}"
                )
        yield f"http://{host}:{port}/", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if not isinstance(log_file, int):  # DEVNULL when there is no log_path
            log_file.close()


def _tail(log_path: str | Path | None, lines: int = 20) -> str:
    if not log_path:
        return "(no log)"
    try:
        return "\n".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "VEGA_ASSETS",
    "ServerError",
    "free_port",
    "missing_assets",
    "serve",
    "serve_process",
    "solara_command",
]
