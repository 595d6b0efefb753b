"""The fast paths of the insights give exactly what the straightforward computation gives.

Categories match lower-cased text with case-sensitive patterns and cache per
section text; facts are read once per distinct sentence. Here each is checked
against a plain re-implementation (IGNORECASE patterns, no caches) on real text.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import replace

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus

import policyviewer.core.insights as insights
from policyviewer.core.insights import categories, diffing, facts, party_names
from policyviewer.core.insights.text import FOLD_UNSAFE, section_heading_at, sentences

TRICKY = ("We collect your data. İstanbul office: ſhare with partners; KELVIN \u212aIDS under 13. "
          "Contact us at privacy@example.com. COOKIES and SDKs. Google Analytics, "
          "GOOGLE ANALYTICS, google analytics, PayPal.Me, Stripe-based, ZOOM IN.")


def _reference_scores(heading: str | None, body: str) -> dict[str, float]:
    """category_scores as first written: one IGNORECASE findall per category, no cache."""
    scores: dict[str, float] = {}
    for cat in categories.CATEGORIES:
        score = float(len(categories._PATTERNS[cat].findall(body)))
        if heading and (categories._HEADING_PATTERNS[cat].search(heading)
                        or categories._PATTERNS[cat].search(heading)):
            score += categories.HEADING_WEIGHT
        if score:
            scores[cat] = score
    return scores


def _reference_facts(text, outline=None, *, own_names=None):
    """extract_facts as first written: every extractor on every sentence, no cache."""
    own = facts.company_names(text) if own_names is None else own_names
    promise = facts.commitment_pattern(tuple(n for n in own if len(n) > 2))
    found = []
    date = facts._effective_date(text, outline)
    if date:
        found.append(date)
    for s, e in sentences(text):
        heading = section_heading_at(outline, s)
        found += facts._periods(text, s, e, heading)
        found += facts._ages(text, s, e, heading)
        found += facts._parties(text, s, e, heading, own)
        found += facts._laws(text, s, e, heading)
        found += facts._contacts(text, s, e, heading)
        for cs, ce in facts.find_commitments(text[s:e], promise):
            value = re.sub(r"\s+", " ", text[s + cs : s + ce]).strip()
            found.append(facts.Fact("commitment", value, facts.commitment_key(value), heading,
                                    s + cs, s + ce))
    found.sort(key=lambda f: (f.start, f.kind))
    return tuple(found)


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in SEED_FILES] + [TRICKY]
    if CORPUS_DIR.is_dir():
        out.append((CORPUS_DIR / "vinted" / "2021-08-16.md").read_text(encoding="utf-8"))
    return out


def test_lower_casing_is_only_unsafe_for_three_characters() -> None:
    """For every cased character except FOLD_UNSAFE, an IGNORECASE ASCII letter matches it
    exactly when its lower case is that letter, and lower-casing keeps it one word character."""
    letters = {x: re.compile(x, re.IGNORECASE) for x in "abcdefghijklmnopqrstuvwxyz"}
    word = re.compile(r"\w")
    wrong = []
    for cp in range(128, sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if low == c and c.upper() == c:
            continue  # uncased: lower-casing leaves it as it is
        ok = len(low) == 1 and bool(word.match(c)) == bool(word.match(low)) and all(
            bool(rx.match(c)) == (low == x) for x, rx in letters.items())
        if not ok:
            wrong.append(c)
    assert sorted(wrong) == sorted(FOLD_UNSAFE)


def test_cue_patterns_are_written_in_lower_case() -> None:
    # The fast path matches lower-cased text: an upper-case letter in a cue would never match.
    for rx in [*categories._CUES.values(), *categories._HEADING_CUES.values()]:
        assert not re.search(r"(?<!\\)[A-Z]", rx), rx


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_category_scores_equal_the_plain_computation(text: str) -> None:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for body in [text, *paragraphs]:
        heading = body.split("\n", 1)[0][:80]
        assert categories.category_scores(heading, body) == _reference_scores(heading, body)
        assert categories.category_scores(None, body) == _reference_scores(None, body)


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_known_party_names_are_found_as_with_ignorecase(text: str) -> None:
    for s, e in sentences(text):
        sent = text[s:e]
        low = sent.lower()
        fast = [m.span() for m in party_names._GAZETTEER_LOWER.finditer(low)]
        plain = [m.span() for m in party_names._GAZETTEER.finditer(sent)]
        if not any(c in sent for c in FOLD_UNSAFE):
            assert fast == plain, sent


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_sentences_skipped_by_the_cheap_tests_have_nothing_to_find(text: str) -> None:
    """The substring tests that spare the regexes never skip a sentence they would match."""
    promise = facts.commitment_pattern(("acme", "jestor", "vinted"))
    skipped = 0
    for s, e in sentences(text):
        sent = text[s:e]
        low = sent.lower()
        if not facts._UNIT_WORDS.search(low):
            assert not facts._PERIOD.search(sent), sent
            skipped += 1
        if not facts._LAW_WORDS.search(sent):
            assert not facts._LAW.search(sent), sent
        if "@" not in sent:
            assert not facts._EMAIL.search(sent), sent
        if not re.search(r"\d", sent):
            assert not facts._STREET.search(sent), sent
        if not facts._NEGATION_WORDS.search(low):
            assert not promise.search(sent), sent
        if not diffing._negated_clauses(sent):
            assert not diffing._NEGATION.search(sent), sent
    assert skipped > 0


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_sentences_read_alone_give_what_they_give_in_place(text: str) -> None:
    """Laws read from the sentence alone are those found in the text; a sentence flagged as
    naming no party or contact gives none in place."""
    own = facts.company_names(text)
    promise = facts.commitment_pattern(own)
    flagged = 0
    for s, e in sentences(text):
        found = facts._sentence_facts(text[s:e], promise.pattern, promise.flags)
        assert [(v, 2 * s + a) for _, v, _, a, _ in found.laws] == [
            (f.value, f.start) for f in facts._laws(text, s, e, None)]
        if not found.may_name_party:
            assert facts._parties(text, s, e, None, own) == [], text[s:e]
        if not found.may_have_contact:
            assert facts._contacts(text, s, e, None) == [], text[s:e]
        flagged += found.may_name_party
    assert flagged > 0


def _reference_company_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in re.finditer(r"(?<![.\w])[A-Z][a-zA-Z]{2,}\b", text):
        w = m.group().lower()
        if w not in facts.lexicon.NOT_A_PARTY:
            counts[w] = counts.get(w, 0) + 1
    return counts


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_company_names_count_and_domains_as_the_plain_scan(text: str) -> None:
    counts = {w: n for w, n in Counter(map(str.lower, facts._CAPITALISED.findall(text))).items()
              if w not in facts.lexicon.NOT_A_PARTY}
    reference = _reference_company_counts(text)
    assert list(counts.items()) == list(reference.items())  # same order: ties break alike
    for top in [*list(counts)[:20], "acme", "vinted"]:
        word_first = rf"(?-i:{re.escape(top)})(?<![\w.@/](?s:.){{{len(top)}}})\b(?!\.\w)"
        plain = rf"(?<![\w.@/])(?-i:{re.escape(top)})\b(?!\.\w)"
        assert re.findall(word_first, text) == re.findall(plain, text)
    by_line = [a for line in text.split("\n") for a in facts._EMAIL.findall(line)]
    assert by_line == [m.group() for m in facts._EMAIL.finditer(text)]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_sentences_and_category_counts_do_not_cross_lines(text: str) -> None:
    """Counting cues line by line gives the whole text's count (no cue spans a line break)."""
    assert categories._body_counts(text) == tuple(
        len(categories._PATTERNS[cat].findall(text)) for cat in categories.CATEGORIES)


