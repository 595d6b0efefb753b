"""Where the application icon files are (Qt-free, so the CLI and tests can use it)."""

from __future__ import annotations

from pathlib import Path

from policyviewer.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon_path() -> Path:
    """The best single icon file for a window icon: the SVG, else the largest PNG."""
    svg = resource_path("icons", "policyviewer.svg")
    if svg.is_file():
        return svg
    return app_icon_png(max(ICON_SIZES))


def app_icon_png(size: int) -> Path:
    """The PNG rendering closest to ``size`` pixels (at least that big when one is)."""
    chosen = next((s for s in ICON_SIZES if s >= size), ICON_SIZES[-1])
    return resource_path("icons", f"policyviewer-{chosen}.png")


def app_icon_pngs() -> list[Path]:
    """Every PNG size that exists, smallest first (for ``QIcon.addFile`` per size)."""
    paths = [resource_path("icons", f"policyviewer-{s}.png") for s in ICON_SIZES]
    return [p for p in paths if p.is_file()]
