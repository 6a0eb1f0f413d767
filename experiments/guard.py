"""Run a batch command so that bad input is one line and an interrupt keeps what finished.

`guarded` wraps every batch sub-command of ``ecosystem`` (`experiments.cli`),
``python -m experiments.paper`` and ``python -m experiments.seed_agreement``: typed input errors
print one ``error:`` line and exit 2, SIGTERM and Ctrl-C stop the pools and keep finished runs
(exit 143 / 130), failures of the machinery exit 1.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from typing import Any

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Input the command refuses (shown after ``error:``, exit 2)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interrupt so that pools shut down and the manifest is written."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


def guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command, turning its errors and interrupts into one line and an exit status.

    Typed input errors print one ``error:`` line and return 2; SIGTERM and ^C interrupt it and
    keep finished runs (143 / 130); failures of the machinery return 1.

    Every command of ``ecosystem``'s batch sub-commands, ``experiments.paper`` and
    ``experiments.seed_agreement`` runs through it.
    """
    from ecosystem import ParameterError, ScenarioError
    from experiments.storage import ExecutorError, ExperimentError, StoreWriteError

    previous = _install(signal.SIGTERM, _on_sigterm)
    try:
        return func(args)
    except (ExecutorError, StoreWriteError) as exc:  # the machinery failed, not the input
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except (UsageError, ParameterError, ScenarioError, ExperimentError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_USAGE
    except MemoryError:
        print("error: out of memory; split the experiment into smaller ones", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(
            "\ninterrupted: finished runs are saved; add --resume to the same command to finish",
            file=sys.stderr,
        )
        return 128 + signal.SIGTERM if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _install(signum: int, handler: Callable[[int, Any], None]) -> Any:
    """Install a signal handler (main thread only); the previous one, or None."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signum, handler)
