"""Background tasks: only the newest request of a channel is delivered; errors are messages."""

from __future__ import annotations

import threading

from policyviewer.core.errors import ImportFailed
from policyviewer.ui.workers import TaskRunner


def test_a_stale_result_never_overwrites_a_newer_one(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    delivered = []
    runner.finished.connect(lambda channel, result: delivered.append((channel, result)))

    def slow_old():
        release.wait(10)
        return "old"

    runner.submit("view", slow_old)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.submit("view", lambda: "new")
    release.set()
    runner.wait()
    qtbot.wait(50)  # let a (wrongly) queued stale signal arrive
    assert delivered == [("view", "new")]
    assert not runner.is_busy()


def test_errors_become_messages(qtbot):
    runner = TaskRunner()

    def fails():
        raise ImportFailed("not a policy", path="x.pdf")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit("import", fails)
    assert blocker.args == ["import", "x.pdf: not a policy"]


def test_a_bug_in_a_task_is_reported_not_raised(qtbot):
    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit("view", lambda: 1 / 0)
    assert "ZeroDivisionError" in blocker.args[1]
