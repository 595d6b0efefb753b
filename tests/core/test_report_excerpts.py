"""Changed wording in context: which words around a change a report shows."""

from __future__ import annotations

from test_report_samples import spans_from_markup

from policyviewer.core.report.excerpts import (
    OMITTED,
    ExcerptLimits,
    change_excerpts,
    is_renumbering_only,
    phrase_pairs,
    shorten_text,
    wrap_marks,
)


def plain(excerpt) -> tuple[str, str]:
    """(old, new) text of an excerpt, context included."""
    old = excerpt.before + "".join(t for op, t in excerpt.spans if op in "=-") + excerpt.after
    new = excerpt.before + "".join(t for op, t in excerpt.spans if op in "=+") + excerpt.after
    return old, new


def test_a_change_is_shown_with_its_sentence_and_not_the_rest_of_the_section():
    spans = spans_from_markup(
        "We store data in the EU. We keep server logs for [-14-]{+60+} days before deleting "
        "them. Backups are encrypted.\n\nAnother paragraph about cookies."
    )
    [excerpt] = change_excerpts(spans)
    old, new = plain(excerpt)
    assert old == "We keep server logs for 14 days before deleting them."
    assert new == "We keep server logs for 60 days before deleting them."
    assert not excerpt.cut_before and not excerpt.cut_after


def test_changes_in_different_sentences_are_separate_excerpts_in_order():
    spans = spans_from_markup(
        "Logs are kept for [-14-]{+60+} days. Nothing else changes in this sentence at all. "
        "Invoices are kept for [-seven-]{+ten+} years."
    )
    excerpts = change_excerpts(spans)
    assert [plain(e)[1] for e in excerpts] == [
        "Logs are kept for 60 days.",
        "Invoices are kept for ten years.",
    ]


def test_nearby_changes_read_as_one_excerpt():
    spans = spans_from_markup("We [-may-]{+will+} share data with [-partners-]{+advertisers+}.")
    [excerpt] = change_excerpts(spans)
    assert plain(excerpt) == (
        "We may share data with partners.",
        "We will share data with advertisers.",
    )


def test_context_in_a_very_long_sentence_is_capped_and_marked_as_cut():
    words = " ".join(f"w{i}" for i in range(60))
    spans = spans_from_markup(f"{words} [-old-]{{+new+}} {words}")
    limits = ExcerptLimits(context_words=5)
    [excerpt] = change_excerpts(spans, limits)
    assert excerpt.before.split() == ["w55", "w56", "w57", "w58", "w59"]
    assert excerpt.after.split() == ["w0", "w1", "w2", "w3", "w4"]
    assert excerpt.cut_before and excerpt.cut_after


def test_a_very_long_insertion_keeps_its_start_and_end_and_counts_the_rest():
    inserted = " ".join(f"n{i}" for i in range(500))
    spans = (("=", "Intro. "), ("+", inserted), ("=", " End."))
    [excerpt] = change_excerpts(spans, ExcerptLimits(max_change_words=60))
    ops = [op for op, _ in excerpt.spans]
    assert OMITTED in ops
    shown = " ".join(t for op, t in excerpt.spans if op == "+").split()
    omitted = int(next(t for op, t in excerpt.spans if op == OMITTED))
    assert shown[0] == "n0" and shown[-1] == "n499"
    assert len(shown) + omitted == 500


def test_whitespace_only_changes_are_not_changes():
    spans = (("=", "Line one."), ("-", "\n"), ("+", " "), ("=", "Line two."))
    assert change_excerpts(spans) == ()


def test_no_excerpts_for_an_unchanged_section():
    assert change_excerpts((("=", "Nothing changed here."),)) == ()


def test_replacements_get_an_old_to_new_phrase_with_a_little_context():
    [excerpt] = change_excerpts(spans_from_markup("We keep logs for [-14-]{+60+} days."))
    assert phrase_pairs(excerpt) == [("logs for 14 days.", "logs for 60 days.")]


def test_pure_insertions_have_no_old_to_new_phrase():
    [excerpt] = change_excerpts(spans_from_markup("We keep logs{+ forever+}."))
    assert phrase_pairs(excerpt) == []


def test_marks_never_span_a_line_break_or_hug_spaces():
    assert wrap_marks(" first line\n\nsecond ", "[-", "-]") == " [-first line-]\n\n[-second-] "


def test_renumbering_only_excerpt_is_recognised():
    [excerpt] = change_excerpts(spans_from_markup("[-2.-]{+3.+} Data retention\n\nBody."))
    assert is_renumbering_only(excerpt, "2.", "3.")
    [real] = change_excerpts(spans_from_markup("Keep for [-2-]{+3+} years."))
    assert not is_renumbering_only(real, "2.", "3.")