def test_tricky_text_gives_the_same_facts_as_the_plain_extractor() -> None:
    assert facts.extract_facts(TRICKY) == _reference_facts(TRICKY)
    assert any(f.kind == "third_party" for f in facts.extract_facts(TRICKY))


def _pair(old: str, new: str):
    from policyviewer.core.compare import compare_outlines
    from policyviewer.core.importers import load_file
    from policyviewer.core.outline import outline_of

    a, b = load_file(CORPUS_DIR / old), load_file(CORPUS_DIR / new)
    return compare_outlines(a.text, outline_of(a), b.text, outline_of(b), insights=False)


def _clear_caches() -> None:
    for fn in (categories._body_counts, categories._line_counts, categories._heading_hits,
               categories.categorize_section, facts._sentence_facts, diffing._negated_clauses,
               categories.cue_scan, party_names._name_like, party_names._run_in_label):
        fn.cache_clear()


@requires_corpus
@pytest.mark.parametrize("old,new", [
    ("vinted/2021-08-16.md", "vinted/2021-10-11.md"),
    ("tumblr/2024-05-09.md", "tumblr/2024-12-24.md"),
    ("twitch/2022-07-20.md", "twitch/2022-08-27.md"),
])
def test_analyse_equals_the_plain_computation_on_real_pairs(old, new, monkeypatch) -> None:
    if not (CORPUS_DIR / old).exists() or not (CORPUS_DIR / new).exists():
        pytest.skip("pair not in this corpus")
    cmp = _pair(old, new)
    _clear_caches()
    fast = insights.analyse(cmp)
    again = insights.analyse(replace(cmp, sections=tuple(replace(s, categories=())
                                                         for s in cmp.sections)))
    assert again == fast  # warm caches change nothing

    uncached = categories.categorize_section.__wrapped__

    def plain_categorize(heading, body):
        return uncached(heading, body)

    monkeypatch.setattr(categories, "category_scores", _reference_scores)
    monkeypatch.setattr(categories, "categorize_section", plain_categorize)
    monkeypatch.setattr(insights, "category_scores", _reference_scores)
    monkeypatch.setattr(insights, "categorize_section", plain_categorize)
    monkeypatch.setattr(insights, "extract_facts", _reference_facts)
    plain = insights.analyse(cmp)
    assert [s.categories for s in fast.sections] == [s.categories for s in plain.sections]
    assert fast.insights == plain.insights
    assert any(s.categories for s in fast.sections)


