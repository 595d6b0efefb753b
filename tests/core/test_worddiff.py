"""Word-level diff: spans rebuild both texts, cut no word, and ignore noise."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyviewer.core import normalize
from policyviewer.core.config import Config
from policyviewer.core.normalize import fold_noise, fold_noise_fast
from policyviewer.core.worddiff import diff_texts

WORDISH = re.compile(r"\w")


def rebuild(spans, side: str) -> str:
    keep = {"=", "-"} if side == "old" else {"=", "+"}
    return "".join(text for op, text in spans if op in keep)


def boundaries(spans, side: str) -> list[tuple[str, int]]:
    """(rebuilt text, offset) of every span boundary inside one side's text."""
    keep = {"=", "-"} if side == "old" else {"=", "+"}
    text = rebuild(spans, side)
    pos, out = 0, []
    for op, piece in spans:
        if op in keep:
            pos += len(piece)
            out.append(pos)
    return [(text, p) for p in out[:-1]]


def assert_no_cut_word(spans) -> None:
    for side in ("old", "new"):
        for text, p in boundaries(spans, side):
            assert not (WORDISH.match(text[p - 1]) and WORDISH.match(text[p])), (side, text, p)


# Text made of words, punctuation, emoji, NBSP, curly quotes, bullets and line breaks,
# so the generator hits the noise rules far more often than plain st.text() would.
ATOMS = st.sampled_from(
    ["data", "Data", "14", "60", "days", "é", "e\u0301", "naïve", "we", "you", "ß", "日本",
     " ", "  ", "\n", "\n\n", "\r\n", "\u00a0", "\t", ",", ".", "'", "’", "“", "”", "\"",
     "-", "–", "—", "•", " - ", "\n  • ", "\n- ", "*", "👍", "👍🏽", "(", ")", ":"]
)  # fmt: skip
TEXTS = st.one_of(st.lists(ATOMS, max_size=40).map("".join), st.text(max_size=60))


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS)
@example(old="0\x010", new="  ")  # a control character once matched the leading-gap key
def test_spans_rebuild_both_texts_and_cut_no_word(old: str, new: str) -> None:
    d = diff_texts(old, new)
    spans = d.spans
    assert rebuild(spans, "new") == new
    assert fold_noise(rebuild(spans, "old")) == fold_noise(old)
    assert all(op in "=+-" and text for op, text in spans)
    assert_no_cut_word(spans)


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_offsets_point_at_the_span_texts(old: str, new: str) -> None:
    d = diff_texts(old, new)
    for o in d.ops:
        if o.op == "-":
            assert o.new_start == o.new_end
        if o.op == "+":
            assert o.old_start == o.old_end
        if o.op == "=":
            old_piece, new_piece = old[o.old_start : o.old_end], new[o.new_start : o.new_end]
            assert fold_noise(old_piece) == fold_noise(new_piece)
    assert [o.old_start for o in d.ops[1:]] == [o.old_end for o in d.ops[:-1]]
    assert [o.new_start for o in d.ops[1:]] == [o.new_end for o in d.ops[:-1]]


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_tiny_token_cap_still_rebuilds(old: str, new: str) -> None:
    # With a cap of 4 tokens every changed block is diffed line by line.
    d = diff_texts(old + "\nx\n" + new, new + "\ny\n" + old, Config(max_diff_tokens=4))
    assert rebuild(d.spans, "new") == new + "\ny\n" + old
    assert fold_noise(rebuild(d.spans, "old")) == fold_noise(old + "\nx\n" + new)


def test_identical_texts_are_one_equal_span() -> None:
    text = "Privacy Policy\n\nWe collect data."
    assert diff_texts(text, text).spans == (("=", text),)


def test_noise_only_changes_are_no_change() -> None:
    old = "We “collect”  data\r\nabout you — and\n  - your device\n\nand\u00a0more."
    new = 'We "collect" data about you - and\n• your device\nand more.'
    d = diff_texts(old, new)
    assert not d.changed
    assert d.spans == (("=", new),)


def test_changed_period_is_one_tight_change() -> None:
    old = "We keep your data for 14 days after you close your account."
    new = "We keep your data for 60 days after you close your account."
    spans = diff_texts(old, new).spans
    assert [s for s in spans if s[0] != "="] == [("-", "14"), ("+", "60")]


