"""First checks of the outline parser on the seeds (fuller tests: test_outline.py)."""

from conftest import SEEDS_DIR

from policyviewer.core.outline import parse_outline


def test_numbered_seed_has_its_seven_numbered_sections():
    text = (SEEDS_DIR / "jestor.txt").read_text(encoding="utf-8")
    outline = parse_outline(text)
    numbered = [s for s in outline.sections if s.number]
    assert [s.number for s in numbered] == [f"{i}." for i in range(1, 8)]
    assert numbered[0].heading == "Information we collect"
    assert outline.title == "Privacy Policy"
