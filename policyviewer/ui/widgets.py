"""Small widgets of the main window: find bar, message bar, empty-library page, badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from policyviewer.ui.models import BADGE_ROLE
from policyviewer.ui.theme import Theme


class FindBar(QFrame):
    """Find in the current pane: Enter / F3 next, Shift+Enter / Shift+F3 previous, Esc closes."""

    findRequested = Signal(str, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:"))
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Text to find in this view")
        self.edit.setClearButtonEnabled(True)
        layout.addWidget(self.edit, 1)
        self.prev_button = QPushButton("Previous", self)
        self.next_button = QPushButton("Next", self)
        self.status = QLabel("", self)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setAutoRaise(True)
        for w in (self.prev_button, self.next_button, self.status, close):
            layout.addWidget(w)
        self.edit.returnPressed.connect(lambda: self.request(False))
        self.edit.textChanged.connect(lambda _t: self.request(False, incremental=True))
        self.prev_button.clicked.connect(lambda: self.request(True))
        self.next_button.clicked.connect(lambda: self.request(False))
        close.clicked.connect(self.close_bar)

    def request(self, backward: bool, incremental: bool = False) -> None:
        self.findRequested.emit(self.edit.text(), backward)

    def open_bar(self, text: str = "") -> None:
        if text:
            self.edit.setText(text)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.request(True)
            return
        super().keyPressEvent(event)


class MessageBar(QFrame):
    """A dismissible line above the main area for errors and notices (never a modal box)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, theme: Theme, error: bool = True) -> None:
        key = "delete" if error else "insight_background"
        self.setStyleSheet(
            f"#messageBar {{ background: {theme.hex(key)}; border: 1px solid "
            f"{theme.hex('badge_removed' if error else 'insight_border')}; }}"
            f"#messageBar QLabel {{ color: {theme.hex('delete_text' if error else 'text')}; }}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class EmptyLibraryPage(QWidget):
    """Shown while the library is empty: offers the samples and explains drag and drop."""

    samplesRequested = Signal()
    openRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyLibraryPage")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("Your library is empty", self)
        font = QFont(title.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        text = QLabel(
            "Drop privacy-policy files (text, Markdown, HTML, PDF, Word) anywhere on this "
            "window, or open them, to start following a policy. Each new file becomes a new "
            "version, compared with the one before it.\n\n"
            "New here? Load the sample policies to see how a comparison looks.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.samples_button = QPushButton("Load the sample policies", self)
        self.samples_button.setObjectName("loadSamplesButton")
        self.samples_button.setDefault(True)
        self.open_button = QPushButton("Open files…", self)
        buttons.addWidget(self.samples_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.samples_button.clicked.connect(self.samplesRequested)
        self.open_button.clicked.connect(self.openRequested)


class BadgeDelegate(QStyledItemDelegate):
    """Draws a row's change badges (``BADGE_ROLE``) as coloured pills at its right edge."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def _badge_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        font.setPointSizeF(size * 0.78)
        font.setBold(True)
        return font

    def _badges_width(self, option: QStyleOptionViewItem, badges: list[str]) -> int:
        fm = QFontMetrics(self._badge_font(option))
        return sum(fm.horizontalAdvance(b) + 12 for b in badges) + 4 * len(badges)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        badges = index.data(BADGE_ROLE) or []
        if not badges:
            super().paint(painter, option, index)
            return
        reserved = self._badges_width(option, badges)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_rect = QRect(opt.rect)
        opt.rect = QRect(text_rect.left(), text_rect.top(), max(20, text_rect.width() - reserved),
                         text_rect.height())
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            # Background/selection across the full row, then the elided text.
            full = QStyleOptionViewItem(opt)
            full.rect = text_rect
            full.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, opt.widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._badge_font(option)
        painter.setFont(font)
        fm = QFontMetrics(font)
        x = text_rect.right() - reserved + 4
        h = fm.height() + 2
        y = text_rect.top() + (text_rect.height() - h) // 2
        for label in badges:
            w = fm.horizontalAdvance(label) + 12
            rect = QRect(x, y, w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.theme.color(f"badge_{label}"))
            painter.drawRoundedRect(rect, h / 2, h / 2)
            painter.setPen(self.theme.color("badge_text"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            x += w + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        badges = index.data(BADGE_ROLE) or []
        if badges:
            size.setWidth(size.width() + self._badges_width(option, badges))
        return size
