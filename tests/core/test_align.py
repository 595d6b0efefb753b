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


# A slot: between two pairs that kept their order. A section reworded and
# rewritten there is one section changed, not one removed and one added.
REWRITTEN = {
    "Retention": "We keep your account data while the account is open. After you close "
    "it we delete it within 30 days, unless the law requires us to keep it longer.",
    "How long we keep data": "Account data is stored for as long as your account is open "
    "and for 90 days after that; some records are kept longer where the law requires us.",
    "Marketing": "With your consent we send you news about our products by email and "
    "we show you ads about our service on other websites.",
    "Marketing and advertising": "When you place an order we may send you offers by email, "
    "SMS or post, and show you ads on social media and partner sites.",
}


def test_section_rewritten_in_its_slot_is_one_section() -> None:
    old = parts(["Collection", "Retention", "Contact"], BODIES | REWRITTEN)
    new = parts(["Collection", "How long we keep data", "Contact"], BODIES | REWRITTEN)
    a = align_parts(old, new)
    assert list(a.pairs) == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert not a.moved


def test_sections_rewritten_in_one_slot_pair_by_alike_headings() -> None:
    old = ["Collection", "Marketing", "Retention", "Contact"]
    new = ["Collection", "Marketing and advertising", "How long we keep data", "Contact"]
    a = align_parts(parts(old, BODIES | REWRITTEN), parts(new, BODIES | REWRITTEN))
    assert list(a.pairs) == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]


def test_a_slot_does_not_pair_sections_on_heading_words_alone() -> None:
    bodies = BODIES | {  # over 30 words each: headings alone do not pair them
        "How we use the information": "We use personal data for the purposes set out in "
        "this section, and where we share it with others for one of them, we say so. "
        "Nothing here changes what you agreed to when you opened your account.",
        "Legal bases": "Each purpose below relies on one legal basis under the GDPR: the "
        "contract with you, our legitimate interests, your consent or a legal duty. Where "
        "consent is the basis, withdrawing it stops that processing from then on.",
        "How we use AI": "Our course builder drafts lessons from material that teachers "
        "upload, and a tutor answers questions about the course being taken. Teachers "
        "review every draft before learners can see it, and may turn the tutor off.",
    }
    old = parts(["Collection", "How we use the information", "Contact"], bodies)
    new = parts(["Collection", "Legal bases", "How we use AI", "Contact"], bodies)
    a = align_parts(old, new)
    assert (2, None) in a.pairs and (None, 2) in a.pairs and (None, 3) in a.pairs


def test_a_large_slot_of_unrelated_sections_is_not_compared_all_against_all(
    monkeypatch,
) -> None:
    # Two unrelated documents leave one slot of n x n sections: step 4 compares
    # at most MAX_CONTENT_PAIRS of them, and so must step 5 (it took 17 s at 3,200).
    from policyviewer.core import align

    calls = 0
    dice = align._dice

    def counted(a: set[str], b: set[str]) -> float:
        nonlocal calls
        calls += 1
        return dice(a, b)

    monkeypatch.setattr(align, "_dice", counted)
    n = 1000

    def part(k: int, head: str, body: str) -> Part:
        return Part(k, head, None, False, tokenize(f"{head}\n{body}\n"), len(head) + 1)

    old = [part(k, f"o{k} q{k}", f"old{k} body words here.") for k in range(n)]
    new = [part(k, f"n{k} r{k}", f"new{k} other text there.") for k in range(n)]
    a = align_parts(old, new)
    assert len(a.pairs) == 2 * n
    assert calls <= 5 * align.MAX_CONTENT_PAIRS  # (1,081,160 before)
