"""The change summary in text, Markdown and HTML, read the way a reader would."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from conftest import CORPUS_DIR, requires_corpus
from markdown_it import MarkdownIt
from test_report_samples import acme_comparison, comparison, section

from policyviewer.core.model import MetadataChange, MetadataLine, Outline, Section
from policyviewer.core.report import ReportContext, render_report

CTX = ReportContext(
    policy_name="Acme Privacy Policy",
    old_label="Acme version 1",
    new_label="Acme version 2",
    old_date="2024-05-01",
    new_date="2025-01-15",
    generated_at=datetime(2025, 2, 1, 9, 30, tzinfo=timezone.utc),
)
FORMATS = ("text", "markdown", "html")


def visible_text(html: str) -> str:
    """What a browser shows: tags dropped, entities decoded, spaces collapsed."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def markdown_to_html(report: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(report)


def shown(fmt: str, report: str) -> str:
    """The report as its reader sees it (HTML and Markdown rendered to text)."""
    if fmt == "html":
        return visible_text(report)
    if fmt == "markdown":
        return visible_text(markdown_to_html(report))
    return " ".join(report.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_names_the_policy_versions_dates_and_statistics(fmt):
    text = shown(fmt, render_report(acme_comparison(), fmt, CTX))
    for expected in ("Acme Privacy Policy", "Acme version 1", "Acme version 2", "2024-05-01",
                     "2025-01-15", "2025-02-01 09:30 UTC"):
        assert expected in text
    stats = acme_comparison().stats
    for label, value in (("Sections added", stats.sections_added),
                         ("Sections removed", stats.sections_removed),
                         ("Sections renumbered", stats.sections_renumbered),
                         ("Words added", stats.words_added)):
        assert re.search(rf"{label}\W+{value}\b", text), label


@pytest.mark.parametrize("fmt", FORMATS)
def test_key_changes_come_first_then_metadata_then_sections(fmt):
    text = shown(fmt, render_report(acme_comparison(), fmt, CTX))
    key = text.index("Server logs are kept for 60 days instead of 14 days.")
    promise = text.index("The promise never to sell personal information was removed.")
    meta = text.index("Effective date")
    sections = text.lower().index("changes by section")
    assert key < promise < meta < sections
    assert text.index("2025-01-15", meta) > meta


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_changed_section_is_listed_in_document_order_with_its_status(fmt):
    text = shown(fmt, render_report(acme_comparison(), fmt, CTX))
    body = text[text.lower().index("changes by section") :]
    order = [body.index(h) for h in ("3. Data retention", "2. Cookies", "4. Children",
                                     "4. Selling data", "5. Contact us")]
    assert order == sorted(order)
    for badge in ("added", "removed", "modified", "moved", "renamed", "renumbered"):
        assert badge in body.lower()
    # Renamed and renumbered sections say what they were called before.
    assert "5. Contact" in body and "2. Data retention" in body
    # Added and removed sections show their text.
    assert "We do not knowingly collect data from children under 13." in body
    assert "We will never sell your personal information to anyone." in body


def test_text_shows_the_changed_wording_in_context_with_old_to_new_lines():
    report = render_report(acme_comparison(), "text", CTX)
    assert "We keep server logs for [-14-]{+60+} days before deleting them." in report
    assert "logs for 14 days before → logs for 60 days before" in report
    assert "Invoices are kept for [-seven-]{+ten+} years because tax law requires it." in report
    # Only the changed sentences, not the whole section.
    assert "Backups are encrypted" not in report
    assert "[-deleted words-] {+inserted words+}" in report  # the convention is stated
    assert all(len(line) <= 88 for line in report.splitlines())


def test_markdown_strikes_deletions_and_bolds_insertions():
    report = render_report(acme_comparison(), "markdown", CTX)
    assert "~~struck-through text~~ was deleted, **bold text** was inserted" in report
    html = markdown_to_html(report)
    assert "We keep server logs for <s>14</s> <strong>60</strong> days" in html
    assert "*logs for 14 days before* → *logs for 60 days before*" in report
    assert "<s>We will never sell your personal information to anyone.</s>" in html


def test_html_marks_changes_with_ins_and_del():
    report = render_report(acme_comparison(), "html", CTX)
    assert re.search(r"for <del[^>]*>14</del> <ins[^>]*>60</ins> days", report)
    assert re.search(r"<ins[^>]*>We do not knowingly collect data from children", report)


def test_html_is_self_contained_and_escapes_the_policy():
    hostile = section(
        "modified", ("1.", "Scripts <b>bold</b>"), ("1.", "Scripts <b>bold</b>"),
        'Text with <script>alert("x")</script> and [-<img src=http://evil.example/a.png>-]'
        '{+<link rel=stylesheet href="http://evil.example/s.css">+} & more.',
    )
    report = render_report(comparison([hostile]), "html", CTX)

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: set[str] = set()
            self.attrs: list[tuple[str, str | None]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.attrs += attrs

    parser = Tags()
    parser.feed(report)
    assert not parser.tags & {"script", "img", "link", "iframe", "object", "style"}
    assert {name for name, _ in parser.attrs} <= {"style", "lang", "charset", "name", "content",
                                                 "cellspacing"}
    assert not any("url(" in (value or "") for _, value in parser.attrs)
    assert "&lt;script&gt;" in report
    assert 'alert("x")' in visible_text(report) or "alert(&quot;x&quot;)" in report
    assert "<b>bold</b>" in visible_text(report)


def test_html_tags_are_balanced():
    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.void = {"meta", "br", "hr", "img", "link", "input"}

        def handle_starttag(self, tag, attrs):
            if tag not in self.void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, (self.stack[-5:], tag)
            self.stack.pop()

    parser = Balance()
    parser.feed(render_report(acme_comparison(), "html", CTX))
    assert parser.stack == []


def test_markdown_shows_policy_punctuation_literally():
    odd = section(
        "modified", ("1.", "Use of *cookies* & #tags"), ("1.", "Use of *cookies* & #tags"),
        "We use [links](http://x), a_b_c and *stars* for [-1-]{+2+} years.",
    )
    lines = section("added", None, ("2.", "Lists"), "- not a list\n# not a heading\n3. not an item")
    report = render_report(comparison([odd, lines]), "markdown", CTX)
    html = markdown_to_html(report)
    html = html[html.index("<h3>") :]  # the policy's part, after the legend
    assert "Use of *cookies* &amp; #tags</h3>" in html
    assert "<a href" not in html and "<em>stars</em>" not in html
    assert "[links](http://x), a_b_c and *stars* for <s>1</s> <strong>2</strong> years" in html
    assert "<li>" not in html and "<h1>" not in html
    assert "- not a list" in html and "# not a heading" in html and "3. not an item" in html


@pytest.mark.parametrize("fmt", FORMATS)
def test_unchanged_sections_are_left_out_unless_asked_for(fmt):
    cmp = acme_comparison()
    default = shown(fmt, render_report(cmp, fmt, CTX))
    assert "1. Who we are" not in default
    assert "2 unchanged sections are not shown" in default
    full = shown(fmt, render_report(cmp, fmt, ReportContext(include_unchanged=True)))
    assert "1. Who we are" in full
    assert full.index("1. Who we are") < full.index("3. Data retention")


@pytest.mark.parametrize("fmt", FORMATS)
def test_renumbered_section_shows_no_number_only_redline(fmt):
    renumbered = section(
        "modified", ("2.", "Retention"), ("3.", "Retention"),
        "Logs are kept for [-14-]{+60+} days.", renumbered=True,
    )
    equal = renumbered.spans[0][1].removeprefix("3.")
    spans = (("-", "2."), ("+", "3."), ("=", equal), *renumbered.spans[1:])
    cmp = comparison([dataclasses.replace(renumbered, spans=spans)])
    text = shown(fmt, render_report(cmp, fmt))
    assert "Logs are kept for" in text
    assert "2. 3." not in text and "2.3." not in text and "23." not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_very_long_added_section_is_shortened_and_says_so(fmt):
    long_text = " ".join(f"word{i}" for i in range(1000))
    cmp = comparison([section("added", None, ("9.", "Appendix"), long_text)])
    text = shown(fmt, render_report(cmp, fmt, CTX))
    assert "word0 word1" in text
    assert "word999" not in text
    assert "700 more words not shown" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_a_context_the_report_uses_what_the_comparison_knows(fmt):
    text = shown(fmt, render_report(acme_comparison(), fmt))
    assert "acme-2024.txt" in text and "acme-2025.txt" in text
    assert "2024-05-01" in text  # dates from the metadata change


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_comparison_without_changes_says_so(fmt):
    cmp = comparison([section("unchanged", ("1.", "Intro"), ("1.", "Intro"), "Same.")])
    assert "No section changed." in shown(fmt, render_report(cmp, fmt, CTX))


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render_report(acme_comparison(), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_renamed_heading_is_said_once_not_also_as_a_redline(fmt):
    renamed = section(
        "modified", ("1.", "Contact Details"), ("1.", "Contact details"),
        "Write to us [-at help@acme.example-]{+using our form+}.", renamed=True,
    )
    spans = (("=", "1. Contact "), ("-", "Details"), ("+", "details"), *renamed.spans[1:])
    heading_equal = renamed.spans[0][1].removeprefix("1. Contact details")
    spans = (*spans[:3], ("=", heading_equal), *renamed.spans[1:])
    text = shown(fmt, render_report(comparison([dataclasses.replace(renamed, spans=spans)]), fmt))
    assert "1. Contact Details" in text  # the "previously" line...
    assert text.count("Details") == 1  # ...and no redline of the heading
    assert "help@acme.example" in text and "using our form" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_label_that_already_names_its_date_does_not_repeat_it(fmt):
    ctx = ReportContext(old_label="Acme@1 (2024-05-01)", old_date="2024-05-01",
                        new_label="Acme@2 (2025-01-15)", new_date="2025-01-15")
    cmp = comparison([section("modified", ("1.", "A"), ("1.", "A"), "Keep [-1-]{+2+} days.")])
    text = shown(fmt, render_report(cmp, fmt, ctx))
    assert "Acme@1" in text and "Acme@2" in text
    assert text.count("2024-05-01") == 1 and text.count("2025-01-15") == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_moved_section_says_where_it_went(fmt):
    def outline(*titles: tuple[str, str, int]) -> Outline:
        return Outline(None, tuple(Section(h, n, lvl, 0, 0, 0) for n, h, lvl in titles))

    old = outline(("1.", "Intro", 1), ("2.", "Retention", 1), ("3.", "Sharing", 1),
                  ("3.1", "Partners", 2))
    new = outline(("1.", "Intro", 1), ("2.", "Sharing", 1), ("2.1", "Partners", 2),
                  ("3.", "Retention", 1))
    moved = dataclasses.replace(
        section("unchanged", ("2.", "Retention"), ("3.", "Retention"), "Kept.",
                moved=True, renumbered=True),
        old_index=1, new_index=3,
    )
    cmp = dataclasses.replace(comparison([moved]), old_outline=old, new_outline=new)
    text = shown(fmt, render_report(cmp, fmt, CTX))
    assert "now after 2. Sharing (was after 1. Intro)" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_inferred_topic_labels_are_marked_as_labels(fmt):
    labels = Outline(None, (Section("Data retention", None, 1, 0, 0, 0, inferred=True),),
                     method="inferred")
    change = dataclasses.replace(
        section("modified", (None, "Data retention"), (None, "Data retention"),
                "We keep data for [-90-]{+180+} days."),
        old_index=0, new_index=0,
    )
    cmp = dataclasses.replace(comparison([change]), old_outline=labels, new_outline=labels)
    text = shown(fmt, render_report(cmp, fmt, CTX))
    assert "(Data retention)" in text
    assert "Titles in parentheses are topic labels" in text



@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_topic_label_made_up_anew_is_not_said_to_be_a_former_heading(fmt):
    # A document without headings: a changed word gave the paragraph another made-up
    # label ("gather" for "collect": "Sharing and disclosure"), which the summary told
    # as "was: Information collected -> now: (Sharing and disclosure)".
    def labels(name):
        return Outline(None, (Section(name, None, 1, 0, 0, 0, inferred=True),),
                       method="inferred")

    change = dataclasses.replace(
        section("modified", (None, "Information collected"), (None, "Sharing and disclosure"),
                "We [-collect-]{+gather+} information you provide."),
        old_index=0, new_index=0,
    )
    cmp = dataclasses.replace(comparison([change]), old_outline=labels("Information collected"),
                              new_outline=labels("Sharing and disclosure"))
    text = shown(fmt, render_report(cmp, fmt, CTX))
    assert "(Sharing and disclosure)" in text
    assert "Information collected" not in text

def test_an_unchanged_effective_date_still_dates_both_versions():
    dated = Outline(None, (), metadata=(MetadataLine("effective_date", "January 1, 2025", 0, 31),))
    cmp = dataclasses.replace(
        comparison([section("modified", ("1.", "A"), ("1.", "A"), "Keep [-1-]{+2+} days.")]),
        old_outline=dated, new_outline=dated,
    )
    report = render_report(cmp, "text")
    assert "Old:       acme-2024.txt (January 1, 2025)" in report
    assert "New:       acme-2025.txt (January 1, 2025)" in report


def test_a_published_on_date_dates_both_versions():
    cmp = comparison(
        [section("modified", ("1.", "A"), ("1.", "A"), "Keep [-1-]{+2+} days.")],
        metadata=(MetadataChange("published", "17 July 2025", "10 November 2025"),),
    )
    report = render_report(cmp, "text")
    assert "Old:       acme-2024.txt (17 July 2025)" in report
    assert "New:       acme-2025.txt (10 November 2025)" in report


@pytest.mark.parametrize("fmt", FORMATS)
def test_key_changes_read_as_the_insight_sentences_without_a_repeated_kind_label(fmt):
    # The insight text already says what kind of change it is; a "Retention changed:"
    # prefix in front of "Retention period changed ..." read twice.
    text = shown(fmt, render_report(acme_comparison(), fmt, CTX))
    assert "Retention changed:" not in text
    assert "Commitment removed:" not in text
    assert text.count("Server logs are kept for 60 days instead of 14 days.") == 1


def test_every_stat_is_shown_whatever_their_number() -> None:
    from policyviewer.core.compare import compare_texts
    from policyviewer.core.report import build_report
    from policyviewer.core.report.html import render_html
    from policyviewer.core.report.text import render_text

    cmp = compare_texts("1. Data\nWe keep logs.\n", "1. Data\nWe keep logs for a year.\n")
    report = build_report(cmp)
    assert len(report.stats) % 2 == 1  # an odd number: one row has a single stat
    text, html = render_text(report), render_html(report)
    for label, _value in report.stats:
        assert label in text and label in html


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_section_split_or_merged_in_place_is_told_as_such_not_as_added_text(fmt):
    from policyviewer.core.compare import compare_texts

    para = "If you live in California you may also ask us to delete the information we hold."
    old = (
        "Privacy Policy\n\nThis policy explains how Acme handles your information.\n\n"
        f"Your Rights\n\nYou can ask us for a copy of your information.\n\n{para}\n"
    )
    new = old.replace(para, f"California Rights\n\n{para}")
    split = shown(fmt, render_report(compare_texts(old, new), fmt, CTX))
    assert "A new heading over text the old version already had" in split
    assert "Added text" not in split and para not in split
    merged = shown(fmt, render_report(compare_texts(new, old), fmt, CTX))
    assert "Only the heading went: its text now runs on in the section before it." in merged
    assert "Removed text" not in merged


GLUED_CHANGES = (
    "We value our customers{+,+} and visitors.",
    "We provide ad{+-serving+} companies with data.",
    "Messages are deleted after {+twelve (+}12{+)+} months.",
    "To enforce our agreements[-.-]{+;+} to detect fraud.",
    "Write to {+Acme Ltd,+}1 Main Street.",
)


def test_markdown_marks_changes_glued_to_a_word_so_they_render():
    sections = [
        section("modified", (f"{i}.", "Part"), (f"{i}.", "Part"), body)
        for i, body in enumerate(GLUED_CHANGES, 1)
    ]
    html = markdown_to_html(render_report(comparison(sections), "markdown", CTX))
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
    for quote, body in zip(quotes, GLUED_CHANGES, strict=True):
        assert "**" not in quote and "~~" not in quote
        assert not re.search(r"<strong>[^<]*<strong>", quote)
        # Struck text left out reads as the new version, bold left out as the old one.
        new = visible_text(re.sub(r"<s>.*?</s>", "", quote))
        old = visible_text(re.sub(r"<strong>.*?</strong>", "", quote))
        want_new = re.sub(r"\[-.*?-\]|\{\+|\+\}", "", body)
        want_old = re.sub(r"\{\+.*?\+\}|\[-|-\]", "", body)
        assert new.replace(" ", "") == want_new.replace(" ", ""), body
        assert old.replace(" ", "") == want_old.replace(" ", ""), body


@pytest.mark.parametrize("status", ["unchanged", "modified"])
def test_a_section_whose_heading_alone_changed_does_not_say_its_wording_is_the_same(status):
    renamed = section(
        status, ("2.", "Why we use data"), ("2.", "Why we use your data"), "Body text.",
        renamed=True,
    )
    renamed = dataclasses.replace(renamed, words_added=1)
    text = shown("text", render_report(comparison([renamed]), "text", CTX))
    assert "+1 words" in text
    assert "wording is unchanged" not in text and "wording is the same" not in text
    assert "heading changed" in text


def test_both_versions_are_dated_from_the_same_field_when_both_have_it():
    cmp = comparison(
        [section("modified", ("1.", "A"), ("1.", "A"), "Keep [-1-]{+2+} days.")],
        metadata=(
            MetadataChange("effective_date", None, "10/11/2021"),
            MetadataChange("last_updated", "2021-08-03", "2021-10-11"),
        ),
    )
    report = render_report(cmp, "text")
    assert "Old:       acme-2024.txt (2021-08-03)" in report
    assert "New:       acme-2025.txt (2021-10-11)" in report


SUB_POLICY_OLD = """Acme Privacy Policy

Last updated: May 1, 2024

1. What we collect

We collect your name.

2. Contact

Write to privacy@acme.example.
"""
SUB_POLICY_NEW = SUB_POLICY_OLD.replace("May 1, 2024", "June 2, 2025") + """
3. California Privacy Notice

Last updated: June 1, 2025

California residents have more rights.
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_date_of_an_appended_sub_policy_says_which_section_it_dates(fmt):
    from policyviewer.core.compare import compare_texts

    cmp = compare_texts(SUB_POLICY_OLD, SUB_POLICY_NEW)
    changed = {(m.field, m.old, m.new) for m in cmp.metadata}
    assert changed == {("last_updated", "May 1, 2024", "June 2, 2025"),
                       ("last_updated", None, "June 1, 2025")}
    out = render_report(cmp, fmt)
    lines = [ln for ln in re.split(r"\n|<tr>", out) if "June" in ln and "2025" in ln]
    header = next(ln for ln in lines if "June 2, 2025" in ln)
    appended = next(ln for ln in lines if "June 1, 2025" in ln)
    assert "California Privacy Notice" in appended
    assert "section" not in header and "California" not in header
    # No old value is not a deleted value: "(none)" is never struck through.
    assert "(none)" in appended
    assert not re.search(r"~~\(none\)~~|<del[^>]*>\(none\)", appended)


def test_several_values_of_one_kind_in_one_section_are_one_key_change():
    from policyviewer.core.model import Insight
    from policyviewer.core.report.content import group_key_changes

    def removed(email, section="Contact"):
        return Insight("contact_changed", f"Contact email removed: {email}", section, old=email)

    insights = [removed("a@x.fr"), Insight("commitment_added", "New promise: we do not sell"),
                removed("b@x.fr"), removed("c@x.fr"), removed("d@x.fr", "Payments"),
                Insight("contact_changed", "Contact postal address removed: 1 Rue, Paris",
                        "Contact"),
                Insight("third_party_added", "New third party named: Braze", "Ads"),
                Insight("third_party_added", "New third party named: Stripe", "Ads")]
    assert [(k.text, k.section) for k in group_key_changes(insights)] == [
        ("Contact email removed (3): a@x.fr, b@x.fr, c@x.fr", "Contact"),
        ("New promise: we do not sell", None),
        ("Contact email removed: d@x.fr", "Payments"),
        ("Contact postal address removed: 1 Rue, Paris", "Contact"),
        ("New third party named: Braze", "Ads"),  # two are not yet a list
        ("New third party named: Stripe", "Ads"),
    ]



def test_a_value_with_a_comma_keeps_its_key_change_beside_a_list_of_its_kind():
    # "Acme, Inc." cannot go into a comma-separated list: it was dropped from the
    # summary and the window when three others of its kind were listed.
    from policyviewer.core.model import Insight
    from policyviewer.core.report.content import group_key_changes

    def added(name):
        return Insight("third_party_added", f"New third party named: {name}", "Ads", value=name)

    insights = [added("Acme, Inc."), added("Braze"), added("Stripe"), added("Segment"),
                added("Foo, LLC")]
    assert [k.text for k in group_key_changes(insights)] == [
        "New third party named: Acme, Inc.",
        "New third party named (3): Braze, Stripe, Segment",
        "New third party named: Foo, LLC",
    ]

@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_section_that_lost_many_addresses_lists_them_in_one_key_change(fmt):
    from policyviewer.core.compare import compare_texts

    mails = [f"dpo@acme.{tld}" for tld in ("fr", "de", "it", "es")]
    old = "1. Contact\n\nWrite to " + ", ".join(mails) + " or post@acme.com.\n"
    new = "1. Contact\n\nWrite to post@acme.com.\n"
    out = render_report(compare_texts(old, new), fmt)
    assert out.count("Contact email removed (4)") == 1
    assert "Contact email removed:" not in out


def _md_pair(old_heading, new_heading, old_body, new_body):
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_bytes

    md = "# 1. Intro\n\nWe are Acme.\n\n# {}\n\n{}\n\n# 9. Contact\n\nWrite to us.\n"
    return compare_documents(load_bytes(md.format(old_heading, old_body).encode(), "a.md"),
                             load_bytes(md.format(new_heading, new_body).encode(), "b.md"))


def test_an_excerpt_shows_the_body_and_the_title_line_the_old_heading():
    # "Marketing" -> "Marketing and advertising": the excerpt used to open with the
    # heading's words run into the body's change ("Marketing [-Where you...-] {+and
    # advertising+}"); a heading written differently ("DATA WE COLLECT") was an excerpt.
    cmp = _md_pair("7. Marketing", "6. Marketing and advertising",
                   "Where you have given your consent, we let you know about our products.",
                   "If you have placed an order with us, we send you marketing messages.")
    out = render_report(cmp, "text")
    entry = out[out.index("6. Marketing and advertising  ["):]
    excerpt = next(ln for ln in entry.split("\n") if ln.startswith("  » "))
    assert excerpt.startswith("  » [-Where you have given"), excerpt
    assert "was: 7. Marketing → now: 6. Marketing and advertising" in entry
    cmp = _md_pair("2. DATA WE COLLECT", "2. Data we collect", "We collect your name.",
                   "We collect your name and email.")
    out = render_report(cmp, "text")
    assert "was: 2. DATA WE COLLECT → now: 2. Data we collect" in out
    assert "» [-DATA" not in out and "{+and email+}" in out


@requires_corpus
def test_a_section_whose_changed_words_sit_with_its_neighbours_does_not_say_none_changed():
    # A section split or merged across headings counts its words, but its spans hold
    # only its share of the stretch: no excerpt there is no "wording is the same".
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_file

    folder = CORPUS_DIR / "dailymotion"
    old, new = load_file(folder / "2021-03-22.md"), load_file(folder / "2023-10-11.md")
    cmp = compare_documents(old, new)
    out = render_report(cmp, "text")
    entry = out[out.index("1. General Information  [modified]  (−141 words)"):]
    entry = entry[: entry.index("\n\n")]
    assert "the changed words are shown there" in entry
    assert "the wording is the same" not in entry
