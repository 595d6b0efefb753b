"""Background work for the window: QRunnable tasks on the global QThreadPool.

Each request goes to a named *channel* ("import", "compare"...) and gets a token.
Only the result of the latest token of a channel is delivered, so a slow, stale
comparison can never overwrite the one the user asked for afterwards.
"""

from __future__ import annotations

import contextlib
import itertools
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from policyviewer.core.errors import PolicyViewerError
from policyviewer.ui.compute import Superseded


class _TaskSignals(QObject):
    # Emitted from the worker thread; Qt queues them to the UI thread.
    done = Signal(str, int, object)
    failed = Signal(str, int, str)


class _Task(QRunnable):
    def __init__(self, channel: str, token: int, fn: Callable[[], Any], signals: _TaskSignals):
        super().__init__()
        self.setAutoDelete(True)
        self._channel = channel
        self._token = token
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        # RuntimeError: the window (and its signals) went away meanwhile.
        with contextlib.suppress(RuntimeError):
            self._run()

    def _run(self) -> None:
        try:
            result = self._fn()
        except Superseded:
            self._signals.failed.emit(self._channel, self._token, "")  # stale: dropped
        except PolicyViewerError as exc:
            self._signals.failed.emit(self._channel, self._token, str(exc))
        except MemoryError:
            self._signals.failed.emit(self._channel, self._token, "Not enough memory for this task")
        except Exception as exc:  # a bug: report it, never kill the window
            traceback.print_exc()
            message = f"Unexpected error ({type(exc).__name__}): {exc}"
            self._signals.failed.emit(self._channel, self._token, message)
        else:
            self._signals.done.emit(self._channel, self._token, result)


class TaskRunner(QObject):
    """Runs callables off the UI thread and delivers only the newest result per channel."""

    finished = Signal(str, object)  # channel, result
    failed = Signal(str, str)  # channel, message
    busy_changed = Signal(str)  # label of the work in progress, "" when idle

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._tokens = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._labels: dict[str, str] = {}
        self._signals = _TaskSignals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)

    def submit(self, channel: str, fn: Callable[[], Any], label: str = "") -> int:
        """Run ``fn()`` in the pool; any earlier request on ``channel`` becomes stale."""
        token = next(self._tokens)
        self._latest[channel] = token
        self._labels[channel] = label or "Working…"
        self._pool.start(_Task(channel, token, fn, self._signals))
        self._emit_busy()
        return token

    def cancel(self, channel: str) -> None:
        """Forget the pending request on ``channel``: its result will be dropped."""
        if self._latest.pop(channel, None) is not None:
            self._labels.pop(channel, None)
            self._emit_busy()

    def is_busy(self, channel: str | None = None) -> bool:
        return bool(self._latest) if channel is None else channel in self._latest

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _is_current(self, channel: str, token: int) -> bool:
        if self._latest.get(channel) != token:
            return False
        del self._latest[channel]
        self._labels.pop(channel, None)
        self._emit_busy()
        return True

    def _on_done(self, channel: str, token: int, result: object) -> None:
        if self._is_current(channel, token):
            self.finished.emit(channel, result)

    def _on_failed(self, channel: str, token: int, message: str) -> None:
        if self._is_current(channel, token):
            self.failed.emit(channel, message)

    def _emit_busy(self) -> None:
        self.busy_changed.emit(next(iter(self._labels.values()), ""))
