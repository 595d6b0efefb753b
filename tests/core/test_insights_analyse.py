"""analyse(): categories on every section and insights, from hand-built comparisons and
(when the comparison engine is present) end to end through compare_texts."""

from __future__ import annotations

import pytest

from policyviewer.core.insights import KIND_ORDER, analyse
from policyviewer.core.model import Comparison, DocSummary, Outline, Section, SectionChange, Stats

OLD = ("Privacy Policy\nLast updated: January 1, 2024\n\n"
       "Data retention\n\nWe keep log data for 30 days.\n\n"
       "Sharing\n\nWe do not sell your personal data. We use Stripe for payments.\n\n"
       "Contact\n\nWrite to privacy@example.com.\n")
NEW = ("Privacy Policy\nLast updated: March 1, 2025\n\n"
       "Sharing\n\nWe use Stripe and Mixpanel for payments and analytics.\n\n"
       "Data retention\n\nWe keep log data for 2 years.\n\n"
       "Contact\n\nWrite to privacy@example.com.\n")


def _outline(text: str, headings: list[str]) -> Outline:
    starts = [text.index("\n" + h + "\n") + 1 for h in headings]
    assert starts == sorted(starts), "headings must be listed in document order"
    ends = [*starts[1:], len(text)]
    spans = zip(headings, starts, ends, strict=True)
    return Outline("Privacy Policy", tuple(Section(h, None, 1, s, e, s + len(h) + 1)
                                           for h, s, e in spans))


def _comparison(old: str, new: str) -> Comparison:
    """What the comparison engine hands over: sections paired by heading, one moved."""
    oo = _outline(old, ["Data retention", "Sharing", "Contact"])
    no = _outline(new, ["Sharing", "Data retention", "Contact"])
    sections = (
        SectionChange("modified", None, None, None, None),  # preamble
        SectionChange("modified", "Sharing", "Sharing", None, None, moved=True,
                      old_index=1, new_index=0),
        SectionChange("modified", "Data retention", "Data retention", None, None,
                      old_index=0, new_index=1),
        SectionChange("unchanged", "Contact", "Contact", None, None, old_index=2, new_index=2),
    )
    return Comparison(DocSummary("old", 30, 3), DocSummary("new", 30, 3), Stats(), sections,
                      (), (), old_text=old, new_text=new, old_outline=oo, new_outline=no)


def test_analyse_names_the_changes_and_orders_them_by_importance() -> None:
    cmp = _comparison(OLD, NEW)
    result = analyse(cmp)
    kinds = [i.kind for i in result.insights]
    assert kinds == ["commitment_removed", "third_party_added", "retention_changed",
                     "date_changed"]
    removed, added, retention, date = result.insights
    assert removed.value == "We do not sell your personal data"
    assert removed.section == "Sharing"
    assert added.value == "Mixpanel"
    assert (retention.old, retention.new, retention.section) == ("30 days", "2 years",
                                                                 "Data retention")
    assert retention.text == "Log data is now kept for 2 years instead of 30 days"
    assert (date.old, date.new) == ("January 1, 2024", "March 1, 2025")
    assert kinds == sorted(kinds, key=KIND_ORDER.index)


def test_analyse_returns_a_copy_with_categories_on_every_section() -> None:
    cmp = _comparison(OLD, NEW)
    result = analyse(cmp)
    assert cmp.insights == () and all(s.categories == () for s in cmp.sections)
    cats = {s.heading: s.categories for s in result.sections}
    assert "retention" in cats["Data retention"]
    assert "sharing" in cats["Sharing"]
    assert "contact" in cats["Contact"]
    as_json = result.to_dict()
    assert as_json["insights"][0]["kind"] == "commitment_removed"
    assert as_json["sections"][2]["categories"] == list(cats["Data retention"])


def test_moved_sections_with_the_same_facts_give_no_insights() -> None:
    moved = NEW.replace("2 years", "30 days").replace("March 1, 2025", "January 1, 2024")
    moved = moved.replace("We use Stripe and Mixpanel for payments and analytics.",
                          "We do not sell your personal data. We use Stripe for payments.")
    assert analyse(_comparison(OLD, moved)).insights == ()


def test_a_removed_section_is_categorised_from_the_old_text() -> None:
    old = "Intro\n\nHello.\n\nCookies\n\nWe use cookies and pixels to track visits.\n"
    new = "Intro\n\nHello.\n"
    oo = Outline(None, (Section("Intro", None, 1, 0, 14, 6),
                        Section("Cookies", None, 1, 14, len(old), 22)))
    no = Outline(None, (Section("Intro", None, 1, 0, len(new), 6),))
    cmp = Comparison(DocSummary(None, 10, 2), DocSummary(None, 1, 1), Stats(), (
        SectionChange("unchanged", "Intro", "Intro", None, None, old_index=0, new_index=0),
        SectionChange("removed", "Cookies", None, None, None, old_index=1),
    ), (), (), old_text=old, new_text=new, old_outline=oo, new_outline=no)
    result = analyse(cmp)
    assert "cookies" in result.sections[1].categories


