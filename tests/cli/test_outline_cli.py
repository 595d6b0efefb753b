"""``policyviewer outline SOURCE [--json]`` as a user runs it, on files and stored policies."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import SEEDS_DIR

from policyviewer.cli import main


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("POLICYVIEWER_DB", raising=False)
    return tmp_path / "library.sqlite"


def outline_json(capsys, *args: str) -> dict:
    assert main(["outline", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_of_a_file_has_title_and_flat_sections_with_offsets(capsys):
    path = SEEDS_DIR / "jestor.txt"
    data = outline_json(capsys, str(path))
    assert data["title"] == "Privacy Policy"
    sections = data["sections"]
    assert [s["number"] for s in sections if s["level"] == 1] == [f"{i}." for i in range(1, 8)]
    first = sections[0]
    assert first["heading"] == "Information we collect"
    for key in ("heading", "number", "level", "start", "end", "body_start", "inferred"):
        assert key in first
    text = path.read_text(encoding="utf-8")
    # Offsets index the imported text (here the file's own text).
    assert text[first["start"] : first["end"]].startswith("1. Information we collect")
    assert all(a["end"] == b["start"] for a, b in pairwise(sections))
    meta = data["metadata"][1]
    assert (meta["field"], meta["value"]) == ("last_updated", "July 29, 2021")  # as written


def test_json_reports_repaired_numbering_and_inferred_outlines(capsys):
    data = outline_json(capsys, str(SEEDS_DIR / "jector-ai.txt"))
    assert "numbering_repaired" in data["notes"]
    assert data["method"] == "heuristic"
    data = outline_json(capsys, str(SEEDS_DIR / "jtek.txt"))
    assert data["method"] == "inferred"
    assert all(s["inferred"] for s in data["sections"])


def test_tree_is_indented_with_numbers_and_corrected_numbers(capsys):
    assert main(["outline", str(SEEDS_DIR / "jector-ai.txt")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "Title: Privacy Policy" in lines
    assert "1. Information We Collect" in lines
    assert "  1.1 Personal Information" in lines
    assert "1. [2.] How We Use Your Information" in lines
    assert any(line.startswith("Note:") for line in lines)


def test_tree_marks_inferred_groups(capsys):
    assert main(["outline", str(SEEDS_DIR / "jtek.txt")]) == 0
    out = capsys.readouterr().out
    assert "(Information collected)" in out.splitlines()
    assert "  (Account information)" in out.splitlines()
    assert "paragraphs grouped by topic" in out


def test_markdown_file_uses_its_heading_markup(tmp_path: Path, capsys):
    path = tmp_path / "p.md"
    path.write_text(
        "# Privacy Policy\n\n## 1. What we collect\n\nWe collect your name.\n\n"
        "### Cookies\n\nWe use cookies.\n",
        encoding="utf-8",
    )
    data = outline_json(capsys, str(path))
    assert data["method"] == "markup"
    assert [(s["number"], s["heading"], s["level"]) for s in data["sections"]] == [
        ("1.", "What we collect", 1),
        (None, "Cookies", 2),
    ]


def test_stored_policy_version(db: Path, capsys):
    seed = str(SEEDS_DIR / "netjump.txt")
    assert main(["--db", str(db), "add", seed, "--policy", "Netjump"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "outline", "Netjump@1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    headings = [s["heading"] for s in data["sections"] if s["level"] == 1]
    assert headings[0] == "PERSONAL DATA WE COLLECT"
    assert "CHANGES TO THIS POLICY" in headings


def test_unknown_source_is_one_clear_error(db: Path, capsys):
    assert main(["--db", str(db), "outline", "no-such-policy.txt"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("policyviewer: error:")
    assert "no-such-policy.txt" in err
    assert len(err.strip().splitlines()) == 1
