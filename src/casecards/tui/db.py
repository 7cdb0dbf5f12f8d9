"""One thread owns the store: every SQLite call runs there, so the UI thread never waits.

Calls are queued in order on a single worker thread (SQLite connections belong to the
thread that opened them), so an answer is committed before anything after it runs.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, TypeVar

from casecards.errors import CasecardsError
from casecards.store import Store

T = TypeVar("T")
P = ParamSpec("P")


class StoreStopped(Exception):
    """The store failed (full disk, read-only file, damage): the app is exiting with the
    store's message, and the worker that hit it just ends."""


def until_stopped(call: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T | None]]:
    """For worker coroutines that use the store: end quietly once the store has stopped."""

    @functools.wraps(call)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return await call(*args, **kwargs)
        except StoreStopped:
            return None

    return run


class StoreThread:
    """``on_error`` receives a store error (a CasecardsError) raised by any call; the call
    then raises StoreStopped in the awaiting worker."""

    def __init__(self, path: Path, on_error: Callable[[CasecardsError], None]) -> None:
        self.path = path
        self.on_error = on_error
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casecards-store")
        self._store: Store | None = None

    async def open(self) -> None:
        """Open (and migrate) the store on its thread; StoreError if it cannot be opened."""

        def opener() -> None:
            self._store = Store.open(self.path)

        await asyncio.get_running_loop().run_in_executor(self._executor, opener)

    async def run(self, call: Callable[[Store], T]) -> T:
        """Run ``call(store)`` on the store thread and return its result."""
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._executor, self._call, call
            )
        except CasecardsError as error:
            self.on_error(error)
            raise StoreStopped(str(error)) from error

    def _call(self, call: Callable[[Store], T]) -> T:
        if self._store is None:
            raise RuntimeError("the store is not open yet")
        return call(self._store)

    def close(self) -> None:
        """Close the store after every queued call has run (nothing queued is dropped)."""

        def closer() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self._executor.submit(closer)
        self._executor.shutdown(wait=True)
