"""The front end's ``ecosystem app`` subcommand (an ``ecosystem.commands`` entry point).

``ecosystem app`` starts the Solara front end (``viz/app.py``) with ``solara run``. The model's
command line finds this module through the entry point (pyproject.toml); it never imports it.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import Any


def app_path() -> Path:
    """The Solara page of the front end (``viz/app.py``)."""
    return Path(__file__).resolve().parent / "app.py"


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port`` (a test bind that fails)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def cmd_app(args: argparse.Namespace) -> int:
    """Replace this process with ``python -m solara run viz/app.py --host H --port P``.

    A busy port gets a one-line hint (exit 2) instead of the server's traceback.
    """
    if port_in_use(args.host, args.port):
        print(
            f"error: port {args.port} on {args.host} is in use; start on another one with "
            f"`make app PORT={args.port + 1}` or `ecosystem app --port {args.port + 1}`",
            file=sys.stderr,
        )
        return 2
    argv = [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app_path()),
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    sys.stdout.flush()
    os.execv(sys.executable, argv)
    return 0  # not reached: execv does not return


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise ValueError(text)
    return value


_port.__name__ = "port (1-65535)"


def add_commands(subparsers: Any) -> None:
    """Add ``app`` to the ``ecosystem`` command's subparsers."""
    app = subparsers.add_parser("app", help="start the front end")
    app.add_argument("--host", default="127.0.0.1", help="address to serve on")
    app.add_argument("--port", type=_port, default=8765, help="port to serve on")
    app.set_defaults(func=cmd_app)
