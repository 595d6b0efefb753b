"""Heavy work in a separate process, so it never competes with the window for the GIL.

Comparing or importing a 150 KB policy is seconds of pure-Python work; in a thread it
would hold the GIL for long stretches and the window would stutter. A small process
pool (spawned, warmed up at start) runs it instead; the calling worker thread just
waits. Everything here is Qt-free and picklable: functions take the library *path*.
If a pool cannot be used (a frozen build without multiprocessing support, a crashed
child), the work runs in the calling thread instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from policyviewer.core.library import Library, VersionInfo

T = TypeVar("T")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
# Frozen builds would re-launch the app in each child unless the bundle is set up for
# multiprocessing, so they compute in threads.
_disabled = os.environ.get("POLICYVIEWER_NO_PROCESS_POOL") == "1" or getattr(sys, "frozen", False)
_libraries: dict[str, Library] = {}
_latest: dict[str, Future[Any]] = {}


class Superseded(Exception):
    """The request was dropped for a newer one on the same channel before it started."""


def _init_child() -> None:
    # The window's process must win the CPU over comparisons: a lower priority here
    # keeps the event loop turning on a busy machine.
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(10)
    _warm_up()


def _warm_up() -> None:
    # Import the slow modules once per child, before the first request needs them.
    import policyviewer.core.compare
    import policyviewer.core.importers
    import policyviewer.core.outline  # noqa: F401


def _get_pool() -> ProcessPoolExecutor | None:
    global _pool
    with _lock:
        if _pool is None and not _disabled:
            try:
                ctx = multiprocessing.get_context("spawn")
                _pool = ProcessPoolExecutor(max_workers=2, mp_context=ctx, initializer=_init_child)
            except (OSError, ValueError, NotImplementedError):
                return None
        return _pool


def _reset_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def start() -> None:
    """Start the pool early (called off the UI thread) so the first request is quick."""
    pool = _get_pool()
    if pool is not None:
        try:
            pool.submit(_warm_up).result()
        except (BrokenProcessPool, OSError):
            _reset_pool()


def run(fn: Callable[..., T], *args: Any, channel: str | None = None) -> T:
    """``fn(*args)`` in the pool (or here, when there is none); blocks until done.

    A request on ``channel`` cancels the previous one on that channel if it has not
    started yet (clicking through versions queues no stale comparisons).
    """
    pool = _get_pool()
    if pool is None:
        return fn(*args)
    try:
        future: Future[T] = pool.submit(fn, *args)
    except (BrokenProcessPool, RuntimeError, OSError):
        _reset_pool()
        return fn(*args)
    if channel is not None:
        with _lock:
            previous = _latest.get(channel)
            _latest[channel] = future
        if previous is not None:
            previous.cancel()
    try:
        return future.result()
    except CancelledError:
        raise Superseded() from None
    except BrokenProcessPool:
        _reset_pool()
        return fn(*args)


def shutdown() -> None:
    _reset_pool()


def library_at(path: str) -> Library:
    """One open library per path per process (a child serves many requests)."""
    lib = _libraries.get(path)
    if lib is None:
        lib = _libraries[path] = Library.open(path)
    return lib


# -- the jobs (top-level functions: they are pickled by name) ---------------------------


def import_files_job(db_path: str, paths: Sequence[Path], policy: str | None) -> Any:
    from policyviewer.ui.services import import_files

    return import_files(library_at(db_path), paths, policy)


def import_text_job(db_path: str, text: str, policy: str | None) -> Any:
    from policyviewer.ui.services import import_text

    return import_text(library_at(db_path), text, policy)


def load_view_job(db_path: str, new: VersionInfo, old: VersionInfo | None) -> Any:
    from policyviewer.ui.services import load_view

    return load_view(library_at(db_path), new, old)
