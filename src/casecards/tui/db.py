"""One thread owns the store: every SQLite call runs there, so the UI thread never waits.

Calls are queued in order on a single worker thread (SQLite connections belong to the
thread that opened them), so an answer is committed before anything after it runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from casecards.store import Store

T = TypeVar("T")


class StoreThread:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casecards-store")
        self._store: Store | None = None

    async def open(self) -> None:
        """Open (and migrate) the store on its thread; StoreError if it cannot be opened."""

        def opener() -> None:
            self._store = Store.open(self.path)

        await asyncio.get_running_loop().run_in_executor(self._executor, opener)

    async def run(self, call: Callable[[Store], T]) -> T:
        """Run ``call(store)`` on the store thread and return its result."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, call)

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
