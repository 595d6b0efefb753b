"""Faults while the window is running: a compute process killed in the middle of an
import, the library file damaged underneath the window, an export to a place that
cannot be written. The window reports, never crashes, and never writes half a version.
(Library-level faults, kill -9 of the command line and concurrent processes are in
tests/core/test_library_reliability.py.)"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from samples import PARAGRAPHS

from policyviewer.core.importers import load_file
from policyviewer.core.library import Library
from policyviewer.ui import compute, printing


def write_versions(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    files = []
    for i in range(count):
        body = "\n\n".join(f"{n + 1}. Part {n}\n{p} (edition {i}, clause {n})"
                           for n, p in enumerate(PARAGRAPHS * 20))
        files.append(folder / f"2024-01-{i + 1:02d}.txt")
        files[-1].write_text(f"Policy\n\n{body}\n", encoding="utf-8")
    return files


def pool_pids() -> list[int]:
    pool = compute._pool
    return [] if pool is None else list(getattr(pool, "_processes", {}) or {})


def test_compute_process_killed_mid_import(make_window, qtbot, tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    files = write_versions(tmp_path / "acme", 25)
    window = make_window(db)
    qtbot.waitUntil(lambda: len(pool_pids()) > 0, timeout=60000)
    window.add_files(files)
    qtbot.wait(300)  # the worker is now importing
    for pid in pool_pids():
        os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=180000)
    window.runner.wait()
    # The import either finished (the window retried it here) or reported a failure.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Library.open(db) as lib:
        assert lib.verify() == []
        versions = lib.versions("acme") if lib.policies() else []
        stored = {lib.document(v).text for v in versions}
        assert stored <= {load_file(f).text for f in files}  # only whole versions
        assert len(stored) == len(versions)
        complete = len(versions) == len(files)
    assert complete or window.message_bar.text() != ""
    # And the window still works: a new comparison opens.
    window.refresh_library()
    if complete:
        qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60000)
        window.select_version(window.library.get_policy("acme").id, 3)
        qtbot.waitUntil(lambda: window.view is not None and window.view.new.number == 3,
                        timeout=60000)
        assert window.view.old.number == 2


def test_library_damaged_under_a_running_window(make_window, qtbot, tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    with Library.open(db) as lib:
        for f in write_versions(tmp_path / "acme", 6):
            lib.add_version("acme", load_file(f))
    window = make_window(db)
    assert window.library_model.rowCount() == 1
    data = bytearray(db.read_bytes())
    data[4096:4096 * 4] = random.Random(5).randbytes(4096 * 3)  # another program scribbles
    db.write_bytes(bytes(data))
    damaged = hashlib.sha256(db.read_bytes()).hexdigest()
    window.refresh_library()  # must not raise
    if window.library_model.rowCount():  # the damage may only show when a text is read
        window.select_version(window.library.get_policy("acme").id, 2)
    qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=60000)
    message = window.message_bar.text()
    assert "damaged" in message and "left unchanged" in message and "\n" not in message
    window.runner.wait()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == damaged  # not "repaired"


def test_export_to_a_place_that_cannot_be_written(make_window, qtbot, tmp_path: Path,
                                                  monkeypatch) -> None:
    db = tmp_path / "library.sqlite"
    with Library.open(db) as lib:
        for f in write_versions(tmp_path / "acme", 2):
            lib.add_version("acme", load_file(f))
    window = make_window(db)
    with qtbot.waitSignal(window.viewReady, timeout=60000):
        window.select_version(window.library.get_policy("acme").id, 2)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    cmp = window.view.comparison
    for fmt, target in (("pdf", tmp_path / "missing" / "summary.pdf"),
                        ("html", tmp_path / "missing" / "summary.html"),
                        ("pdf", tmp_path)):
        assert printing.export_summary(window, cmp, None, target, fmt) is None
    assert len(warnings) == 3
    assert all(w.startswith("The summary was not saved.") for w in warnings)
    assert all("\n" not in w for w in warnings)
    assert not (tmp_path / "missing").exists()