def test_rewritten_sentence_reads_as_one_change() -> None:
    old = "We may share it with partners for ads. Then we stop."
    new = "We will sell that to brokers in bulk. Then we stop."
    spans = diff_texts(old, new).spans
    changes = [s for s in spans if s[0] != "="]
    assert len(changes) == 2, spans
    assert changes[0][1].startswith("may share")
    assert changes[1][1].startswith("will sell")


def test_word_counts() -> None:
    d = diff_texts("one two three four", "one 2 three four five")
    assert (d.words_added, d.words_removed) == (2, 1)


def test_a_changed_word_is_replaced_whole() -> None:
    spans = diff_texts("the processor's duties", "the processors' duties").spans
    assert_no_cut_word(spans)
    assert ("-", "processor's") in spans or ("-", "processor") in spans


def test_moved_lines_rebuild() -> None:
    old = "A line\nB line\nC line\n"
    new = "C line\nA line\nB line"
    d = diff_texts(old, new)
    assert rebuild(d.spans, "new") == new
    assert fold_noise(rebuild(d.spans, "old")) == fold_noise(old)


def test_a_moved_short_line_is_shown_moving_not_the_long_paragraph() -> None:
    para = (
        "We collect your name, email address and phone number when you sign up, and "
        "we use them to run the service and to answer your support requests quickly"
    )
    for old, new in (
        (f"Effective: May 1\n{para}\nEnd.", f"{para}\nEffective: May 1\nEnd."),
        (f"{para}\nEffective: May 1\nEnd.", f"Effective: May 1\n{para}\nEnd."),
    ):
        changes = [t for op, t in diff_texts(old, new).spans if op != "="]
        assert [c.strip() for c in changes] == ["Effective: May 1"] * 2


def show(spans) -> str:
    return "".join(t if op == "=" else f"[{op}{t}]" for op, t in spans)


def test_an_insertion_sits_between_whole_words() -> None:
    # Several equally short scripts exist; the edit is slid to the word boundary
    # (the LCS alone gives "search[- ][+, chat, ]or").
    old = (
        "We don’t save or share your search or browsing history when you search on "
        "DuckDuckGo or use our apps and extensions."
    )
    new = (
        "We don’t save or share your search, chat, or browsing history when you search on "
        "DuckDuckGo, chat on Duck.ai, or use our apps and extensions."
    )
    assert show(diff_texts(old, new).spans) == (
        "We don’t save or share your search[+, chat,] or browsing history when you search "
        "on DuckDuckGo[+, chat on Duck.ai,] or use our apps and extensions."
    )
    assert show(diff_texts("As we are here", "As our services are here").spans) == (
        "As [-we][+our services] are here"
    )


def test_an_inserted_paragraph_starts_and_ends_at_line_starts() -> None:
    old = "Rights\n\nThe law gives you rights.\n\nThe rest."
    new = "Rights\n\nThe CCPA applies to us.\n\nThe law gives you rights.\n\nThe rest."
    assert show(diff_texts(old, new).spans) == (
        "Rights\n\n[+The CCPA applies to us.\n\n]The law gives you rights.\n\nThe rest."
    )


def test_an_inserted_or_deleted_list_item_takes_its_own_number_or_bullet() -> None:
    old = "We collect:\n1. your name\n2. your email\n3. your phone"
    new = "We collect:\n1. your name\n2. your address\n3. your email\n4. your phone"
    assert show(diff_texts(old, new).spans) == (
        "We collect:\n1. your name[+\n2. your address]\n3. your email\n4. your phone"
    )
    old = "We share with:\n  * advertisers\n  * partners\n  * vendors"
    new = "We share with:\n  * advertisers\n  * vendors"
    assert show(diff_texts(old, new).spans) == (
        "We share with:\n  * advertisers[-\n  * partners]\n  * vendors"
    )


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_myers_fallback_for_long_blocks_still_rebuilds(old: str, new: str) -> None:
    # A tiny LCS table limit sends every diff to the linear-memory algorithm:
    # another script maybe, but an equally short one over the same texts.
    small = diff_texts(old, new, Config(max_lcs_cells=1))
    assert rebuild(small.spans, "new") == new
    assert fold_noise(rebuild(small.spans, "old")) == fold_noise(old)
    assert_no_cut_word(small.spans)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example(" 1. data")  # a list number after leading whitespace is layout
@example("- \u00a0data\n 2) we")
def test_fast_folding_equals_folding_by_tokens(text: str) -> None:
    # fold_noise_fast is fold_noise by regular expressions, minus Unicode composition.
    nfc = unicodedata.normalize("NFC", text)
    assert fold_noise_fast(nfc) == fold_noise(nfc)


