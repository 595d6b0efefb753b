"""Practice categories for sections and paragraphs (OPP-115 spirit)."""

from __future__ import annotations

import pytest
from conftest import SEED_FILES

from policyviewer.core.importers import load_file
from policyviewer.core.insights import CATEGORIES, categorize, categorize_section
from policyviewer.core.outline import outline_of


@pytest.mark.parametrize(("text", "expected"), [
    ("We share your information with service providers and business partners, "
     "and we may disclose it to law enforcement.", "sharing"),
    ("We retain your data for as long as your account is active and delete it when it is "
     "no longer needed.", "retention"),
    ("We use cookies, web beacons and similar tracking technologies.", "cookies"),
    ("You have the right to access, correct or delete your data, and to opt out of sale.",
     "rights"),
    ("Our service is not directed to children under 13 and we do not knowingly collect "
     "data from kids.", "children"),
    ("We may transfer your data outside the European Economic Area under standard "
     "contractual clauses.", "international"),
    ("If you have questions, contact us at privacy@example.com.", "contact"),
    ("We encrypt data in transit and protect it against unauthorized access.", "security"),
])
def test_paragraphs_get_the_practice_they_describe(text: str, expected: str) -> None:
    assert expected in categorize(text)


def test_heading_words_weigh_more_than_body_words() -> None:
    body = "These small files help the site remember you between visits."
    assert "cookies" in categorize_section("Cookies", body)
    assert "cookies" not in categorize_section("About this site", body)


def test_a_passing_mention_does_not_label_a_long_section() -> None:
    body = ("We collect the information you give us when you register, such as your name "
            "and email address, and information collected automatically. ") * 15
    body += "Some of it is stored in cookies."
    cats = categorize_section("Information we collect", body)
    assert "collection" in cats
    assert "cookies" not in cats


def test_neutral_text_has_no_category() -> None:
    assert categorize("The weather in Lisbon was pleasant that afternoon.") == ()


def test_every_seed_section_gets_known_categories_and_most_get_one() -> None:
    for path in SEED_FILES:
        doc = load_file(path)
        outline = outline_of(doc)
        labelled = 0
        for sec in outline.sections:
            cats = categorize_section(sec.heading, doc.text[sec.body_start : sec.end])
            assert set(cats) <= set(CATEGORIES)
            labelled += bool(cats)
        assert labelled >= 0.6 * len(outline.sections), path.name
