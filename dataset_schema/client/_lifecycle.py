"""Process events every live client must hear: interpreter exit and ``os.fork()``.

Clients register themselves here (weakly: a client nobody holds is not kept alive).
At exit each gets a bounded ``close``; in a forked child each drops the parent's
queue, locks and connections and starts afresh, as posthog and sentry do.
"""

from __future__ import annotations

import atexit
import os
import weakref
from typing import Protocol

__all__ = ["register"]


class _Managed(Protocol):
    def _close_at_exit(self) -> None: ...

    def _after_fork_in_child(self) -> None: ...


_clients: weakref.WeakSet[_Managed] = weakref.WeakSet()


def register(client: _Managed) -> None:
    _clients.add(client)


def _close_all() -> None:
    for client in list(_clients):
        client._close_at_exit()


def _after_fork() -> None:
    for client in list(_clients):
        client._after_fork_in_child()


atexit.register(_close_all)
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork)