def test_shorten_text_counts_what_it_leaves_out():
    text, omitted = shorten_text("one two three four five", 3)
    assert (text, omitted) == ("one two three", 2)
    assert shorten_text("short", 3) == ("short", 0)


def test_old_to_new_phrase_keeps_punctuation_attached():
    [excerpt] = change_excerpts(spans_from_markup("Shared with [-nobody-]{+partners+}."))
    assert phrase_pairs(excerpt) == [("Shared with nobody.", "Shared with partners.")]


def test_a_removed_list_item_is_shown_as_a_whole_line():
    spans = (
        ("=", "Promises:\n- "),
        ("-", "We won't sell your data.\n- "),
        ("=", "We won't share it."),
    )
    [excerpt] = change_excerpts(spans)
    assert [t for op, t in excerpt.spans if op == "-"] == ["- We won't sell your data."]
    assert excerpt.before == "" and excerpt.after == ""


def test_a_removed_sentence_line_is_not_split_across_lines():
    spans = (
        ("=", "Intro.\nWe may also "),
        ("-", "collect cookies.\nWe may also "),
        ("=", "use tools."),
    )
    [excerpt] = change_excerpts(spans)
    assert [t for op, t in excerpt.spans if op == "-"] == ["We may also collect cookies."]


def test_old_to_new_phrase_with_less_context_than_asked_for():
    [excerpt] = change_excerpts(spans_from_markup("Keep [-14-]{+60+}"))
    assert phrase_pairs(excerpt) == [("Keep 14", "Keep 60")]


def test_abbreviations_and_lowercase_after_a_full_stop_do_not_end_the_sentence():
    spans = spans_from_markup(
        "Intro. Data is used under (Art. 6 (1) (f) GDPR) by Acme, Inc. as "
        "[-processor-]{+controller+} under Regulation No. 2016/679, e.g. Google tools. Next."
    )
    [excerpt] = change_excerpts(spans)
    assert plain(excerpt)[1] == (
        "Data is used under (Art. 6 (1) (f) GDPR) by Acme, Inc. as controller under "
        "Regulation No. 2016/679, e.g. Google tools."
    )
    assert not excerpt.cut_before and not excerpt.cut_after


def test_changes_either_side_of_an_abbreviation_are_one_excerpt():
    spans = spans_from_markup(
        "Data [-is-]{+are+} processed under Regulation No. 2016/679 of the European "
        "Parliament and [-of-]{+by+} the Council."
    )
    assert len(change_excerpts(spans)) == 1


def test_a_sentence_ending_a_few_words_past_the_cap_is_shown_whole():
    limits = ExcerptLimits(context_words=5, context_slack_words=3)
    [near] = change_excerpts(spans_from_markup("Keep [-14-]{+60+} a b c d e f g."), limits)
    assert " ".join(near.after.split()) == "a b c d e f g." and not near.cut_after
    [far] = change_excerpts(spans_from_markup("Keep [-14-]{+60+} a b c d e f g h i j."), limits)
    assert " ".join(far.after.split()) == "a b c d e" and far.cut_after
    [left] = change_excerpts(spans_from_markup("a b c d e f g [-14-]{+60+} days."), limits)
    assert " ".join(left.before.split()) == "a b c d e f g" and not left.cut_before


def test_emphasis_marks_left_from_page_markup_are_not_wording():
    assert change_excerpts(spans_from_markup("Emails and Notifications[-****-]. Topics.")) == ()
    [footnote] = change_excerpts(spans_from_markup("Delivery is free{+*+}."))
    assert [t for op, t in footnote.spans if op == "+"] == ["*"]


def test_an_inserted_sentence_leaves_the_next_list_marker_to_its_line():
    spans = (
        ("=", "* Payments go to Stripe. "),
        ("+", "Donations go to Fundraise Up.\n\n  * "),
        ("=", "Personal data: we receive your name."),
    )
    [excerpt] = change_excerpts(spans)
    assert [(op, t) for op, t in excerpt.spans if op != "="] == [
        ("+", "Donations go to Fundraise Up.")
    ]
    assert "Personal data" not in excerpt.after


def test_a_stray_punctuation_line_without_words_around_it_is_not_an_excerpt():
    spans = (("=", "Vilnius\n\nRepublic of Lithuania\n\n"), ("-", "."))
    assert change_excerpts(spans) == ()


