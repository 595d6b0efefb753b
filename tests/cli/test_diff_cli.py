"""``policyviewer diff``: the terminal diff and the JSON, as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SEEDS_DIR

from policyviewer.cli import main
from policyviewer.core.dates import parse_date


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = (SEEDS_DIR / "jestor.txt").read_text(encoding="utf-8")
    new = old.replace("How we use this information", "How we use your information")
    new = new.replace("July 29, 2021", "August 3, 2022")
    new = new.replace("- Contact for user support.", "- Contact details for user support.")
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return a, b


def test_plain_diff_marks_changes_without_colour(pair, capsys) -> None:
    a, b = pair
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "Contact {+details +}for user support." in out
    assert "How we use [-this-]{+your+} information" in out
    assert 'renamed from "How we use this information"' in out
    dates = r"last_updated: (July 29, 2021|2021-07-29) -> (August 3, 2022|2022-08-03)"
    assert re.search(dates, out)
    # Unchanged sections are summarised, not printed.
    assert "Managing your organization data" not in out
    assert "unchanged sections not shown" in out


def test_moved_lines_say_where_they_went_and_what_changed(tmp_path: Path, capsys) -> None:
    old = (SEEDS_DIR / "jestor.txt").read_text(encoding="utf-8")
    line = next(x for x in old.split("\n") if x.startswith("We may also use tools"))
    new = old.replace(line + "\n", "").replace(
        "5. Managing your organization data\n",
        "5. Managing your organization data\n" + line.replace("tools", "services") + "\n")
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "; 1 passage moved (52 words)" in out.splitlines()[2]
    edit = "edited: “tools” → “services” (2 times))"
    [left] = [x for x in out.splitlines() if x.startswith("   [-We may also use tools")]
    assert left.endswith(f"-] (moved to “5. Managing your organization data”, {edit}")
    [arrived] = [x for x in out.splitlines() if x.startswith("   {+We may also use services")]
    assert arrived.endswith(f"+}} (moved here from “Information automatically collected”, {edit}")


def test_a_sentence_moved_out_of_a_rewritten_line_is_noted_at_both_ends(tmp_path: Path,
                                                                         capsys) -> None:
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text("1. Data\n\nWe collect your name and many other details about you. For "
                 "example, when you sign up we ask for your email address and phone number."
                 "\n\n2. Use\n\nWe use data.\n", encoding="utf-8")
    b.write_text("1. Data\n\nWe collect your name.\n\n2. Use\n\nWe use data for many purposes"
                 " described in this policy. For example, when you sign up we ask for your "
                 "email address and phone number. That is all.\n", encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    lines = capsys.readouterr().out.splitlines()
    [left] = [x for x in lines if x.startswith("   We collect your name[-")]
    assert left.endswith("(a sentence moved to “2. Use”)")
    [arrived] = [x for x in lines if x.startswith("   We use data{+")]
    assert arrived.endswith("(a sentence moved here from “1. Data”)")


def test_colour_always(pair, capsys) -> None:
    a, b = pair
    assert main(["diff", str(a), str(b), "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[32mdetails \x1b[0m" in out
    assert "{+" not in out


def test_json_output_is_the_comparison(pair, capsys) -> None:
    a, b = pair
    assert main(["diff", str(a), str(b), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"old", "new", "stats", "sections", "metadata", "spans"}
    assert data["old"]["source"].endswith("old.txt")
    assert data["stats"]["sections_renamed"] == 1
    assert data["stats"]["sections_modified"] == 1
    [meta] = data["metadata"]
    assert meta["field"] == "last_updated"
    assert (parse_date(meta["old"]), parse_date(meta["new"])) == ("2021-07-29", "2022-08-03")
    new_text = b.read_text(encoding="utf-8")
    assert "".join(t for op, t in data["spans"] if op != "-") == new_text
    section = next(s for s in data["sections"] if s["renamed"])
    assert section["old_heading"] == "How we use this information"
    assert section["status"] == "unchanged"
    assert ["-", "this"] in section["spans"] and ["+", "your"] in section["spans"]


def test_identical_files_say_so(tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.txt"
    a.write_text((SEEDS_DIR / "jtek.txt").read_text(encoding="utf-8"), encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(a.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    assert "No changes" in capsys.readouterr().out


def test_missing_file_is_one_line_error(tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Hello.", encoding="utf-8")
    code = main(["--db", str(tmp_path / "lib.sqlite"), "diff", str(a), str(tmp_path / "no.txt")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("policyviewer: error:") and err.count("\n") == 1


def test_a_heading_added_or_dropped_over_text_that_stays_says_so(tmp_path: Path, capsys) -> None:
    text = "We keep your data for as long as your account is open, then delete it."
    old = f"Privacy Policy\n\nIntro to the policy for everyone.\n\nRetention\n\n{text}\n\n"
    old += "Backups are kept for thirty days after your account is closed.\n"
    new = old.replace("Backups are", "Backups\n\nBackups are")
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("+1 -0 words; 1 added")
    assert "(a new heading over text that was already there)" in out
    assert main(["diff", str(b), str(a)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("+0 -1 words; 1 removed")
    assert "(only the heading went: its text runs on in the section before)" in out
