"""A second running instance: two windows and the command line writing to the same
library at the same time. No "database is locked", no lost versions, and a window
shows the other instances' versions when it is activated again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from samples import PARAGRAPHS

from policyviewer.core.importers import load_file
from policyviewer.core.library import Library
from policyviewer.ui.library_watch import LibraryWatcher

REPO = Path(__file__).resolve().parents[2]


def write_versions(folder: Path, tag: str, count: int) -> list[Path]:
    """``count`` dated versions of one policy, each differing in a sentence."""
    folder.mkdir(parents=True)
    files = []
    for i in range(count):
        body = "\n\n".join(f"{n + 1}. Part {n}\n{p} ({tag} edition {i}, clause {n})"
                           for n, p in enumerate(PARAGRAPHS * 6))
        path = folder / f"2024-{i // 28 + 1:02d}-{i % 28 + 1:02d}.txt"
        path.write_text(f"{tag} privacy policy\n\n{body}\n", encoding="utf-8")
        files.append(path)
    return files


def version_counts(lib: Library) -> dict[str, int]:
    return {p.name: p.versions for p in lib.policies()}


def tree_counts(window) -> dict[str, int]:
    return {node.text: len(node.children) for node in window.library_model.root().children}


def test_two_windows_and_the_command_line_write_at_once(make_window, qtbot, tmp_path: Path):
    db = tmp_path / "library.sqlite"
    first = make_window(db)
    second = make_window(db)  # a second window = a second connection to the same file
    files_a = write_versions(tmp_path / "alpha", "Alpha", 12)
    files_b = write_versions(tmp_path / "beta", "Beta", 12)
    files_c = write_versions(tmp_path / "gamma", "Gamma", 25)

    cli = subprocess.Popen(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "add", *map(str, files_c),
         "--policy", "gamma"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Each window imports in its own worker (the compute processes hold their own
    # connections), while the command line writes from a third process.
    with qtbot.waitSignals([first.libraryChanged, second.libraryChanged], timeout=180000):
        first.add_files(files_a, new_policy=True)
        second.add_files(files_b, new_policy=True)
    out, err = cli.communicate(timeout=180)
    assert cli.returncode == 0, err
    assert "locked" not in err.lower() and err.strip() == ""
    assert out.count("added:") == len(files_c)
    first.runner.wait()
    second.runner.wait()
    qtbot.waitUntil(lambda: not first.runner.is_busy() and not second.runner.is_busy(),
                    timeout=60000)
    for window in (first, second):
        assert window.message_bar.text() == "", window.message_bar.text()

    expected = {"alpha": 12, "beta": 12, "gamma": 25}
    with Library.open(db) as lib:
        assert version_counts(lib) == expected
        assert lib.verify() == []
        # Every version is whole: the edition tag in its text matches its file.
        for name, files in (("alpha", files_a), ("beta", files_b), ("gamma", files_c)):
            texts = {lib.document(v).text for v in lib.versions(name)}
            assert texts == {load_file(f).text for f in files}

    for window in (first, second):
        window.refresh_library()
        assert tree_counts(window) == expected


def test_a_window_shows_a_version_added_from_the_command_line_when_activated(
    make_window, qtbot, tmp_path: Path
):
    db = tmp_path / "library.sqlite"
    v1, v2 = write_versions(tmp_path / "acme", "Acme", 2)
    with Library.open(db) as lib:
        lib.add_version("acme", load_file(v1), source=str(v1))
    window = make_window(db)
    assert tree_counts(window) == {"acme": 1}
    result = subprocess.run(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "add", str(v2),
         "--policy", "acme"], cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    watcher = window.findChild(LibraryWatcher)
    assert tree_counts(window) == {"acme": 1}  # not polled in the background
    # Coming back to the window (activation) shows the other instance's version.
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert tree_counts(window) == {"acme": 2}
    assert watcher.check() is False  # nothing new since
    # The new version opens and compares in the window that did not add it.
    with qtbot.waitSignal(window.viewReady, timeout=60000):
        window.select_version(window.library.get_policy("acme").id, 2)
    assert window.view.new.number == 2 and window.view.old.number == 1
    assert window.view.comparison.stats.words_added > 0