def test_a_list_item_after_a_full_stop_does_not_take_the_line_before_as_context():
    [excerpt] = change_excerpts(spans_from_markup("Files you use.\n* [-Log-]{+Activity+} data."))
    assert excerpt.before == "* "


def test_a_replacement_of_a_heading_line_and_a_text_line_is_shown_line_by_line():
    spans = spans_from_markup(
        "3. Use [-Of Your Information\n\nWe only process-]{+of your information\n\nWe use+} "
        "your data."
    )
    heading, body = change_excerpts(spans)
    assert plain(heading) == ("Use Of Your Information", "Use of your information")
    assert plain(body) == ("We only process your data.", "We use your data.")
    assert phrase_pairs(heading) == [("Use Of Your Information", "Use of your information")]


def test_no_old_to_new_phrase_across_a_line_break():
    spans = spans_from_markup("Sharing [-Your Information\n\nThe-]{+your+} information\n\nWe")
    for excerpt in change_excerpts(spans):
        assert all("\n" not in old + new for old, new in phrase_pairs(excerpt))
        assert phrase_pairs(excerpt) == []


def test_a_line_replaced_by_an_unrelated_one_gets_no_old_to_new_phrase():
    spans = spans_from_markup("Intro.\n\n* [-Data as-]{+Marketing Partners+}\n\nMore.")
    [excerpt] = change_excerpts(spans)
    assert phrase_pairs(excerpt) == []
    [edited] = change_excerpts(spans_from_markup("Intro.\n\n[-First name-]{+Full name+};"))
    assert phrase_pairs(edited) == [("First name;", "Full name;")]


def test_a_shortened_text_ends_with_a_sentence_when_one_ends_near_the_limit():
    text = " ".join(f"Sentence {i} has five words." for i in range(10))
    shown, omitted = shorten_text(text, 23)
    assert shown.endswith("words.") and len(shown.split()) == 20
    assert omitted == 50 - 20
    # No sentence end in the last third: cut at the word limit.
    shown, omitted = shorten_text("one two three four five six seven eight nine.", 6)
    assert (shown, omitted) == ("one two three four five six", 3)


def test_context_is_found_in_time_far_into_a_long_text() -> None:
    # Each full stop once copied all the text before it to read the word it ends:
    # a change with 560 KB of equal text on each side took 8 s.
    import time

    equal = "We keep data. " * 40_000
    t = time.perf_counter()
    (excerpt,) = change_excerpts([("=", equal), ("+", "New words here. "), ("=", equal)])
    assert time.perf_counter() - t < 1.5
    assert excerpt.before == "" and excerpt.after == "We keep data."
    t = time.perf_counter()
    shown, left_out = shorten_text(equal, 100_000)  # 120,000 words
    assert time.perf_counter() - t < 1.5
    assert shown.endswith("data.") and left_out == 120_000 - len(shown.split())


class _Position(int):
    """A span's position that counts the comparisons made with it."""

    calls = 0

    def __eq__(self, other: object) -> bool:
        _Position.calls += 1
        return int(self) == other

    def __lt__(self, other: object) -> bool:
        _Position.calls += 1
        return int(self) < other  # type: ignore[operator]

    __hash__ = int.__hash__


def test_the_changes_around_a_change_are_found_without_a_scan():
    # Found by list.index, a report of thousands of changes was quadratic (a 40 KB text
    # with every other line changed: 3.2 s for its three reports).
    from policyviewer.core.report.excerpts import _next_change, _prev_change

    changes = [_Position(2 * k) for k in range(2000)]
    _Position.calls = 0
    assert [_prev_change(changes, c) for c in changes[:3]] == [-1, 0, 2]
    assert [_next_change(changes, c, 9999) for c in changes[-2:]] == [3998, 9999]
    for c in changes:
        _prev_change(changes, c)
        _next_change(changes, c, 9999)
    assert _Position.calls < 50 * len(changes)  # a scan makes about len(changes) ** 2


def test_a_line_of_marks_before_a_word_is_no_layout_and_is_read_at_once():
    # The layout test used to cut a run of marks into groups in exponentially many
    # ways before it failed: a report on a text with a line of 60 stars never ended.
    # Run in a child process: the limit is a hang guard, not a timing.
    import subprocess
    import sys

    from policyviewer.core.report.excerpts import _LAYOUT_ONLY

    assert _LAYOUT_ONLY.fullmatch("  **_  ~~\n") and not _LAYOUT_ONLY.fullmatch("** x")
    code = ("from policyviewer.core.report.excerpts import _LAYOUT_ONLY\n"
            "assert not _LAYOUT_ONLY.fullmatch('*' * 60 + '\\nEnd')\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
