"""Finding the date a policy version is from, as the library and outline use it."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS_DIR, SEEDS_DIR, requires_corpus

from policyviewer.core import dates
from policyviewer.core.dates import FoundDate, find_dated_lines, find_effective_date, parse_date
from policyviewer.core.importers import load_file


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("July 29, 2021", "2021-07-29"),
        ("29 July 2021", "2021-07-29"),
        ("2021-07-29", "2021-07-29"),
        ("July 29th, 2021", "2021-07-29"),
        ("07/29/2021", "2021-07-29"),
        ("Jan. 1, 2025", "2025-01-01"),
        ("Sept. 5, 2020", "2020-09-05"),
        ("1st of January 2024", "2024-01-01"),
        ("02nd October 2024", "2024-10-02"),
        ("November 8 , 2022", "2022-11-08"),
        ("December, 9 2022", "2022-12-09"),
        ("29.07.2021", "2021-07-29"),
        ("31/12/2023", "2023-12-31"),
        ("11-21-25", "2025-11-21"),
        ("  _May 20, 2024._ ", "2024-05-20"),
        ("MARCH 3, 2024", "2024-03-03"),
        ("March 2023", "2023-03-01"),
    ],
)
def test_parse_date_formats(written: str, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize(
    "not_a_date",
    ["", "hello", "February 30, 2021", "2021-13-01", "13/13/2021", "May 1", "Version 1.1",
     "July 29, 2021 and more words", "12345"],
)
def test_parse_date_rejects(not_a_date: str) -> None:
    assert parse_date(not_a_date) is None


# Each seed states its date differently (or not at all).
SEED_DATES = {
    "jector-ai": ("2024-05-20", "version", "May 20, 2024"),  # "Version 1.1 - May 20, 2024"
    "jestor": ("2021-07-29", "last_updated", "July 29, 2021"),  # "Last Modified: July 29, 2021."
    "jiminny": ("2020-01-21", "last_updated", "21 January 2020"),  # footer "Last updated: ..."
    "jtek": ("2025-01-01", "effective_date", "January 1, 2025"),  # "Effective date: ..."
    "netjump": None,  # mentions a "new effective date" but states none
}


@pytest.mark.parametrize("name", sorted(SEED_DATES))
def test_seed_dates(name: str) -> None:
    text = load_file(SEEDS_DIR / f"{name}.txt").text
    found = find_effective_date(text)
    expected = SEED_DATES[name]
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.iso, found.label, found.raw) == expected
    assert text[found.start:found.end] == found.raw


def test_labelled_near_top_wins_over_later_dates() -> None:
    text = (
        "Privacy Policy\nLast updated: March 3, 2024\n\nIntro.\n\n"
        + "Body paragraph.\n" * 50
        + "Previous version: Last updated: June 1, 2022\n"
    )
    found = find_effective_date(text)
    start = text.index("March 3, 2024")
    assert found == FoundDate("2024-03-03", "March 3, 2024", "last_updated", start, start + 13)
    assert [f.iso for f in find_dated_lines(text)] == ["2024-03-03", "2022-06-01"]


def test_without_a_dated_top_the_latest_labelled_date_wins() -> None:
    body = "A paragraph of policy text that says nothing about dates.\n\n" * 80
    text = "Policy\n\n" + body + "Revised June 1, 2021\nRevised May 4, 2023\n"
    found = find_effective_date(text)
    assert found is not None and found.iso == "2023-05-04"


def test_sentence_about_a_law_is_not_the_policy_date() -> None:
    text = (
        "Privacy Policy\n\n"
        "Effective January 1, 2020, the California Consumer Privacy Act (CCPA) allows "
        "California residents to ask what we hold.\n"
        "We are updating our policy, effective August 1, 2023.\n"
        "In 2021 we opened an office.\n"
    )
    assert find_dated_lines(text) == ()
    assert find_effective_date(text) is None


@pytest.mark.parametrize(
    ("text", "iso", "label"),
    [
        ("Effective as of 1 September 2021\n\nText", "2021-09-01", "effective_date"),
        ("Privacy Policy | Last Updated: Oct 10, 2022\nText", "2022-10-10", "last_updated"),
        ("This Privacy Policy was last modified on December 21, 2022. Click here.",
         "2022-12-21", "last_updated"),
        ("This Privacy Policy is effective as of July 3, 2023.", "2023-07-03", "effective_date"),
        ("Date of last revision: 2 May 2022", "2022-05-02", "last_updated"),
        ("Updated on 17 March 2021", "2021-03-17", "last_updated"),
        ("Effective date\n\nJanuary 1, 2024\n\nWe are Acme.", "2024-01-01", "effective_date"),
        ("Last Update of this Privacy Policy:\n\nFebruary 20th, 2025\n", "2025-02-20",
         "last_updated"),
        ("Acme Privacy Notice\n\nNovember 5, 2025\n\nWe care.", "2025-11-05", "date"),
        ("Last updated 11-21-25\n", "2025-11-21", "last_updated"),
        ("Version 2.0 (March 1, 2024)\n\nText", "2024-03-01", "version"),
        ("Privacy Policy (Last updated: May 1, 2024)", "2024-05-01", "last_updated"),
        ("  * Last modified on: February 1st, 2021.", "2021-02-01", "last_updated"),
    ],
)
def test_label_forms(text: str, iso: str, label: str) -> None:
    found = find_effective_date(text)
    assert found is not None
    assert (found.iso, found.label) == (iso, label)
    assert text[found.start:found.end] == found.raw
    assert parse_date(found.raw) == iso


# A few corpus versions, with the date each one states (checked by reading the file).
CORPUS_DATES = {
    "atlassian/2025-09-06.md": "2025-10-07",  # Effective starting: October 7, 2025
    "dailymotion/2025-02-21.md": "2025-02-20",  # label line, date on the next line
    "deliveroo/2023-06-20.md": "2023-06-20",  # "was last published on: 20 June 2023" (footer)
    "mozilla/2025-11-06.md": "2025-11-05",  # bare date under the title
    "roblox/2023-07-01.md": "2023-06-13",  # not the "updating ..., effective Aug 1" banner
    "starbucks/2022-12-09.md": "2022-12-09",  # "Last Revised: December, 9 2022."
    "twitch/2022-07-20.md": "2022-07-19",  # "Last modified on 07/19/2022"
    "vinted/2020-10-27.md": "2020-04-24",  # "Date last updated: 2020-04-24"
    "wolfram/2023-04-26.md": "2023-01-01",  # footer, not the CCPA sentence of 2020
    "reddit/2025-05-29.md": "2025-06-28",  # "Effective: June 28, 2025. Last Revised: ..."
    "telegram/2026-08-22.md": None,  # states no date
}


@requires_corpus
@pytest.mark.parametrize("rel", sorted(CORPUS_DATES))
def test_corpus_dates(rel: str) -> None:
    doc = load_file(CORPUS_DIR / rel)
    found = find_effective_date(doc.text)
    assert (found.iso if found else None) == CORPUS_DATES[rel]


@requires_corpus
def test_most_corpus_policies_have_a_date_that_is_not_after_capture() -> None:
    # The newest version of each service (loading all 205 would only slow the suite).
    files = [sorted(d.glob("*.md"))[-1] for d in sorted(CORPUS_DIR.iterdir()) if d.is_dir()]
    dated = 0
    for f in files:
        found = find_effective_date(load_file(f).text)
        if found is None:
            continue
        dated += 1
        captured = f.stem[:10]
        # A version is captured after it was written; "effective" may be a little ahead.
        assert found.iso <= f"{int(captured[:4]) + 1}{captured[4:]}", (f, found)
    assert dated >= 0.85 * len(files)


def test_found_dates_point_into_text() -> None:
    text = "Title\n\nLast updated: May 1, 2024\n\nEffective date: June 1, 2024\nBody."
    found = find_dated_lines(text)
    assert [(f.raw, f.label) for f in found] == [
        ("May 1, 2024", "last_updated"),
        ("June 1, 2024", "effective_date"),
    ]
    for f in found:
        assert text[f.start:f.end] == f.raw


def test_every_label_opens_with_a_letter_the_label_prefilter_lets_through():
    # _may_open_label skips lines by their first letter: a label added to _LABEL
    # with a new initial ("Stand:") must be let through, or its lines lose their date.
    words = re.findall(r"[A-Za-z]{2,}", dates._LABEL)  # the label words, in order
    for size in range(1, 7):
        for k in range(len(words) - size + 1):
            phrase = " ".join(words[k : k + size])
            if dates._LABEL_ONLY_LINE.match(phrase + ":"):
                assert dates._may_open_label(phrase + ":"), phrase



def _nested_repeats(items, depth: int = 0) -> int:
    """How deep repetitions nest in a parsed regex (re's own parse tree)."""
    deepest = depth
    for op, arg in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            deepest = max(deepest, _nested_repeats(arg[2], depth + 1))
        elif name == "SUBPATTERN":
            deepest = max(deepest, _nested_repeats(arg[-1], depth))
        elif name == "BRANCH":
            deepest = max([deepest, *(_nested_repeats(b, depth) for b in arg[1])])
    return deepest


def test_the_marks_before_a_label_are_read_without_nested_repetition() -> None:
    # "(?:[-*...]+[ \t]*)*" could cut a run of marks into groups in exponentially many
    # ways, all tried when no label follows: "-" * 26 + "d" took 18 s, 30 marks minutes.
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]

    assert _nested_repeats(sre_parse.parse(dates._LEAD)) == 1
    found = find_dated_lines("- **_ Last updated: 5 January 2024\n"
                             "-- * | Effective date: 2024-02-01\n")
    assert [(d.label, d.iso) for d in found] == [("last_updated", "2024-01-05"),
                                                  ("effective_date", "2024-02-01")]
