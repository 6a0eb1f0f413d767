"""Mounting a component anew when a value changes (reacton's ``.key()`` does not here).

Reacton keeps a component's state (its hooks and widgets) for as long as an element of the same
component type stands in its place. `use_remount` returns a wrapper whose type alternates at
each change of a key, so whatever the wrapper renders starts with fresh state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara


@solara.component
def _MountA(render: Callable[[], Any]):
    render()


@solara.component
def _MountB(render: Callable[[], Any]):
    render()


def use_remount(key: Any) -> Callable[..., Any]:
    """A wrapper component that is mounted anew whenever ``key`` changes (a hook).

    Call it at the top of a component and render through what it returns:
    ``Fresh = use_remount(key)`` then ``Fresh(lambda: Child(...))``. The front end uses it for
    Mesa's ``ModelController``, whose own ``playing`` state cannot be reached otherwise, and
    for the scenario picker, whose widget keeps a choice the user then declined.
    """
    seen = solara.use_ref((key, 0))
    if seen.current[0] != key:
        seen.current = (key, 1 - seen.current[1])
    return (_MountA, _MountB)[seen.current[1]]


__all__ = ["use_remount"]
