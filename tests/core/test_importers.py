"""Importers, used the way the app and CLI use them: a file in, a Document out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus

from policyviewer.core.config import Config
from policyviewer.core.errors import ImportFailed, InputTooLarge
from policyviewer.core.importers import detect_format, load_bytes, load_file
from policyviewer.core.model import Document
from policyviewer.core.normalize import normalize_import

CORPUS_MD = sorted(CORPUS_DIR.glob("*/*.md")) if CORPUS_DIR.is_dir() else []


def assert_marks_exact(doc: Document) -> None:
    """Every heading mark covers a whole, non-blank line of the text, in order."""
    last = -1
    for m in doc.headings:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.start >= last
        last = m.end
        heading = doc.text[m.start:m.end]
        assert heading and heading.strip() == heading
        assert 1 <= m.level <= 6
        line_start = doc.text.rfind("\n", 0, m.start) + 1
        line_end = doc.text.find("\n", m.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        # The mark is the line's text (the line may only add indentation).
        assert doc.text[line_start:line_end].strip() == heading


def heading_texts(doc: Document) -> list[tuple[str, int]]:
    return [(doc.text[m.start:m.end], m.level) for m in doc.headings]


# --- plain text ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_loads_as_text_with_lines_kept(seed: Path) -> None:
    doc = load_file(seed)
    original = seed.read_text(encoding="utf-8")
    assert doc.fmt == "text"
    assert doc.headings == ()
    assert doc.source == str(seed)
    assert doc.title is None
    assert doc.text == normalize_import(original)
    # Same lines, in the same order: nothing re-wrapped or dropped.
    assert [ln.rstrip() for ln in original.strip("\n").splitlines()] == doc.text.split("\n")


def test_text_keeps_lines_exactly(tmp_path: Path) -> None:
    body = "Privacy Policy\n\n1. Data\nWe collect data.\n  - emails\n\n2. Rights\nYou may ask."
    f = tmp_path / "p.txt"
    f.write_text(body, encoding="utf-8")
    doc = load_file(f)
    assert doc.text == body
    assert doc.fmt == "text"


# --- Markdown --------------------------------------------------------------------


def test_markdown_becomes_plain_text_with_marked_headings(tmp_path: Path) -> None:
    md = (
        "# Privacy Policy\n\n_Last updated: May 1, 2024_\n\n"
        "We **care** about [your data](https://example.com).\n\n"
        "## 1. What we collect\n\n- Your *name*\n- Your email\n\n"
        "| Cookie | Purpose |\n|---|---|\n| _ga | Analytics |\n| sid | Session |\n\n"
        "### 1.1 Cookies\n\nSee `cookies`.\n"
    )
    f = tmp_path / "policy.md"
    f.write_text(md, encoding="utf-8")
    doc = load_file(f)
    assert doc.fmt == "markdown"
    assert doc.title == "Privacy Policy"
    for syntax in ("**", "](", "# ", "|---", "`", "_Last"):
        assert syntax not in doc.text
    assert "We care about your data." in doc.text
    assert heading_texts(doc) == [
        ("Privacy Policy", 1),
        ("1. What we collect", 2),
        ("1.1 Cookies", 3),
    ]
    assert_marks_exact(doc)
    lines = doc.text.split("\n")
    bullets = [ln for ln in lines if "Your name" in ln or "Your email" in ln]
    assert len(bullets) == 2 and all(ln.lstrip().startswith("*") for ln in bullets)
    row = next(ln for ln in lines if "_ga" in ln)
    assert "Analytics" in row
    assert "Session" not in row
    # Paragraphs are separated by a blank line.
    assert "Last updated: May 1, 2024\n\nWe care" in doc.text


def test_markdown_in_txt_detected_by_atx_headings(tmp_path: Path) -> None:
    f = tmp_path / "policy.txt"
    f.write_text("# Policy\n\nIntro.\n\n## Data\n\nWe collect.\n\n## Rights\n\nAsk us.\n")
    doc = load_file(f)
    assert doc.fmt == "markdown"
    assert heading_texts(doc) == [("Policy", 1), ("Data", 2), ("Rights", 2)]


_ATX_LINE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def _letters(s: str) -> str:
    s = re.sub(r"\]\([^)]*\)", "", s)  # drop link targets
    return re.sub(r"\W|_", "", s).lower()


@requires_corpus
@pytest.mark.parametrize("md", CORPUS_MD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_markdown_loads_with_exact_heading_marks(md: Path) -> None:
    source = md.read_text(encoding="utf-8")
    doc = load_file(md)
    assert doc.fmt == "markdown"
    assert len(doc.text) > 1000
    assert_marks_exact(doc)
    atx = [_letters(h) for h in _ATX_LINE.findall(source)]
    marked = {_letters(doc.text[m.start:m.end]) for m in doc.headings}
    if atx:
        assert doc.headings
    # Every top-level "# Heading" line of the source is a marked heading of the text.
    assert [h for h in atx if h and h not in marked] == []


# --- errors ------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(ImportFailed, match="no such file") as err:
        load_file(missing)
    assert str(missing) in str(err.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="directory"):
        load_file(tmp_path)


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n  \n")
    with pytest.raises(ImportFailed, match="empty"):
        load_file(empty)
    with pytest.raises(ImportFailed, match="only whitespace"):
        load_file(blank)


def test_file_over_size_limit_names_limit_and_size(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("word " * 1000)
    with pytest.raises(InputTooLarge, match=r"4\.9 KB.*1\.0 KB.*max_file_bytes"):
        load_file(f, Config(max_file_bytes=1024))


def test_text_over_char_limit() -> None:
    with pytest.raises(InputTooLarge, match="max_text_chars"):
        load_bytes(b"policy text " * 100, "p.txt", Config(max_text_chars=500))


def test_detect_format_basics() -> None:
    assert detect_format(b"%PDF-1.7\n...", "x.txt") == "pdf"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "x.txt") == "html"
    assert detect_format(b"# A\n\ntext\n\n## B\n", "x.txt") == "markdown"
    assert detect_format(b"Privacy Policy\n\n1. Data\n", "x.txt") == "text"
    assert detect_format(b"Just text", "x.md") == "markdown"
