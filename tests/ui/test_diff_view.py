"""The inline diff pane on hand-made comparisons (the contract dataclasses of core.model)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import fragments, rendered_layouts, struck_words, words_with_background

from policyviewer.core.compare import compare_texts
from policyviewer.core.model import Comparison, DocSummary, SectionChange, Stats
from policyviewer.ui.diff_view import DiffView, utf16_offset
from policyviewer.ui.theme import load_theme

LIGHT = load_theme("light")
DARK = load_theme("dark")


def comparison(*sections: SectionChange) -> Comparison:
    spans = tuple(s for c in sections for s in c.spans)
    return Comparison(DocSummary("old", 10, 2), DocSummary("new", 11, 2), Stats(words_added=1),
                      tuple(sections), (), spans)


def change(heading, spans, status="modified", **kw) -> SectionChange:
    return SectionChange(status, heading, heading, None, None, spans=tuple(spans),
                         old_index=kw.pop("old_index", 0), new_index=kw.pop("new_index", 0), **kw)


def render(qtbot, cmp, theme=LIGHT, only_changed=False) -> DiffView:
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(cmp, theme, only_changed=only_changed)
    return view


def test_inserted_words_highlighted_and_deleted_words_struck(qtbot):
    cmp = comparison(change("Retention", [("=", "We keep your data for "), ("-", "30 days"),
                                          ("+", "2 years"), ("=", " after you leave.")]))
    view = render(qtbot, cmp)
    doc = view.document()
    assert words_with_background(doc, LIGHT.color("insert")) == ["2 years"]
    assert struck_words(doc) == ["30 days"]
    assert "We keep your data for 30 days2 years after you leave." in doc.toPlainText()


def test_emoji_and_nbsp_before_a_change_do_not_shift_the_highlight(qtbot):
    # 😀 is two UTF-16 units; a Python-offset bug would highlight "ll" or "ew " instead.
    cmp = comparison(change("Hello", [("=", "Hi 😀😀\u00a0there, we keep "), ("+", "all"),
                                      ("=", " your data 🎉 and "), ("-", "nothing"),
                                      ("=", " else.")]))
    view = render(qtbot, cmp)
    doc = view.document()
    assert words_with_background(doc, LIGHT.color("insert")) == ["all"]
    assert struck_words(doc) == ["nothing"]
    # The highlight sits exactly on the word at its Qt position.
    cursor = doc.find("all")
    fmt_cursor = QTextCursor(doc)
    fmt_cursor.setPosition(cursor.selectionStart() + 1)
    assert fmt_cursor.charFormat().background().color() == LIGHT.color("insert")


def test_utf16_offset_counts_astral_characters_twice():
    text = "a😀b\u00a0c"
    assert utf16_offset(text, 0) == 0
    assert utf16_offset(text, 2) == 3  # after the emoji
    assert utf16_offset(text, 4) == 5  # NBSP is a single unit


def test_badges_and_moved_band(qtbot):
    moved = change("Cookies", [("=", "We use cookies.")], status="unchanged", moved=True)
    added = SectionChange("added", None, "Children", None, "9", spans=(("+", "No kids."),),
                          new_index=1)
    view = render(qtbot, comparison(moved, added))
    doc = view.document()
    text = doc.toPlainText()
    assert "MOVED" in text and "ADDED" in text
    block = doc.findBlock(doc.find("We use cookies.").selectionStart())
    assert block.blockFormat().background().color() == LIGHT.color("moved")
    badge = next(f for t, f in fragments(doc) if "ADDED" in t)
    assert badge.background().color() == LIGHT.color("badge_added")


def test_change_navigation_walks_every_change_in_order(qtbot):
    cmp = comparison(
        change("One", [("=", "alpha "), ("+", "beta"), ("=", " gamma "), ("-", "delta")]),
        change("Two", [("=", "same text")], status="unchanged", old_index=1, new_index=1),
        change("Three", [("+", "epsilon"), ("=", " zeta")], old_index=2, new_index=2),
    )
    view = render(qtbot, cmp)
    assert view.change_count() == 3
    seen = []
    while view.next_change():
        start, end, _ = view.change_range(view.current_change())
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        seen.append(cursor.selectedText())
    assert seen == ["beta", "delta", "epsilon"]
    assert view.previous_change() and view.current_change() == 1


def test_only_changed_hides_unchanged_sections(qtbot):
    cmp = comparison(
        change("One", [("=", "alpha "), ("+", "beta")]),
        change("Two", [("=", "untouched words")], status="unchanged", old_index=1, new_index=1),
    )
    view = render(qtbot, cmp, only_changed=True)
    text = view.document().toPlainText()
    assert "untouched words" not in text
    assert "1 unchanged section hidden" in text
    assert "beta" in text


def test_dark_theme_colours(qtbot):
    cmp = comparison(change("One", [("=", "alpha "), ("+", "beta")]))
    view = render(qtbot, cmp, theme=DARK)
    assert words_with_background(view.document(), DARK.color("insert")) == ["beta"]
    assert DARK.color("insert") != LIGHT.color("insert")


def test_long_paragraphs_wrap(qtbot):
    long = " ".join(["word"] * 3000)
    view = render(qtbot, comparison(change("Long", [("=", long), ("+", " end")])))
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.lineWrapMode() == view.LineWrapMode.WidgetWidth
    assert Qt.ScrollBarPolicy  # the view scrolls vertically instead
    assert view.verticalScrollBar().maximum() > 0


def test_clicking_an_insight_scrolls_to_the_section_it_comes_from(qtbot):
    from PySide6.QtCore import QPoint

    from policyviewer.resources import resource_path

    old = resource_path("samples", "jiminny.txt").read_text(encoding="utf-8")
    assert "Retention" in old
    new = old.replace("30 days", "2 years", 1) if "30 days" in old else None
    if new is None:  # make a retention period to change, near the end of the policy
        old = old.replace("\nRetention\n", "\nRetention\n\nWe keep call logs for 30 days.\n", 1)
        new = old.replace("for 30 days", "for 2 years")
    cmp = compare_texts(old, new)
    insight = next(i for i in cmp.insights if i.kind == "retention_changed")
    view = render(qtbot, cmp)
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.verticalScrollBar().value() == 0
    pos = view.document().find(insight.text).selectionStart() + 2
    cursor = QTextCursor(view.document())
    cursor.setPosition(pos)
    point = view.cursorRect(cursor).center()
    with qtbot.waitSignal(view.anchorClicked, timeout=2000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    assert view.verticalScrollBar().value() > 0
    section = next(i for i, c in enumerate(cmp.sections) if c.new_heading == insight.section)
    assert view.key_at(view.top_position()) == section


_CALIFORNIA = "If you live in California you may also ask us to delete the information we hold."
_SPLIT_OLD = (
    "Privacy Policy\n\nThis policy explains how Acme handles your information.\n\n"
    "Your Rights\n\nYou can ask us for a copy of the information we hold about you.\n\n"
    f"{_CALIFORNIA}\n\nSharing\n\nWe share your information with service providers.\n"
)
_SPLIT_NEW = _SPLIT_OLD.replace(_CALIFORNIA, f"California Rights\n\n{_CALIFORNIA}")


def test_a_split_or_merged_section_shows_its_text_once_and_only_the_heading_changed(qtbot):

    split_view = render(qtbot, compare_texts(_SPLIT_OLD, _SPLIT_NEW))
    split = split_view.document()
    assert struck_words(split) == []
    assert words_with_background(split, LIGHT.color("insert")) == ["California Rights"]
    assert split.toPlainText().count(_CALIFORNIA) == 1
    merged_view = render(qtbot, compare_texts(_SPLIT_NEW, _SPLIT_OLD))
    merged = merged_view.document()
    assert struck_words(merged) == ["California Rights"]  # once, not again as a section
    assert merged.toPlainText().count(_CALIFORNIA) == 1


def test_a_heading_changed_only_by_noise_keeps_the_body_whole(qtbot):
    # The old heading is two characters longer (" – " is layout): cutting the
    # heading by the old side's length ate "Da" of "Date last updated".
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_bytes

    md = "# Acme{} Privacy Policy\n\nDate last updated: {}\n\n# 1. General\n\nWe sell.\n"
    old = load_bytes(md.format(" –", "2021-08-03").encode(), "old.md")
    new = load_bytes(md.format("", "2021-10-11").encode(), "new.md")
    cmp = compare_documents(old, new)
    assert cmp.sections[0].new_heading == "Acme Privacy Policy"
    view = render(qtbot, cmp)
    lines = view.document().toPlainText().split("\n")
    assert any(ln.startswith("Date last updated: 2021-") for ln in lines), lines


def test_words_cut_from_a_line_that_became_a_heading_stay_out_of_the_body():
    from policyviewer.core.section_body import body_spans

    heading = "8.3. Options for Interest-based Ads on Websites\n\n"
    spans = (("+", "8.3. "), ("=", "Options for Interest-"), ("-", "Based Advertising"),
             ("+", "based Ads"), ("=", " on Websites\n\nDailymotion offers choices."))
    assert body_spans(spans, 0, len(heading)) == (("=", "Dailymotion offers choices."),)


def test_the_summary_lists_many_removed_addresses_of_a_section_on_one_line(qtbot):
    mails = [f"dpo@acme.{tld}" for tld in ("fr", "de", "it", "es")]
    old = "1. Contact\n\nWrite to " + ", ".join(mails) + " or post@acme.com.\n"
    new = "1. Contact\n\nWrite to post@acme.com.\n"
    view = render(qtbot, compare_texts(old, new))
    lines = view.document().toPlainText().split("\n")
    listed = [ln for ln in lines if "Contact email removed" in ln]
    assert len(listed) == 1 and all(m in listed[0] for m in mails), listed


def test_a_renamed_heading_that_grew_keeps_both_bodies_whole(qtbot):
    # "Marketing" -> "Marketing and advertising": the diff puts the old body's first
    # words before the new heading's tail; cutting both sides at one place ate the "W"
    # of "Where" and showed "and advertising" again at the start of the new body.
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_bytes

    md = ("# 1. Intro\n\nWe are Acme.\n\n# {} Marketing{}\n\n{}\n\n"
          "# {} Contact\n\nWrite to us.\n")
    old_body = "Where you have given your consent, we let you know about our products."
    new_body = "If you have placed an order with us, we send you marketing messages."
    old = load_bytes(md.format("7.", "", old_body, "8.").encode(), "old.md")
    new = load_bytes(md.format("6.", " and advertising", new_body, "7.").encode(), "new.md")
    cmp = compare_documents(old, new)
    assert cmp.sections[1].new_heading == "Marketing and advertising"
    for view in rendered_layouts(qtbot, cmp, LIGHT):
        doc = view.document()
        struck = struck_words(doc)
        assert any(w.split()[0] == "Where" for w in struck), struck  # not "here"
        inserted = words_with_background(doc, LIGHT.color("insert"))
        assert any(w.split()[0] == "If" for w in inserted), inserted
        assert doc.toPlainText().count("and advertising") == 1  # the heading only


def test_the_old_heading_is_cut_only_where_the_old_side_opens_with_it():
    # A section whose text was carried across a heading does not open with its old
    # heading: counting the heading's words there would eat the body's first words.
    from policyviewer.core.model import Outline, Section
    from policyviewer.core.section_body import _heading_marks

    old = "Extra notes\n\nWe collect information globally.\n"
    outline = Outline(None, (Section("Extra notes", None, 1, 0, len(old), 13),))
    opening = (("=", "Extra notes\n\n"), ("+", "More"), ("=", "We collect"))
    carried = (("+", "Regional\n\n"), ("=", "We collect information globally."))
    assert _heading_marks(opening, old, outline, 0) == 2
    assert _heading_marks(carried, old, outline, 0) == 0


def test_a_made_up_section_label_reads_as_a_label_not_as_a_heading(qtbot):
    # In a document without headings the outline labels paragraphs by their topic;
    # the paragraph itself starts with those words, so a bold heading repeated them.
    from ui_helpers import SEED_FILES

    [seed] = [p for p in SEED_FILES if p.name == "jtek.txt"]  # the one without headings
    old = seed.read_text(encoding="utf-8")
    new = old.replace("personal information", "personal data", 1)
    cmp = compare_texts(old, new)
    assert cmp.new_outline.method == "inferred"
    view = render(qtbot, cmp)
    doc = view.document()
    label = cmp.new_outline.sections[0].heading
    found = doc.find(f"({label})")
    assert not found.isNull()
    inside = QTextCursor(doc)
    inside.setPosition(found.selectionStart() + 1)
    assert inside.charFormat().fontItalic()
