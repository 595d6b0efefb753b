"""Tree models for the library and outline panels.

The tree is plain Python (``TreeNode``); ``TreeModel`` is a thin read-only
``QAbstractItemModel`` over it, rebuilt with a model reset whenever the data
changes (libraries and outlines are small: hundreds of rows at most).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from policyviewer.core.model import Comparison, Outline, SectionChange

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class TreeNode:
    """One row: a display text, what kind of thing it is, and the object behind it."""

    __slots__ = (
        "badges", "children", "kind", "muted", "parent", "payload", "row", "text", "tooltip",
    )

    def __init__(
        self,
        text: str = "",
        kind: str = "",
        payload: Any = None,
        *,
        tooltip: str = "",
        badges: tuple[str, ...] = (),
        muted: bool = False,
    ) -> None:
        self.text = text
        self.kind = kind
        self.payload = payload
        self.tooltip = tooltip
        self.badges = badges
        self.muted = muted
        self.children: list[TreeNode] = []
        self.parent: TreeNode | None = None
        self.row = 0

    def add(self, child: TreeNode) -> TreeNode:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> Iterator[TreeNode]:
        for child in self.children:
            yield child
            yield from child.walk()


class TreeModel(QAbstractItemModel):
    """Read-only, single-column model over a ``TreeNode`` tree."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = TreeNode()

    # -- building ---------------------------------------------------------------
    def set_root(self, root: TreeNode) -> None:
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    def root(self) -> TreeNode:
        return self._root

    def node(self, index: _Index) -> TreeNode | None:
        if not index.isValid():
            return None
        return index.internalPointer()

    def index_of(self, node: TreeNode) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def find(self, predicate) -> QModelIndex:
        """Index of the first node (depth first) for which ``predicate(node)`` is true."""
        for node in self._root.walk():
            if predicate(node):
                return self.index_of(node)
        return QModelIndex()

    # -- QAbstractItemModel -------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        owner = self.node(parent) if parent.isValid() else self._root
        if owner is None or row >= len(owner.children):
            return QModelIndex()
        return self.createIndex(row, 0, owner.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = self.node(parent)
            return len(node.children) if node else 0
        return len(self._root.children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip or node.text
        if role == KIND_ROLE:
            return node.kind
        if role == PAYLOAD_ROLE:
            return node.payload
        if role == BADGE_ROLE:
            return list(node.badges)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.objectName() or ""
        return None


# -- library --------------------------------------------------------------------------


def version_label(version: Any) -> str:
    """"v3 · 2024-06-12" (the date the policy bears, else the day it was added)."""
    number = getattr(version, "number", "?")
    date = getattr(version, "date", None) or _day(getattr(version, "added_at", None))
    return f"v{number} · {date}" if date else f"v{number}"


def _day(value: Any) -> str | None:
    if not value:
        return None
    return str(value)[:10]


def build_library_tree(entries: Iterable[tuple[Any, list[Any]]]) -> TreeNode:
    """``entries`` are ``(PolicyInfo, [VersionInfo, ...])`` pairs, versions oldest first."""
    root = TreeNode()
    for policy, versions in entries:
        name = getattr(policy, "name", str(policy))
        count = len(versions)
        plural = "" if count == 1 else "s"
        pnode = root.add(
            TreeNode(name, "policy", policy, tooltip=f"{name}: {count} version{plural}")
        )
        for version in versions:
            source = getattr(version, "source", None) or ""
            tip = version_label(version) + (f"\n{source}" if source else "")
            pnode.add(TreeNode(version_label(version), "version", version, tooltip=tip))
    return root


class LibraryModel(TreeModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryModel")

    def set_entries(self, entries: Iterable[tuple[Any, list[Any]]]) -> None:
        self.set_root(build_library_tree(entries))


# -- outline ----------------------------------------------------------------------------


def change_badges(change: SectionChange | None) -> tuple[str, ...]:
    """Badge labels for a section change, most important first."""
    if change is None:
        return ()
    if change.status in ("added", "removed"):
        return (change.status,)
    badges = []
    if change.moved:
        badges.append("moved")
    if change.renamed:
        badges.append("renamed")
    if change.status == "modified":
        badges.append("modified")
    if change.renumbered and not badges:
        badges.append("renumbered")
    return tuple(badges)


def section_title(number: str | None, heading: str | None) -> str:
    text = heading or "(untitled)"
    return f"{number} {text}" if number else text


class OutlinePayload:
    """What an outline row points at: a section of the shown version and/or a change."""

    __slots__ = ("change_index", "section_index")

    def __init__(self, section_index: int | None, change_index: int | None) -> None:
        self.section_index = section_index
        self.change_index = change_index


def _nest(root: TreeNode, items: list[tuple[int, TreeNode]]) -> None:
    """Attach ``(level, node)`` pairs under the last node of a smaller level."""
    stack: list[tuple[int, TreeNode]] = []
    for level, node in items:
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1] if stack else root).add(node)
        stack.append((level, node))


def _tooltip(change: SectionChange | None, title: str) -> str:
    if change is None:
        return title
    parts = [title]
    if change.renamed and change.old_heading:
        parts.append(f"was: {section_title(change.old_number, change.old_heading)}")
    if change.words_added or change.words_removed:
        parts.append(f"+{change.words_added} / −{change.words_removed} words")
    if change.categories:
        parts.append("Topics: " + ", ".join(change.categories))
    return "\n".join(parts)


def _numbers(outline: Outline | None) -> tuple[str | None, ...]:
    """Section numbers as shown (repaired when the outline says the numbering was broken)."""
    if outline is None:
        return ()
    from policyviewer.core.outline import display_numbers

    return display_numbers(outline)


def build_outline_tree(
    outline: Outline | None,
    comparison: Comparison | None = None,
    *,
    include_removed: bool = False,
) -> TreeNode:
    """Sections of ``outline`` (the shown version), badged with ``comparison``'s changes.

    With ``include_removed`` the rows follow the comparison's order and sections it
    reports as removed appear too, where they were, so the outline matches the diff.
    """
    root = TreeNode()
    sections = outline.sections if outline is not None else ()
    by_new: dict[int, tuple[int, SectionChange]] = {}
    if comparison is not None:
        for i, change in enumerate(comparison.sections):
            if change.new_index is not None:
                by_new[change.new_index] = (i, change)
    items: list[tuple[int, TreeNode]] = []
    if comparison is not None and include_removed:
        old_sections = comparison.old_outline.sections if comparison.old_outline else ()
        new_numbers = _numbers(outline)
        old_numbers = _numbers(comparison.old_outline)
        for i, change in enumerate(comparison.sections):
            if change.new_index is not None and change.new_index < len(sections):
                level = sections[change.new_index].level
            elif change.old_index is not None and change.old_index < len(old_sections):
                level = old_sections[change.old_index].level
            else:
                level = 1
            if change.new_heading is None and change.old_heading is None:
                continue  # the preamble: not a section of the outline
            if change.new_index is not None:
                number = _at(new_numbers, change.new_index, change.new_number)
            else:
                number = _at(old_numbers, change.old_index, change.old_number)
            title = section_title(number, change.heading)
            node = TreeNode(
                title,
                "section",
                OutlinePayload(change.new_index, i),
                tooltip=_tooltip(change, title),
                badges=change_badges(change),
                muted=change.status == "removed",
            )
            items.append((level, node))
    else:
        numbers = _numbers(outline)
        for s_index, section in enumerate(sections):
            found = by_new.get(s_index)
            change = found[1] if found else None
            title = section_title(_at(numbers, s_index, section.number), section.heading)
            node = TreeNode(
                title,
                "section",
                OutlinePayload(s_index, found[0] if found else None),
                tooltip=_tooltip(change, title),
                badges=change_badges(change),
            )
            items.append((section.level, node))
    _nest(root, items)
    return root


def _at(numbers: tuple[str | None, ...], index: int | None, default: str | None) -> str | None:
    if index is None or index >= len(numbers):
        return default
    return numbers[index]


def change_numbers(comparison: Comparison) -> list[str | None]:
    """The number to show for each of ``comparison.sections`` (repaired numbering)."""
    new_numbers = _numbers(comparison.new_outline)
    old_numbers = _numbers(comparison.old_outline)
    out: list[str | None] = []
    for change in comparison.sections:
        if change.new_index is not None:
            out.append(_at(new_numbers, change.new_index, change.new_number))
        else:
            out.append(_at(old_numbers, change.old_index, change.old_number))
    return out


class OutlineModel(TreeModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineModel")

    def set_outline(
        self,
        outline: Outline | None,
        comparison: Comparison | None = None,
        *,
        include_removed: bool = False,
    ) -> None:
        self.set_root(build_outline_tree(outline, comparison, include_removed=include_removed))