def test_shared_sentences_keep_their_own_heading_and_offsets() -> None:
    """A sentence cached from one text is placed at its own offset in the other."""
    sent = "We keep your log data for 30 days. We do not sell your personal data."
    one = facts.extract_facts("Intro line.\n" + sent)
    two = facts.extract_facts("A longer introduction here.\n\n" + sent)
    shift = len("A longer introduction here.\n\n") - len("Intro line.\n")
    assert [f.kind for f in one] == [f.kind for f in two]
    assert [f.start + shift for f in one] == [f.start for f in two]
    assert {f.kind for f in one} >= {"retention", "commitment"}


@pytest.mark.parametrize("text", [*_texts(), '("aXa aXa") x “ Acme Inc ” (Acme)\nacme.io İstanbul'],
                         ids=lambda t: t[:20])
def test_name_checks_over_the_whole_text_equal_their_plain_regexes(text: str) -> None:
    names = sorted(set(re.findall(r"[A-Z][\w.]+(?: [A-Z][\w.]+)?", text)))[:300]
    names += ["aXa aXa", "aXa", "Acme Inc", "Acme", "İstanbul", "Istanbul", "Nowhere Ltd"]
    assert len(names) > 5
    for name in names:
        assert party_names._quoted(name, text) == bool(
            re.search(rf"[“\"(]\s*{re.escape(name)}\s*[”\")]", text)), name
        assert party_names._used_in_lower_case(name, text) == bool(
            re.search(rf"(?<![\w.])(?-i:{re.escape(name.lower())})\b", text)), name


def _reference_periods(old, new):
    """diffing._periods's first two passes as first written: a scan of all new facts each."""
    old = [x for x in old if x.fact.kind in ("retention", "duration")]
    new = [x for x in new if x.fact.kind in ("retention", "duration")]
    left_old = [o for o in old if not diffing._take(
        new, lambda n, o=o: n.fact.key == o.fact.key and n.fact.kind == o.fact.kind
        and n.fact.subject == o.fact.subject)]
    still = [o for o in left_old if not diffing._take(
        new, lambda n, o=o: n.fact.key == o.fact.key and (
            n.pid == o.pid or diffing._overlap(n.fact.subject, o.fact.subject)))]
    return still, new


def test_period_pairing_by_value_equals_the_scan() -> None:
    import random

    rng = random.Random(7)
    values, subjects = ["30 days", "thirty days", "1 year", "6 months"], [None, "log data",
                                                                        "data", "backups"]

    def located(i):
        f = facts.Fact(rng.choice(["retention", "duration", "age"]), rng.choice(values),
                       rng.choice(subjects), None, i, i + 1)
        return diffing.Located(f, rng.choice([None, 0, 1, 2]), None)

    paired = 0
    for _ in range(500):
        old = [located(i) for i in range(rng.randrange(9))]
        new = [located(i) for i in range(rng.randrange(9))]
        still, left = diffing._unpaired_periods(old, new)
        assert (still, left) == _reference_periods(old, new), (old, new)
        paired += len(still) < len([x for x in old if x.fact.kind != "age"])
    assert paired > 100