# The tokenizer's grammar without its shortcut for one space before a word.
_PLAIN_TOKEN = re.compile(
    rf"\A{normalize._GAP}|[\w{normalize._MARKS}]+|{normalize._GAP}"
    rf"|[^\w\s][{normalize._MARKS}]*"
)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example(" 3. data")  # a list number after a space at the very start is layout
@example("a \n2. b - c")
def test_tokenizer_shortcut_cuts_as_the_plain_grammar(text: str) -> None:
    assert normalize._TOKEN.findall(text) == _PLAIN_TOKEN.findall(text)


def _same_tokens(a: normalize.Tokens, b: normalize.Tokens) -> bool:
    return (a.text, a.keys, a.kinds, a.bounds) == (b.text, b.keys, b.kinds, b.bounds)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example("- a\n1. b")  # an opening gap: tried on its own, before the other alternatives
def test_tokens_cut_as_the_one_pattern(text: str) -> None:
    tokens = normalize.tokenize(text)
    assert [tokens.token(i) for i in range(len(tokens))] == normalize._TOKEN.findall(text)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, TEXTS, TEXTS, TEXTS)
@example("Intro\n", "a \n2. b", "c\n- d", "\nEnd - e\n1. f")
@example("Purpose\nWe use data.\n- More text here\n", "a.", "b. c", "\nEnd.")
def test_tokenizing_like_another_version_is_tokenizing(
    head: str, old_middle: str, new_middle: str, tail: str
) -> None:
    # Lines shared with another version are taken from its tokens: the same
    # tokens as tokenizing the text.
    old, new = head + old_middle + tail, head + new_middle + tail
    assert _same_tokens(
        normalize.tokenize_like(new, normalize.tokenize(old)), normalize.tokenize(new)
    )


def test_a_rewritten_sentence_reads_as_one_change_whatever_order_fragments_merge_in():
    # " use" first stood between two short changes and stayed; once " information "
    # merged the changes after it, " use" had to be looked at again (as
    # diff-match-patch's semantic cleanup does): one deletion, one insertion.
    old = ("This Privacy Statement explains our practices, including your choices, regarding "
           "the collection, use, and disclosure of certain information, including your "
           "personal information in connection with the Netflix service.")
    new = ("This Privacy Statement explains how we collect, use, and disclose your personal "
           "information when you use the Netflix service. Certain apps may also provide you "
           "with contextual privacy information or choices, in addition to the information "
           "described here.")
    ops = [op for op, _ in diff_texts(old, new).spans]
    assert ops == ["=", "-", "+", "="]


def test_a_line_too_long_to_diff_whole_is_diffed_piece_by_piece(monkeypatch):
    # One line (no break, no sentence end) rewritten throughout: as a whole it went to
    # Myers' diff, whose time grows with the square of such a line (3 s at 40 KB).
    from policyviewer.core import worddiff

    sizes = []
    library_ops = worddiff._library_ops

    def recording(a, b, config):
        sizes.append(len(a) * len(b))
        return library_ops(a, b, config)

    monkeypatch.setattr(worddiff, "_library_ops", recording)
    old = " ".join(f"a@b{i % 7} (x)" for i in range(300))
    new = old[::-1]
    config = Config(max_diff_tokens=200)
    d = diff_texts(old, new, config)
    assert "".join(t for op, t in d.spans if op != "+").split() == old.split()
    assert "".join(t for op, t in d.spans if op != "-").split() == new.split()
    assert max(sizes) <= 100 * 100  # pieces of max_diff_tokens / 2 tokens a side


def test_a_long_line_diffed_in_pieces_keeps_the_pieces_in_step_after_an_insertion():
    # Pieces of equal length fell out of step after words inserted near the start:
    # each cut showed the words the shorter side had not reached as removed and added
    # (80 words inserted into a 160 KB line counted +340 / -260).
    words = [f"w{i}" for i in range(400)]
    old = " ".join(words)  # no line break, no sentence end
    new = " ".join(["three", "new", "words", *words[:250], "and", "two", *words[250:]])
    d = diff_texts(old, new, Config(max_diff_tokens=200))
    assert (d.words_added, d.words_removed) == (5, 0)
    assert [t.strip() for op, t in d.spans if op != "="] == ["three new words", "and two"]
