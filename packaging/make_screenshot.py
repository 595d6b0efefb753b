"""Render the screenshot the AppStream metainfo names: docs/screenshots/main-window.png.

Opens the real window offscreen on a temporary library, adds the oldest and newest Mozilla
sample policy and saves the window once the comparison is shown.

    .venv/bin/python packaging/make_screenshot.py [--out PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots" / "main-window.png"
SIZE = (1280, 800)  # AppStream recommends 16:10, at least 1248 px wide


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from policyviewer.resources import resource_path
    from policyviewer.ui import create_main_window

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    mozilla = sorted(resource_path("samples", "mozilla").glob("*.md"))
    versions = [mozilla[0], mozilla[-1]]  # five years apart: many changes to show
    with tempfile.TemporaryDirectory() as tmp:
        window = create_main_window(Path(tmp) / "library.sqlite",
                                    settings_path=Path(tmp) / "settings.ini")
        window.resize(*SIZE)
        window.show()
        loop = QEventLoop()
        window.viewReady.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.add_files(versions)
        loop.exec()
        for _ in range(20):  # let the views lay out and paint
            app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.out)):
            raise SystemExit(f"make_screenshot: could not write {args.out}")
        window.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
