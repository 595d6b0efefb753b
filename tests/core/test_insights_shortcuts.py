"""Rewritten regexes and shortcuts of the insights give what the plain forms give.

Each shortcut is checked against the straightforward computation on generated text made
of the words the patterns look for, so a wrong rewrite shows up beyond the corpus.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyviewer.core.insights import categories, diffing, facts, lexicon, party_names
from policyviewer.core.insights import text as text_module
from policyviewer.core.insights.commitments import commitment_key
from policyviewer.core.insights.rx import (
    alternatives,
    expand_first,
    first_char_groups,
    lowered,
)
from policyviewer.core.insights.text import lower_for_matching


def _words(*patterns: str) -> list[str]:
    return sorted({w for rx in patterns for w in re.findall(r"[a-z]+", rx)})


def _text(words: list[str], extra: str = " .,-@\n13") -> st.SearchStrategy[str]:
    """Texts of pattern words, pieces of them and separators."""
    piece = st.one_of(st.sampled_from(words), st.sampled_from(words).map(lambda w: w[:3]),
                      st.sampled_from(list(extra)), st.sampled_from(["s", "ing", "ed"]))
    return st.lists(piece, max_size=40).map("".join)


def _same_at_every_position(plain: str, grouped: str, text: str) -> None:
    a, b = re.compile(plain), re.compile(grouped)
    for pos in range(len(text) + 1):
        ma, mb = a.match(text, pos), b.match(text, pos)
        assert (ma and ma.span()) == (mb and mb.span()), (plain, grouped, text, pos)


_SAMPLES = [
    "(?:we|to) use (?:your|the)|use of|(?:business )?partners?|pa",
    "ab|(?:a|ab)c|a(?:b)?|b|(?:x(?:y|yz)?)?z|",
    "(?:ab)?ab?|(?:a|b)?ba",
    "(?:a|b)*c|(?:a|b)?+d|(?:a|b)??e|a|[ab]c|ac",
    "(?:update|modify|change)\\w* (?:this|our) (?:privacy )?policy|changes? to",
]


def test_expand_first_multiplies_out_a_leading_group_in_order() -> None:
    assert expand_first("(?:we|to) use") == ["we use", "to use"]
    assert expand_first("(?:business )?partners?") == ["business partners?", "partners?"]
    assert expand_first("(?:a|b)*c") == ["(?:a|b)*c"]  # repeated: left alone
    assert expand_first("(?:a|b)??c") == ["(?:a|b)??c"]  # lazy: the other order
    assert first_char_groups(["ab", "(?:a|b)c", "[ab]x", "ad"]) == "a(?:b|c)|b(?:c)|[ab]x|a(?:d)"


@settings(max_examples=300, deadline=None)
@given(_text(["a", "b", "c", "d", "e", "ab", "x", "y", "z", "we", "to", "use", "your", "the",
              "business", "partner", "pa", "update", "change", "this", "our", "privacy",
              "policy"], extra=" s"))
def test_grouped_alternations_match_as_written_from_every_position(text: str) -> None:
    for rx in _SAMPLES:
        _same_at_every_position(rx, first_char_groups(alternatives(rx)), text)
        _same_at_every_position(f"(?:{rx})\\b", f"(?:{first_char_groups(alternatives(rx))})\\b",
                                text)


_CUE_WORDS = _words(*categories._CUES.values())


@settings(max_examples=400, deadline=None)
@given(_text(_CUE_WORDS))
def test_one_scan_counts_each_category_as_its_own_findall(text: str) -> None:
    categories._line_counts.cache_clear()
    assert categories._body_counts.__wrapped__(text) == tuple(
        len(categories._PATTERNS[cat].findall(text)) for cat in categories.CATEGORIES)


def test_category_cues_are_grouped_as_written() -> None:
    # Each category's grouped form matches where and as far as its own pattern does.
    text = " ".join(_CUE_WORDS) + " we use your data; business partners, to use the data"
    for cue in categories._CUES.values():
        _same_at_every_position(cue, first_char_groups(alternatives(cue)), text)


_SENTENCE_PIECES = ["e.g.", "i.e.", "etc.", "Inc.", "U.S.", "No.", "A.", "b.", "Mr.", "word",
                    "averyveryverylongword.", "e.g......", "  ", " ", "\t", "\n", "\n\n", ". ",
                    "; ", ": ", "? ", "! ", "The", "We", "12", "“Q", "(A", "•", ".", "\u2028",
                    "\xa0", "x", "..........."]


@settings(max_examples=500, deadline=None)
@example("See A.................. Then e.g.................. More: x")  # longer than the window
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=60).map("".join))
def test_sentences_split_line_by_line_as_over_the_whole_text(text: str) -> None:
    text_module._line_sentences.cache_clear()
    assert text_module.sentence_spans.__wrapped__(text) == tuple(text_module.sentences(text))


_LOWERED = [(party_names._SHARING_CUE, lowered(party_names._SHARING_CUE)),
            (party_names._LIST_CUE, party_names._LIST_CUE_LOWER),
            (categories._AGE_CONTEXT, categories._AGE_CONTEXT_LOWER)]
_CASED_WORDS = [w.capitalize() for w in _words(*(p.pattern for p, _ in _LOWERED))]


@settings(max_examples=400, deadline=None)
@given(_text(_words(*(p.pattern for p, _ in _LOWERED)) + _CASED_WORDS + ["E.G.", "İ", "K"],
             extra=" .,:(\n"))
def test_lowered_cues_match_lower_cased_text_as_the_ignorecase_ones(text: str) -> None:
    low = lower_for_matching(text)
    if low is None:
        return  # the callers then use the IGNORECASE pattern
    for plain, fast in _LOWERED:
        assert [m.span() for m in fast.finditer(low)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@example("Acme Corporation")
@example("Big S.A. and Co B.V.")
@given(_text(["Acme", "Inc", "Inc.", "LLC", "Ltd", "Limited", "GmbH", "S.A.", "B.V.", "Corp.",
              "Corporation", "PLC", "AG", "Big", "Co", "and"], extra=" ,.\n"))
def test_an_org_suffix_is_never_found_without_its_literal_word(text: str) -> None:
    if party_names._ORG_SUFFIX.search(text):
        assert party_names._ORG_WORDS.search(text)


@settings(max_examples=400, deadline=None)
@example("Your very long description of the personal data you gave us is retained")
@example(", X" + "a" * 60 + " is retained")  # the longest subject: 61 characters
@given(_text(["data", "logs", "is", "are", "will be", "get", "retained", "kept", "deleted",
              "quickly", "permanently", "which", "averyveryverylongwordofthirtycharacters",
              "İ", "K", "ſ"], extra=" ,.'-"))
def test_passive_subjects_are_found_from_the_first_tail_as_from_the_start(text: str) -> None:
    fast = [m.span() for m in facts._passive_matches(text)]
    assert fast == [m.span() for m in facts._PASSIVE.finditer(text)]


_SCAN_WORDS = [*_CUE_WORDS, *_words(party_names._SHARING_CUE.pattern,
                                    categories._AGE_CONTEXT.pattern),
               *lexicon.KNOWN_THIRD_PARTIES[::7], "Google", "google analytics", "x@y.com",
               "a.b@c.io", "paypal.me", "stripe-based", "@google", "/google"]


@settings(max_examples=500, deadline=None)
@example("We share it with Google Analytics. Children under 13; contact dpo@x.com: Stripe")
@given(_text([*_SCAN_WORDS, "E.", "We", "The", "İ", "K"], extra=" .,;:-@\t"))
def test_one_sentence_scan_finds_what_each_pattern_finds(text: str) -> None:
    found = categories.cue_scan.__wrapped__(text)
    assert found.counts == tuple(len(categories._PATTERNS[cat].findall(text))
                                 for cat in categories.CATEGORIES)
    assert found.known == tuple(m.span() for m in party_names._GAZETTEER.finditer(text))
    assert found.sharing == (party_names._SHARING_CUE.search(text) is not None)
    assert found.age == (categories._AGE_CONTEXT.search(text) is not None)


_JOINS = st.sampled_from([". ", "; ", ": ", "? ", "!\t", " ", ". “", "e.g. ", ".  "])


@settings(max_examples=500, deadline=None)
@example(["We share data", "Children under 13", "Contact us"], [". ", "; "])
@given(st.lists(_text([*_SCAN_WORDS, "E.", "1", "“A"], extra=" .;:-@"), min_size=1, max_size=5),
       st.lists(_JOINS, min_size=4, max_size=4))
def test_a_line_counts_as_the_sum_of_its_sentences(parts: list[str], joins: list[str]) -> None:
    line = parts[0]
    for part, join in zip(parts[1:], joins, strict=False):
        line += join + part[:1].upper() + part[1:]
    line = line.replace("\n", " ")
    categories._line_counts.cache_clear()
    assert categories._line_counts(line) == tuple(
        len(categories._PATTERNS[cat].findall(line)) for cat in categories.CATEGORIES)


def _reference_still_promised(key: str, sentences: list[str]) -> bool:
    """diffing._still_promised as first written: every clause of every sentence."""
    words = key.split()
    if not words:
        return False
    need = 0.8 * len(words)
    for sent in sentences:
        for first, skey in diffing._negated_clauses(sent):
            if first == words[0] and len(set(words) & skey) >= need:
                return True
    return False


_PROMISE_WORDS = ["we", "do", "not", "never", "don't", "no", "sell", "share", "your", "personal",
                  "data", "information", "with", "advertisers", "third", "parties", "nor", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PROMISE_WORDS), max_size=12).map(" ".join),
                max_size=8),
       st.lists(st.sampled_from(_PROMISE_WORDS), max_size=8).map(" ".join))
def test_still_promised_by_first_word_equals_the_scan(sentences: list[str], promise: str) -> None:
    key = commitment_key(promise)
    clauses = diffing._clauses_by_first_word(sentences)
    assert diffing._still_promised(key, clauses) == _reference_still_promised(key, sentences)


@settings(max_examples=400, deadline=None)
@example("Acme Inc. and its partners will NEVER sell your data")
@example("We do not ever rent your data")
@given(_text(["we", "We", "WE", "Acme", "acme", "and", "our", "partners", "do", "not", "Not",
              "never", "won't", "don’t", "will", "also", "ever", "knowingly", "sell", "Share",
              "rent", "your", "data", "notice", "İ", "K"], extra=" ,"))
def test_a_promise_is_never_found_without_its_tail(text: str) -> None:
    promise = facts.commitment_pattern(("acme",))
    low = lower_for_matching(text)
    if low is not None and promise.search(text):
        assert facts.PROMISE_TAIL_LOWER.search(low), text
