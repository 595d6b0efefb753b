"""``policyviewer summary`` on seed policies with known edits, in every format."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus
from pypdf import PdfReader

from policyviewer.cli import main
from policyviewer.core.importers import load_file
from policyviewer.core.library import Library

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"


def jestor_pair(folder: Path) -> tuple[Path, Path]:
    """Jestor with a year of edits a reader must be told about:

    sections 3 and 4 swap places (moved + renumbered), section 6 is removed (so 7
    is renumbered to 6), a new "7. Children" section is added, a waiting period
    goes from 7 to 30 days, the promise not to sell data is removed, and the
    "Last Modified" date changes.
    """
    old = (SAMPLES / "jestor.txt").read_text(encoding="utf-8")
    i3 = old.index("3. What we don’t do")
    i4 = old.index("4. Sharing data")
    i5 = old.index("5. Managing your organization data")
    sharing = old[i4:i5].replace("4. Sharing data", "3. Sharing data", 1)
    promises = old[i3:i4].replace("3. What we don’t do", "4. What we don’t do", 1)
    new = old[:i3] + sharing + promises + old[i5:]
    i6 = new.index("6. Contacting Jestor")
    i7 = new.index("7. Privacy and data protection")
    new = new[:i6] + new[i7:].replace("7. Privacy and data", "6. Privacy and data", 1)
    for before, after in (
        ("for 7 days after the request", "for 30 days after the request"),
        ("- We won’t sell your data.\n", ""),
        ("Last Modified: July 29, 2021.", "Last Modified: March 3, 2024."),
    ):
        assert before in new
        new = new.replace(before, after, 1)
    new = new.rstrip("\n") + (
        "\n7. Children\nJestor is not directed to children under 16 and we do not "
        "knowingly collect their personal data.\n"
    )
    old_path, new_path = folder / "jestor-2021.txt", folder / "jestor-2024.txt"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return old_path, new_path


def jiminny_pair(folder: Path) -> tuple[Path, Path]:
    """Jiminny: deletion time 14 -> 30 days, minimum age 13 -> 16, a promise removed."""
    old = (SAMPLES / "jiminny.txt").read_text(encoding="utf-8")
    new = old.replace("It may take up to 14 days", "It may take up to 30 days")
    new = new.replace("from children under 13.", "from children under 16.")
    new = new.replace("under the age of 13,", "under the age of 16,")
    new = new.replace(
        "We do not use your personal information for activities where our interests are "
        "overridden by the impact on you (unless we have your consent or are otherwise "
        "required or permitted to by law).",
        "",
    )
    assert new.count("16") >= old.count("16") + 2
    old_path, new_path = folder / "jiminny-old.txt", folder / "jiminny-new.txt"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return old_path, new_path


def summary(capsys, *args: str) -> str:
    assert main(["summary", *args]) == 0
    return capsys.readouterr().out


def pdf_text(path: Path) -> str:
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages)
    return re.sub(r" ([.,;:])", r"\1", text)


def section_line(report: str, title: str) -> str:
    return next(line for line in report.splitlines() if line.startswith(title))


def test_text_summary_names_every_change_of_the_jestor_edits(tmp_path, capsys):
    old, new = jestor_pair(tmp_path)
    report = summary(capsys, str(old), str(new))
    assert "Old:       jestor-2021.txt (July 29, 2021)" in report
    assert "New:       jestor-2024.txt (March 3, 2024)" in report
    assert "July 29, 2021 → March 3, 2024" in report  # metadata change
    assert "for [-7-]{+30+} days after the request" in report
    assert "[-- We won’t sell your data.-]" in report
    assert "[added]" in section_line(report, "7. Children")
    assert "[removed]" in section_line(report, "6. Contacting Jestor")
    assert "Jestor maintains the email" in report  # the removed section's text
    assert "[renumbered]" in section_line(report, "6. Privacy and data protection")
    assert "was: 7. Privacy and data protection" in report
    # The swap: one of the two sections is reported as moved, both as renumbered.
    swapped = [section_line(report, "3. Sharing data"), section_line(report, "4. What we don’t do")]
    assert all("[renumbered]" in line for line in swapped)
    assert any("[moved]" in line for line in swapped)
    # Unchanged sections are not listed.
    assert "1. Information we collect" not in report


def test_text_summary_shows_changed_periods_ages_and_removed_promise(tmp_path, capsys):
    old, new = jiminny_pair(tmp_path)
    report = summary(capsys, str(old), str(new))
    assert "It may take up to [-14-]{+30+} days" in report
    assert "up to 14 days for → up to 30 days for" in report
    assert "from children\n    under [-13-]{+16+}." in report or "under [-13-]{+16+}." in report
    assert "under the age of [-13-]{+16+}" in report
    assert "[-We do not use your personal information for activities" in report
    # Only the changed sentences, not whole sections.
    assert "Shield" not in report


@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", ".md"), ("html", ".html")])
def test_markdown_and_html_files_name_the_same_changes(tmp_path, capsys, fmt, suffix):
    old, new = jestor_pair(tmp_path)
    out = tmp_path / f"summary{suffix}"
    assert summary(capsys, str(old), str(new), "--format", fmt, "-o", str(out)) == ""
    report = out.read_text(encoding="utf-8")
    if fmt == "markdown":
        assert "for ~~7~~ **30** days after the request" in report
        assert "~~\\- We won’t sell your data.~~" in report
        assert "### 7. Children" in report and "### 6. Contacting Jestor" in report
    else:
        assert re.search(r"for <del[^>]*>7</del> <ins[^>]*>30</ins> days", report)
        assert re.search(r"<del[^>]*>- We won’t sell your data.</del>", report)
        assert ">7. Children</h3>" in report and ">6. Contacting Jestor</h3>" in report
    for badge in ("added", "removed", "modified", "moved", "renumbered"):
        assert badge in report.lower()


def test_format_follows_the_output_file_extension(tmp_path, capsys):
    old, new = jestor_pair(tmp_path)
    out = tmp_path / "summary.md"
    summary(capsys, str(old), str(new), "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("# Change summary")


def test_pdf_summary_is_a_text_pdf_with_every_change(qapp, tmp_path, capsys):
    old, new = jiminny_pair(tmp_path)
    out = tmp_path / "summary.pdf"
    summary(capsys, str(old), str(new), "--format", "pdf", "-o", str(out))
    text = pdf_text(out)
    assert "It may take up to 14 30 days" in text
    assert "under the age of 13 16" in text
    assert "We do not use your personal information for activities" in text
    pages = len(PdfReader(str(out)).pages)
    assert f"Page {pages} of {pages}" in text


def test_pdf_needs_an_output_file(tmp_path, capsys):
    old, new = jestor_pair(tmp_path)
    assert main(["summary", str(old), str(new), "--format", "pdf"]) == 1
    assert "needs an output file" in capsys.readouterr().err


def test_include_unchanged_lists_the_unchanged_sections(tmp_path, capsys):
    old, new = jestor_pair(tmp_path)
    report = summary(capsys, str(old), str(new), "--include-unchanged")
    assert "1. Information we collect" in report
    assert report.index("1. Information we collect") < report.index("3. Sharing data")


def test_stored_versions_are_named_with_their_policy_and_dates(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("POLICYVIEWER_DB", raising=False)
    old, new = jestor_pair(tmp_path)
    db = tmp_path / "library.sqlite"
    lib = Library.open(db)
    lib.add_version("Jestor", load_file(old), source=str(old), date="2021-07-29")
    lib.add_version("Jestor", load_file(new), source=str(new), date="2024-03-03")
    lib.close()
    report = main_out = None
    assert main(["--db", str(db), "summary", "Jestor@1", "Jestor@2"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("CHANGE SUMMARY: JESTOR")
    assert "Old:       Jestor version 1 (2021-07-29)" in report
    assert "New:       Jestor version 2 (2024-03-03)" in report
    assert "for [-7-]{+30+} days" in report
    assert main_out is None


def test_pdf_from_the_command_line_needs_no_display(tmp_path):
    old, new = jestor_pair(tmp_path)
    out = tmp_path / "headless.pdf"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "policyviewer", "summary", str(old), str(new), "-o", str(out)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "7. Children" in text and "6. Contacting Jestor" in text


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_every_seed_summary_names_a_reworded_sentence_and_a_removed_paragraph(
    seed, tmp_path, capsys, qapp
):
    old = seed.read_text(encoding="utf-8")
    lines = old.splitlines()
    # The longest paragraph loses its last sentence... and another gets a new word.
    paragraphs = sorted((ln for ln in lines if len(ln.split()) > 25), key=len, reverse=True)
    removed = paragraphs[0].rsplit(". ", 1)[-1].strip()
    changed = paragraphs[1]
    word = max((w for w in changed.split() if w.isalpha()), key=len)
    new = old.replace(paragraphs[0], paragraphs[0][: -len(removed)].rstrip(), 1)
    new = new.replace(changed, changed.replace(f" {word} ", f" {word} and reassessed ", 1), 1)
    assert new != old
    old_path, new_path = tmp_path / f"old-{seed.name}", tmp_path / f"new-{seed.name}"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")

    text = summary(capsys, str(old_path), str(new_path))
    assert "{+and reassessed+}" in " ".join(text.split())
    assert " ".join(removed.split()[:6]) in " ".join(text.split())
    out = tmp_path / "s.pdf"
    summary(capsys, str(old_path), str(new_path), "-o", str(out))
    assert "and reassessed" in pdf_text(out)


@requires_corpus
@pytest.mark.parametrize(
    ("old", "new"),
    [("deliveroo/2023-06-20.md", "deliveroo/2025-11-10.md"),
     ("mozilla/2023-11-01.md", "mozilla/2025-11-06.md")],
)
def test_real_corpus_pair_every_format_names_every_changed_section(
    old, new, tmp_path, capsys, qapp
):
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.report.content import section_title

    old_path, new_path = CORPUS_DIR / old, CORPUS_DIR / new
    cmp = compare_documents(load_file(old_path), load_file(new_path))
    changed = [s for s in cmp.sections if s.changed and s.heading]
    assert changed
    outputs = {}
    for fmt, suffix in (("text", ".txt"), ("markdown", ".md"), ("html", ".html"), ("pdf", ".pdf")):
        out = tmp_path / f"summary{suffix}"
        summary(capsys, str(old_path), str(new_path), "-o", str(out))
        raw = pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8")
        outputs[fmt] = " ".join(raw.replace("\\", "").replace("&amp;", "&").split())
    for change in changed:
        number = change.old_number if change.status == "removed" else change.new_number
        title = " ".join(section_title(number, change.heading).split())
        for fmt, text in outputs.items():
            assert title in text or title.replace("'", "&#x27;") in text, (fmt, title)
