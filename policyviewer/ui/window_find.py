"""Find in the current view (Ctrl+F), as a mixin of the main window."""

from __future__ import annotations


class FindMixin:
    """Needs ``find_bar``, ``reader``, ``diff``, ``theme`` and ``current_text_view()``."""

    def open_find(self) -> None:
        view = self.current_text_view()
        selected = view.textCursor().selectedText() if view else ""
        self.find_bar.open_bar(selected if selected and "\u2029" not in selected else "")

    def find_in_view(self, text: str, backward: bool) -> None:
        view = self.current_text_view()
        if view is None:
            return
        if not text:
            self.find_bar.status.setText("")
            view.clear_find()
            return
        found = view.find_text(text, backward, self.theme.color("find_match"))
        self.find_bar.status.setText("" if found else "Not found")

    def _on_find_closed(self) -> None:
        for view in (self.reader, self.diff):
            view.clear_find()
        view = self.current_text_view()
        if view is not None:
            view.setFocus()
