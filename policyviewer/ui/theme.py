"""Light and dark colour themes, loaded from ``resources/themes/*.json``.

Views ask for colours by semantic name ("insert", "delete", "badge_moved"...), never
by value, so a theme file is the single place where the palette is decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from policyviewer.resources import resource_path

THEME_CHOICES = ("system", "light", "dark")


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    colors: dict[str, str] = field(default_factory=dict)

    def color(self, key: str) -> QColor:
        """The colour named ``key``; an unknown name is a programming error."""
        return QColor(self.colors[key])

    def hex(self, key: str) -> str:
        return self.colors[key]


@lru_cache(maxsize=4)
def load_theme(name: str) -> Theme:
    """Read ``resources/themes/<name>.json`` (``light`` or ``dark``)."""
    path = resource_path("themes", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Theme(name=data["name"], dark=bool(data["dark"]), colors=dict(data["colors"]))


def system_prefers_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = app.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


def choose_theme(preference: str = "system") -> Theme:
    """``system`` follows the desktop's colour scheme; ``light``/``dark`` force one."""
    if preference == "system":
        preference = "dark" if system_prefers_dark() else "light"
    if preference not in ("light", "dark"):
        preference = "light"
    return load_theme(preference)


def palette_for(theme: Theme) -> QPalette:
    """A full widget palette from the theme, so both themes look right on every style."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.Base: "base",
        QPalette.ColorRole.AlternateBase: "alternate_base",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.ToolTipBase: "base",
        QPalette.ColorRole.Button: "window",
        QPalette.ColorRole.Highlight: "highlight",
        QPalette.ColorRole.HighlightedText: "highlight_text",
        QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Link: "highlight",
    }
    for role, key in roles.items():
        pal.setColor(role, theme.color(key))
    muted = theme.color("muted")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return pal