def test_end_to_end_through_the_comparison_engine() -> None:
    compare = pytest.importorskip("policyviewer.core.compare")
    cmp = compare.compare_texts(OLD, NEW)
    by_kind = {i.kind: i for i in cmp.insights}
    assert by_kind["retention_changed"].new == "2 years"
    assert by_kind["third_party_added"].value == "Mixpanel"
    assert "commitment_removed" in by_kind
    assert all(s.categories is not None for s in cmp.sections)


def test_a_subject_said_of_many_periods_pairs_them_only_within_a_section() -> None:
    # Vinted's notice ends every purpose with "Personal data collected and used for this
    # purpose are kept for ...": the subject does not tell which period replaced which.
    compare = pytest.importorskip("policyviewer.core.compare")
    said = "Personal data collected and used for this purpose are kept for {}."
    old = ("Privacy Policy\n\n1. Payments\n\n" + said.format("1 year") + "\n\n2. Disputes\n\n"
           + "We defend our rights in disputes. " + said.format("2 years") + "\n\n3. Support\n\n"
           + said.format("3 months") + "\n")
    new = ("Privacy Policy\n\n1. Payments\n\n" + said.format("1 year") + "\n\n2. Chargebacks\n\n"
           + "We handle chargebacks with our payment providers. " + said.format("13 months")
           + "\n\n3. Disputes\n\nWe defend our rights in disputes. " + said.format("3 years")
           + "\n\n4. Support\n\n" + said.format("3 months") + "\n")
    changed = [(i.old, i.new) for i in compare.compare_texts(old, new).insights
               if i.kind == "retention_changed"]
    assert changed == [("2 years", "3 years")]


def test_a_date_change_names_the_field_the_document_uses() -> None:
    compare = pytest.importorskip("policyviewer.core.compare")
    body = "\n\nWe collect your e-mail address to run the service.\n"

    def date_text(old_head: str, new_head: str) -> str:
        [date] = [i for i in compare.compare_texts(old_head + body, new_head + body).insights
                  if i.kind == "date_changed"]
        return date.text

    assert date_text("Last modified on 09/29/2021", "Last modified on 10/19/2021") == (
        "Last updated date changed from 09/29/2021 to 10/19/2021")
    assert date_text("Effective date: May 1, 2024", "Effective date: June 1, 2025") == (
        "Effective date changed from May 1, 2024 to June 1, 2025")
    # Named differently in the two versions: a neutral name.
    assert date_text("Effective: May 1, 2024", "Last updated: June 1, 2025") == (
        "Date changed from May 1, 2024 to June 1, 2025")


def test_an_email_address_hidden_or_obfuscated_in_a_version_is_not_removed() -> None:
    compare = pytest.importorskip("policyviewer.core.compare")
    old = "Privacy Policy\n\nContact\n\nWrite to privacy@acme.com or legal@acme.com.\n"
    # A saved copy of a page whose e-mail protection hid the address.
    hidden = "Privacy Policy\n\nContact\n\nWrite to [email\xa0protected] or [email protected].\n"
    obfuscated = ("Privacy Policy\n\nContact\n\nWrite to privacy [at] acme [dot] com or "
                  "legal [at] acme [dot] com.\n")
    for new in (hidden, obfuscated):
        assert [i.text for i in compare.compare_texts(old, new).insights
                if i.kind == "contact_changed"] == []
    # Hidden in the old version: an address of the new one may not be new.
    assert [i for i in compare.compare_texts(hidden, old).insights
            if i.kind == "contact_changed"] == []


def test_an_email_address_is_replaced_only_by_a_related_one() -> None:
    compare = pytest.importorskip("policyviewer.core.compare")
    old = ("Privacy Policy\n\n1. Vendors\n\nAmplitude Inc. (data protection contact: "
           "privacy@amplitude.com) measures use.\n\n2. Contact\n\nWrite to "
           "privacy@grammarly.com.\n")
    new = ("Privacy Policy\n\n1. Vendors\n\nWe use no vendors for measurement.\n\n2. Contact\n\n"
           "Write to privacy@superhuman.com.\n\n3. Legal notices\n\nWrite to legal@acme.com.\n")
    texts = sorted(i.text for i in compare.compare_texts(old, new).insights
                   if i.kind == "contact_changed")
    assert texts == [
        "Contact email changed from privacy@grammarly.com to privacy@superhuman.com",
        "Contact email removed: privacy@amplitude.com",
        "New contact email: legal@acme.com"]
