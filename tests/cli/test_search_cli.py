"""`policyviewer search` and `policyviewer history` as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policyviewer.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "library.sqlite"
    assert main(["--db", str(path), "samples"]) == 0
    return path


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def search_json(db: Path, capsys, *args: str) -> list[dict]:
    capsys.readouterr()
    assert run(db, "search", *args, "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_search_json_latest_versions(db: Path, capsys) -> None:
    hits = search_json(db, capsys, '"personal information"')
    assert hits
    for hit in hits:
        assert {"policy", "version", "section", "snippet", "date", "rank"} <= set(hit)
        assert isinstance(hit["version"], int)
        matched = hit["snippet"][hit["match_start"] : hit["match_end"]]
        assert " ".join(matched.split()).casefold() == "personal information"
        assert hit["latest"] is True
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert len({h["policy"] for h in hits}) > 1


def test_search_all_versions_and_policy_filter(db: Path, capsys) -> None:
    latest = search_json(db, capsys, "firefox", "--policy", "Mozilla", "--limit", "200")
    every = search_json(
        db, capsys, "firefox", "--policy", "mozilla", "--all-versions", "--limit", "200"
    )
    assert {h["policy"] for h in latest + every} == {"Mozilla"}
    assert len({h["version"] for h in latest}) == 1
    assert len({h["version"] for h in every}) == 5
    assert len(every) > len(latest)


def test_search_text_output_marks_the_hit(db: Path, capsys) -> None:
    capsys.readouterr()
    assert run(db, "search", "advert*", "--limit", "3") == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ")
    assert "[advert" in out.casefold()
    assert out.count("\n1. ") == 0 and "3. " in out


def test_no_match_is_a_normal_outcome(db: Path, capsys) -> None:
    assert search_json(db, capsys, "zyxwvut") == []
    assert run(db, "search", "zyxwvut") == 0
    out = capsys.readouterr().out
    assert "No matches" in out and "--all-versions" in out


@pytest.mark.parametrize("query", ['"unclosed phrase', "*", "privacy AND", "NOT x", "(a OR b"])
def test_malformed_query_is_one_clear_error(db: Path, capsys, query: str) -> None:
    capsys.readouterr()
    assert run(db, "search", query) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("policyviewer: error: invalid search: ")
    assert "(" in err[0]  # the hint


def test_malformed_query_in_a_real_process_has_no_traceback(db: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "search", 'sell "your'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and "quotation mark" in out.stderr


def test_limit_must_be_positive(db: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        run(db, "search", "data", "--limit", "0")
    assert "--limit" in capsys.readouterr().err


def test_history_json_and_text(db: Path, capsys) -> None:
    capsys.readouterr()
    assert run(db, "history", "Mozilla", "Firefox", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["first_seen"] == 1 and data["last_seen"] is None
    assert [v["number"] for v in data["versions"]] == [1, 2, 3, 4, 5]
    assert all(v["present"] for v in data["versions"])
    assert all({"date", "changed", "paragraph"} <= set(v) for v in data["versions"])
    assert run(db, "history", "Mozilla", "Firefox") == 0
    out = capsys.readouterr().out
    assert out.startswith('"Firefox" first appears in Mozilla@1')
    assert "still present" in out


def test_history_of_missing_passage_and_policy(db: Path, capsys) -> None:
    capsys.readouterr()
    assert run(db, "history", "Mozilla", "we will mail you a pony", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["found"] is False and data["first_seen"] is None
    assert run(db, "history", "Mozila", "firefox") == 1
    err = capsys.readouterr().err
    assert err.startswith("policyviewer: error: no policy named 'Mozila'") and "Mozilla" in err


def test_all_versions_text_lists_an_unchanged_section_once(db: Path, capsys) -> None:
    hits = search_json(db, capsys, "firefox", "--policy", "Mozilla", "--all-versions")
    assert run(db, "search", "firefox", "--policy", "Mozilla", "--all-versions") == 0
    out = capsys.readouterr().out
    results = [line for line in out.splitlines() if line[:1].isdigit()]
    assert len(results) < len(hits)  # some sections are the same in several versions
    grouped = [line for line in results if "Mozilla versions " in line]
    assert grouped
    listed = sum(len(line.split(" versions ")[1].split(" (")[0].split(", ")) for line in grouped)
    assert listed + len(results) - len(grouped) == len(hits)
