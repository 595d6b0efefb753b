"""Insights on version pairs: seed policies with hand-made edits, and real corpus pairs.

Each pair is a JSON file in tests/fixtures/facts/pairs/: an ``old`` source, either a
``new`` source or a list of ``edits`` applied to the old text, and the insights a
reader would name (kind plus value or old/new). ``build_pair`` is also used by
bench/insights_eval.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import requires_corpus

from policyviewer.core.insights import analyse
from policyviewer.core.model import Comparison, DocSummary, SectionChange, Stats

REPO = Path(__file__).resolve().parents[2]
PAIRS = REPO / "tests" / "fixtures" / "facts" / "pairs"
SHARED = REPO.parent / "shared"


def _resolve(source: str) -> Path:
    return SHARED / source if source.startswith("corpus/") else REPO / source


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply hand-made edits; each must change the text (a stale fixture fails loudly)."""
    for edit in edits:
        before = text
        if "replace" in edit:
            old, new = edit["replace"]
            assert old in text, f"edit target not found: {old!r}"
            text = text.replace(old, new)
        elif "regex" in edit:
            pattern, repl = edit["regex"]
            text = re.sub(pattern, repl, text, flags=re.MULTILINE)
        elif "move" in edit:
            start, end, before_marker = edit["move"]
            i = text.index(start)
            j = text.index(end, i)
            block = text[i:j]
            rest = text[:i] + text[j:]
            k = rest.index(before_marker)
            text = rest[:k] + block + rest[k:]
        assert text != before, f"edit changed nothing: {edit}"
    return text


def _fallback_compare(old_doc, new_doc) -> Comparison:
    """Pair sections by heading text (until the comparison engine is available)."""
    from policyviewer.core.outline import outline_of

    oo, no = outline_of(old_doc), outline_of(new_doc)

    def key(h):
        return re.sub(r"\W+", " ", (h or "")).strip().lower()

    new_by = {}
    for j, s in enumerate(no.sections):
        new_by.setdefault(key(s.heading), j)
    changes = [SectionChange("modified", None, None, None, None)]
    used = set()
    for i, s in enumerate(oo.sections):
        j = new_by.get(key(s.heading))
        if j is not None and j not in used:
            used.add(j)
            t = no.sections[j]
            changes.append(SectionChange("modified", s.heading, t.heading, s.number, t.number,
                                         old_index=i, new_index=j))
        else:
            changes.append(SectionChange("removed", s.heading, None, s.number, None, old_index=i))
    for j, t in enumerate(no.sections):
        if j not in used:
            changes.append(SectionChange("added", None, t.heading, None, t.number, new_index=j))
    cmp = Comparison(DocSummary(old_doc.source, len(old_doc.text.split()), len(oo.sections)),
                     DocSummary(new_doc.source, len(new_doc.text.split()), len(no.sections)),
                     Stats(), tuple(changes), (), (), old_text=old_doc.text,
                     new_text=new_doc.text, old_outline=oo, new_outline=no)
    return analyse(cmp)


def compare_docs(old_doc, new_doc) -> Comparison:
    try:
        from policyviewer.core.compare import compare_documents
    except ImportError:
        return _fallback_compare(old_doc, new_doc)
    return compare_documents(old_doc, new_doc)


def build_pair(spec: dict) -> Comparison:
    from policyviewer.core.importers import load_file

    old_doc = load_file(_resolve(spec["old"]))
    if "new" in spec:
        new_doc = load_file(_resolve(spec["new"]))
    else:
        new_doc = replace(old_doc, text=apply_edits(old_doc.text, spec["edits"]), headings=())
        assert not old_doc.headings, "edits are only for plain-text seeds"
    return compare_docs(old_doc, new_doc)


def _pair_specs(prefix: str) -> list[Path]:
    return sorted(PAIRS.glob(f"{prefix}*.json"))


def _matches(ins, gold: dict) -> bool:
    if ins.kind != gold["kind"]:
        return False
    return all((getattr(ins, k) or "").lower() == gold[k].lower() for k in ("value", "old", "new")
               if k in gold and not ins.kind.startswith("commitment"))


@pytest.mark.parametrize("path", _pair_specs("seed-"), ids=lambda p: p.stem)
def test_seed_pair_gives_exactly_the_expected_insights(path: Path) -> None:
    spec = json.loads(path.read_text(encoding="utf-8"))
    found = list(build_pair(spec).insights)
    expected = spec["insights"]
    for gold in expected:
        assert any(_matches(i, gold) for i in found), f"missing {gold}; found {found}"
    assert len(found) == len(expected), f"unexpected insights: {found}"


def test_a_moved_section_is_not_a_removed_promise() -> None:
    spec = {"old": "resources/samples/jestor.txt", "edits": [
        {"move": ["3. What we don’t do", "4. Sharing data", "7. Privacy and data protection"]},
    ]}
    cmp = build_pair(spec)
    assert [i for i in cmp.insights if i.kind.startswith("commitment")] == []


def test_every_section_gets_categories_from_its_own_text() -> None:
    spec = {"old": "resources/samples/jestor.txt", "edits": [
        {"replace": ["You’ll have the option to abort this action for 7 days",
                     "You’ll have the option to abort this action for 14 days"]},
    ]}
    cmp = build_pair(spec)
    by_heading = {s.heading: s.categories for s in cmp.sections}
    assert "sharing" in by_heading["Sharing data"]
    assert "contact" in by_heading["Contacting Jestor"]
    assert "collection" in by_heading["Information we collect"]
    assert cmp.to_dict()["sections"][1]["categories"] == list(cmp.sections[1].categories)


def _same_insight(ins, gold: dict) -> bool:
    from policyviewer.core.insights.commitments import commitment_key, same_commitment

    if ins.kind != gold["kind"]:
        return False
    for key in ("value", "old", "new"):
        if key not in gold:
            continue
        if ins.kind.startswith("commitment") and key == "value":
            if same_commitment(commitment_key(ins.value or ""), commitment_key(gold[key])) < 0.5:
                return False
        elif (getattr(ins, key) or "").lower() != gold[key].lower():
            return False
    return True


@requires_corpus
def test_real_version_pairs_meet_the_quality_target() -> None:
    """Precision and recall of insights over real corpus pairs read by hand: at least 0.9."""
    found_total = correct = expected_total = 0
    for path in _pair_specs("corpus-") + _pair_specs("holdout"):
        spec = json.loads(path.read_text(encoding="utf-8"))
        gold = list(spec["insights"])
        found = list(build_pair(spec).insights)
        used: set[int] = set()
        for ins in found:
            j = next((j for j, g in enumerate(gold) if j not in used and _same_insight(ins, g)),
                     None)
            if j is not None:
                used.add(j)
        found_total += len(found)
        correct += len(used)
        expected_total += len(gold)
    assert expected_total >= 30
    assert correct / found_total >= 0.9
    assert correct / expected_total >= 0.9
