"""Section pairing: which sections match, which moved, and the listing order."""

from __future__ import annotations

from policyviewer.core.align import Part, align_parts, reconcile_outlines
from policyviewer.core.model import Outline, Section
from policyviewer.core.normalize import tokenize

BODIES = {
    "Collection": "We collect your name, email address and phone number when you sign up.",
    "Use": "We use your data to run the service, to bill you and to answer support requests.",
    "Sharing": "We share data with payment processors and hosting providers under contract.",
    "Retention": "We keep account data while the account is open and delete it within 30 days.",
    "Rights": "You may access, correct or delete your data by writing to our privacy team.",
    "Contact": "Write to privacy at example dot com or to our postal address in Dublin.",
}


def parts(headings: list[str], bodies: dict[str, str] = BODIES) -> list[Part]:
    out = [Part(None, None, None, False, tokenize("Intro text of the policy."), 0)]
    for k, h in enumerate(headings):
        head = f"{h}\n"
        out.append(Part(k, h, None, False, tokenize(head + bodies.get(h, h) + "\n"), len(head)))
    return out


def moved_headings(old: list[str], new: list[str]) -> list[str]:
    a = align_parts(parts(old), parts(new))
    return sorted(old[i - 1] for i in a.moved)


def test_one_section_moved_to_the_end_is_the_only_move() -> None:
    old = ["Collection", "Use", "Sharing", "Retention", "Rights"]
    new = ["Use", "Sharing", "Retention", "Rights", "Collection"]
    assert moved_headings(old, new) == ["Collection"]


def test_reversed_order_moves_all_but_one() -> None:
    old = ["Collection", "Use", "Sharing", "Retention"]
    assert len(moved_headings(old, old[::-1])) == 3


def test_swapped_neighbours_move_one() -> None:
    old = ["Collection", "Use", "Sharing", "Retention", "Rights", "Contact"]
    new = ["Collection", "Use", "Retention", "Sharing", "Rights", "Contact"]
    assert len(moved_headings(old, new)) == 1


def test_pairs_by_body_when_heading_changes_and_by_heading_when_body_changes() -> None:
    old = parts(["Collection", "Use"])
    renamed = dict(BODIES, **{"What we collect": BODIES["Collection"]})
    rewritten = dict(BODIES, Use="Entirely different words now stand in this section body.")
    new = parts(["What we collect", "Use"], renamed | {"Use": rewritten["Use"]})
    a = align_parts(old, new)
    assert (1, 1) in a.pairs and (2, 2) in a.pairs and (0, 0) in a.pairs
    assert not a.moved


def test_removed_section_is_listed_where_it_stood_and_added_where_it_is() -> None:
    old = ["Collection", "Use", "Sharing"]
    new = ["Collection", "Sharing", "Rights"]
    a = align_parts(parts(old), parts(new))
    assert list(a.pairs) == [(0, 0), (1, 1), (2, None), (3, 2), (None, 3)]


def test_similar_content_pairs_a_renamed_and_edited_section() -> None:
    bodies = dict(BODIES)
    bodies["How long we keep data"] = BODIES["Retention"].replace("30 days", "60 days")
    a = align_parts(parts(["Use", "Retention"]), parts(["Use", "How long we keep data"], bodies))
    assert (2, 2) in a.pairs


def test_unrelated_sections_are_not_paired() -> None:
    a = align_parts(parts(["Use", "Retention"]), parts(["Use", "Contact"]))
    assert (2, None) in a.pairs and (None, 2) in a.pairs


def _outline(text: str, headings: list[str]) -> Outline:
    starts = [text.index(f"\n{h}\n") + 1 for h in headings]
    ends = [*starts[1:], len(text)]
    rows = zip(headings, starts, ends, strict=True)
    return Outline(None, tuple(Section(h, None, 1, a, e, a + len(h) + 1) for h, a, e in rows))


def test_reconcile_drops_a_heading_that_is_only_a_wrapped_line() -> None:
    tail = "We never sell it to anyone.\n"
    old = "Intro.\nOVERVIEW\nWe collect data when you use our\nservice.\n" + tail
    new = "Intro.\nOVERVIEW\nWe collect data when you use our service.\n" + tail
    r_old, r_new = reconcile_outlines(
        old, _outline(old, ["OVERVIEW", "service."]), new, _outline(new, ["OVERVIEW"])
    )
    assert [s.heading for s in r_old.sections] == ["OVERVIEW"]
    assert r_old.sections[0].end == len(old)
    assert [s.heading for s in r_new.sections] == ["OVERVIEW"]


def test_reconcile_keeps_a_real_new_heading() -> None:
    old = "Intro.\nOVERVIEW\nWe collect data when you use our service.\n"
    new = old + "CHILDREN\nWe do not knowingly collect data from children.\n"
    o_new = _outline(new, ["OVERVIEW", "CHILDREN"])
    _, r_new = reconcile_outlines(old, _outline(old, ["OVERVIEW"]), new, o_new)
    assert r_new == o_new
