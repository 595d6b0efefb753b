"""The window's actions, menu bar and toolbar, built in one place.

``WindowActions`` only creates and arranges ``QAction``s; the window connects them.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStyle, QToolBar

StdKey = QKeySequence.StandardKey


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        style = window.style()
        sp = QStyle.StandardPixmap

        def act(text: str, keys=(), tip: str = "", icon=None, checkable: bool = False) -> QAction:
            action = QAction(text, window)
            if isinstance(keys, (list, tuple)):
                seqs = [k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys]
            else:
                seqs = QKeySequence.keyBindings(keys)
            action.setShortcuts(seqs)
            if tip or seqs:
                shortcut = seqs[0].toString(QKeySequence.SequenceFormat.NativeText) if seqs else ""
                action.setToolTip(f"{tip or text.replace('…', '')}"
                                  + (f" ({shortcut})" if shortcut else ""))
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            action.setCheckable(checkable)
            window.addAction(action)  # shortcuts work even with the menu bar hidden
            return action

        # File
        self.open = act("&Open Files…", StdKey.Open, "Add files as new versions of the selected "
                        "policy", sp.SP_DialogOpenButton)
        self.open_new = act("Open as New &Policy…", ["Ctrl+Shift+O"],
                            "Add files as a new policy")
        self.paste = act("Paste as New &Version", ["Ctrl+Shift+V"],
                         "Add the clipboard's text as a new version")
        self.samples = act("Add &Sample Policies", ())
        self.export = act("&Export Summary…", ["Ctrl+E"], "Save a report of this comparison")
        self.print = act("&Print…", StdKey.Print, "Print this comparison",
                         sp.SP_FileDialogDetailedView)
        self.remove = act("&Remove From Library…", ["Del"],
                          "Remove the selected version or policy")
        self.quit = act("&Quit", StdKey.Quit)
        # Edit
        self.find = act("&Find…", StdKey.Find, "Find in this view",
                        sp.SP_FileDialogContentsView)
        self.find_next = act("Find &Next", StdKey.FindNext)
        self.find_previous = act("Find Pre&vious", StdKey.FindPrevious)
        # View
        self.reader = act("&Reader", ["Ctrl+1"], "Read the selected version", checkable=True)
        self.comparison = act("&Comparison", ["Ctrl+2"], "Show what changed", checkable=True)
        modes = QActionGroup(window)
        modes.addAction(self.reader)
        modes.addAction(self.comparison)
        self.only_changed = act("Only C&hanged Sections", ["Ctrl+Shift+H"],
                                "Hide the sections that did not change", checkable=True)
        self.side_by_side = act("&Side by Side", ["Ctrl+Shift+B"],
                                "Show the old and new versions next to each other",
                                checkable=True)
        self.zoom_in = act("Zoom &In", StdKey.ZoomIn)
        self.zoom_out = act("Zoom &Out", StdKey.ZoomOut)
        self.theme_actions: dict[str, QAction] = {}
        themes = QActionGroup(window)
        for key, label in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = act(label, (), checkable=True)
            themes.addAction(action)
            self.theme_actions[key] = action
        # Compare
        self.next_change = act("&Next Change", ["F8", "Alt+Down"], "Next change",
                               sp.SP_ArrowDown)
        self.previous_change = act("&Previous Change", ["Shift+F8", "Alt+Up"],
                                   "Previous change", sp.SP_ArrowUp)
        self.compare_previous = act("Compare With P&revious Version", ["Ctrl+Shift+P"])
        self.compare_selected = act("Compare &Selected Versions", ["Ctrl+D"],
                                    "Compare the two versions selected in the library")
        # Help
        self.about = act("&About PolicyViewer", ())
        self.about_qt = act("About &Qt", ())

        self.compare_with_menu = QMenu("Compare &With", window)
        self.compare_with_menu.setObjectName("compareWithMenu")
        self.change_label = QLabel("No changes")
        self.change_label.setObjectName("changeCountLabel")
        self.change_label.setContentsMargins(8, 0, 8, 0)
        width = self.change_label.fontMetrics().horizontalAdvance("Change 9999 of 9999")
        self.change_label.setMinimumWidth(width + 16)

    def build_menus(self) -> None:
        bar = self.window.menuBar()
        file = bar.addMenu("&File")
        for a in (self.open, self.open_new, self.paste, self.samples, None, self.export,
                  self.print, None, self.remove, None, self.quit):
            file.addSeparator() if a is None else file.addAction(a)
        edit = bar.addMenu("&Edit")
        for a in (self.find, self.find_next, self.find_previous):
            edit.addAction(a)
        view = bar.addMenu("&View")
        for a in (self.reader, self.comparison, None, self.only_changed, self.side_by_side,
                  None, self.zoom_in, self.zoom_out):
            view.addSeparator() if a is None else view.addAction(a)
        theme = view.addMenu("&Theme")
        for a in self.theme_actions.values():
            theme.addAction(a)
        compare = bar.addMenu("&Compare")
        for a in (self.next_change, self.previous_change, None, self.compare_previous,
                  self.compare_selected):
            compare.addSeparator() if a is None else compare.addAction(a)
        compare.addMenu(self.compare_with_menu)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)
        help_menu.addAction(self.about_qt)

    def build_toolbar(self) -> QToolBar:
        bar = QToolBar("Main", self.window)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        for a in (self.open, None, self.reader, self.comparison, self.only_changed,
                  self.side_by_side, None, self.previous_change, self.next_change):
            bar.addSeparator() if a is None else bar.addAction(a)
        bar.addWidget(self.change_label)
        bar.addSeparator()
        bar.addAction(self.find)
        bar.addAction(self.print)
        self.window.addToolBar(bar)
        return bar
