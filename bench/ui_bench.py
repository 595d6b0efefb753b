"""Window responsiveness benchmark (issue 5).

1. Start-up: ``create_main_window`` on a library holding the five seed policies,
   until the window is shown and painted.
2. Drop a new version of a ~20 KB policy (IMDb, corpus) onto the window: time until
   the highlighted diff is on screen (``viewReady``).
3. Drop a new version of a ~150 KB policy (Dailymotion/Vinted, corpus): the longest
   gap between ticks of a 10 ms QTimer heartbeat while it is imported, compared and
   rendered (a gap is a frozen event loop).

With ``--side-by-side`` the comparisons are shown in the side-by-side layout.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_bench.py [--repeat N] [--side-by-side]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policyviewer.core.importers import load_file  # noqa: E402
from policyviewer.core.library import Library  # noqa: E402
from policyviewer.ui import create_main_window  # noqa: E402

SEEDS = sorted((REPO / "resources" / "samples").glob("*.txt"))
CORPUS = REPO.parent / "shared" / "corpus"
SMALL = ("imdb", "2023-07-01.md", "2024-03-28.md")
LARGE = [("dailymotion", "2024-06-12.md", "2025-02-21.md"),
         ("vinted", "2021-08-16.md", "2021-10-11.md")]


class Heartbeat:
    """A 10 ms timer; records the longest wall-clock gap between its ticks."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.max_gap = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.max_gap = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        self._tick()
        return self.max_gap


def drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = window.rect().center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def wait_for(app: QApplication, condition, timeout: float = 120.0) -> None:
    """Run the event loop until ``condition()`` holds.

    Not ``processEvents()`` in a loop: in PySide6 6.12 each call drops a reference to
    ``None`` (a refcount bug) and a long loop ends in "deallocating None".
    """
    if condition():
        return
    loop = QEventLoop()
    end = time.perf_counter() + timeout
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if condition() or time.perf_counter() > end:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the window did not get there in time")


def startup(app: QApplication, folder: Path) -> float:
    db = folder / "seeds.sqlite"
    with Library.open(db) as lib:
        for seed in SEEDS:
            lib.add_version(seed.stem, load_file(seed), source=str(seed))
    t0 = time.perf_counter()
    window = create_main_window(db, settings_path=folder / "startup.ini")
    window.show()
    window.repaint()
    elapsed = time.perf_counter() - t0
    window.close()
    window.library.close()
    return elapsed


def drop_new_version(app: QApplication, folder: Path, service: str, old: str, new: str,
                     heartbeat: Heartbeat, side_by_side: bool = False) -> tuple[float, int, int]:
    """(seconds until the diff is shown, longest event-loop gap in ms, changes shown)."""
    db = folder / f"{service}.sqlite"
    with Library.open(db) as lib:
        # The file name is the date the version was recorded (not every text has one).
        lib.add_version(service, load_file(CORPUS / service / old), source=old,
                        date=Path(old).stem)
    settings = folder / f"{service}.ini"
    settings.write_text(f"[General]\nside_by_side={str(side_by_side).lower()}\n")
    window = create_main_window(db, settings_path=settings)
    window.show()
    app.processEvents()
    policy = window.library.get_policy(service)
    window.select_version(policy.id, 1)
    wait_for(app, lambda: window.view is not None and not window.runner.is_busy()
             and not window.reader.is_rendering())
    ready = []
    window.viewReady.connect(lambda: ready.append(time.perf_counter()))
    heartbeat.start()
    t0 = time.perf_counter()
    drop(window, [CORPUS / service / new])
    wait_for(app, lambda: ready and window.view.new.number == 2
             and window.stack.currentWidget() is window.diff)
    elapsed = ready[-1] - t0
    gap = heartbeat.stop()
    changes = window.diff.change_count()
    window.runner.wait()
    window.close()
    window.library.close()
    return elapsed, gap, changes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side-by-side", action="store_true",
                        help="show the comparisons in the side-by-side layout")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    heartbeat = Heartbeat()
    starts, small, large = [], [], {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            starts.append(startup(app, folder))
            small.append(drop_new_version(app, folder, *SMALL, heartbeat, args.side_by_side))
            for case in LARGE:
                if (CORPUS / case[0]).is_dir():
                    large.setdefault(case[0], []).append(
                        drop_new_version(app, folder, *case, heartbeat, args.side_by_side))
    print(f"start-up, 5 seeds: median {statistics.median(starts) * 1000:.0f} ms, "
          f"max {max(starts) * 1000:.0f} ms (goal < 1000 ms)")
    size = (CORPUS / SMALL[0] / SMALL[2]).stat().st_size // 1024
    print(f"drop {SMALL[0]}/{SMALL[2]} ({size} KB): diff shown after median "
          f"{statistics.median(s[0] for s in small) * 1000:.0f} ms, max "
          f"{max(s[0] for s in small) * 1000:.0f} ms (goal < 1000 ms); longest stall "
          f"{max(s[1] for s in small)} ms; {small[0][2]} changes")
    for (service, _old, new), runs in ((c, large[c[0]]) for c in LARGE if c[0] in large):
        size = (CORPUS / service / new).stat().st_size // 1024
        print(f"drop {service}/{new} ({size} KB): diff shown after median "
              f"{statistics.median(r[0] for r in runs) * 1000:.0f} ms; longest event-loop "
              f"stall {max(r[1] for r in runs)} ms (goal < 100 ms); {runs[0][2]} changes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
