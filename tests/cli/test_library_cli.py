"""The library commands as a user types them: add, list, versions, show, remove, samples."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FILES

from policyviewer.cli import main
from policyviewer.core.library import Library

REPO = Path(__file__).resolve().parents[2]
MOZILLA = sorted((REPO / "resources" / "samples" / "mozilla").glob("*.md"))


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("POLICYVIEWER_DB", raising=False)
    return tmp_path / "library.sqlite"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def stored_versions(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "versions" not in tables:
            return 0
        return conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    finally:
        conn.close()


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("policyviewer: error: ")
    assert "Traceback" not in err
    return lines[0]


# -- add ---------------------------------------------------------------------------


def test_add_the_five_seeds_then_readd_one(db: Path, capsys) -> None:
    assert run(db, "add", *map(str, SEED_FILES)) == 0
    out = capsys.readouterr().out
    assert out.count("added:") == 5 and "new policy" in out
    assert run(db, "add", str(SEED_FILES[0])) == 0
    out = capsys.readouterr().out
    assert out.startswith("unchanged:") and "identical to version 1" in out
    assert stored_versions(db) == 5
    assert run(db, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(p["name"] for p in listed) == sorted(f.stem for f in SEED_FILES)
    assert all(p["versions"] == 1 and p["latest_date"] for p in listed)
    assert {"id", "name", "versions", "latest_date"} <= set(listed[0])


def test_add_history_with_dates_and_policy_name(db: Path, capsys) -> None:
    # Added newest first: the library orders them by date anyway.
    for f in reversed(MOZILLA):
        assert run(db, "add", str(f), "--policy", "Mozilla", "--date", f.stem) == 0
    capsys.readouterr()
    assert run(db, "versions", "mozilla", "--json") == 0
    versions = json.loads(capsys.readouterr().out)
    assert [v["number"] for v in versions] == list(range(1, len(MOZILLA) + 1))
    assert [v["date"] for v in versions] == [f.stem for f in MOZILLA]
    assert [Path(v["source"]).name for v in versions] == [f.name for f in MOZILLA]
    for v in versions:
        assert len(v["sha256"]) == 64 and v["words"] > 100
        assert v["format"] == "markdown" and "effective_date" in v
    assert run(db, "versions", "Mozilla") == 0
    table = capsys.readouterr().out
    assert table.splitlines()[1].split()[:2] == ["1", MOZILLA[0].stem]


def test_show_prints_stored_text_of_latest_or_numbered_version(db: Path, capsys) -> None:
    for f in MOZILLA[:3]:
        run(db, "add", str(f), "--policy", "Mozilla", "--date", f.stem)
    capsys.readouterr()
    with Library.open(db) as lib:
        texts = [lib.document(v).text for v in lib.versions("Mozilla")]
    assert run(db, "show", "Mozilla") == 0
    assert capsys.readouterr().out == texts[-1] + "\n"
    assert run(db, "show", "mozilla@1") == 0
    assert capsys.readouterr().out == texts[0] + "\n"
    policy_id = json.loads((run(db, "list", "--json"), capsys.readouterr().out)[1])[0]["id"]
    assert run(db, "show", f"{policy_id}@2") == 0
    assert capsys.readouterr().out == texts[1] + "\n"


def test_show_reads_a_file_without_storing_it(db: Path, capsys) -> None:
    assert run(db, "show", str(MOZILLA[0])) == 0
    assert "Privacy" in capsys.readouterr().out
    assert stored_versions(db) == 0


def test_encodings_are_decoded(db: Path, tmp_path: Path, capsys) -> None:
    text = "Politique de confidentialité\n\nNous protégeons vos données (café, naïve)."
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    assert run(db, "add", str(tmp_path / "latin.txt"), str(tmp_path / "utf16.txt")) == 0
    capsys.readouterr()
    for name in ("latin", "utf16"):
        assert run(db, "show", name) == 0
        assert capsys.readouterr().out.strip() == text


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, b"%PDF-1.7\n1 0 obj\n<<"],
    ids=["empty", "image", "truncated-pdf"],
)
def test_bad_file_one_error_line_nothing_stored(db: Path, tmp_path: Path, capsys, content) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    assert run(db, "add", str(bad)) == 1
    captured = capsys.readouterr()
    assert "bad.pdf" in one_error_line(captured.err)
    assert captured.out == ""
    assert stored_versions(db) == 0


def test_one_bad_file_among_several_is_skipped(db: Path, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    assert run(db, "add", str(SEED_FILES[0]), str(empty), str(missing), str(SEED_FILES[1])) == 1
    captured = capsys.readouterr()
    assert captured.out.count("added:") == 2
    errors = [line for line in captured.err.splitlines() if line.startswith("policyviewer: error:")]
    assert len(errors) == 2 and "empty.txt" in errors[0] and "no such file" in errors[1]
    assert "2 of 4 files not added" in captured.err
    assert stored_versions(db) == 2


@pytest.mark.parametrize("bad", ["2024-13-01", "01/05/2024", "soon"])
def test_bad_date_is_refused_before_anything_is_stored(db: Path, capsys, bad: str) -> None:
    assert run(db, "add", str(SEED_FILES[0]), "--date", bad) == 1
    assert "YYYY-MM-DD" in one_error_line(capsys.readouterr().err)
    assert stored_versions(db) == 0


# -- list / versions / errors ---------------------------------------------------------


def test_list_of_an_empty_library(db: Path, capsys) -> None:
    assert run(db, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(db, "list") == 0
    assert "empty" in capsys.readouterr().out


def test_unknown_policy_and_version_give_one_line_errors(db: Path, capsys) -> None:
    run(db, "add", str(MOZILLA[0]), "--policy", "Mozilla")
    capsys.readouterr()
    assert run(db, "show", "Mozila") == 1
    assert "did you mean 'Mozilla'" in one_error_line(capsys.readouterr().err)
    assert run(db, "show", "Mozilla@7") == 1
    assert "no version 7" in one_error_line(capsys.readouterr().err)
    assert run(db, "versions", "Nothing") == 1
    one_error_line(capsys.readouterr().err)
    assert run(db, "show", "missing/file.md") == 1
    assert "no such file" in one_error_line(capsys.readouterr().err)


def test_corrupt_library_gives_one_line_error_and_is_untouched(db: Path, capsys) -> None:
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    assert run(db, "list") == 1
    assert "not an SQLite database" in one_error_line(capsys.readouterr().err)
    assert db.read_bytes() == before


# -- remove ---------------------------------------------------------------------------


def test_remove_needs_confirmation(db: Path, capsys) -> None:
    for f in MOZILLA[:3]:
        run(db, "add", str(f), "--policy", "Mozilla", "--date", f.stem)
    capsys.readouterr()
    assert run(db, "remove", "Mozilla") == 1
    assert "--yes" in one_error_line(capsys.readouterr().err)
    assert stored_versions(db) == 3
    assert run(db, "remove", "Mozilla@1", "--yes") == 0
    assert MOZILLA[0].stem in capsys.readouterr().out
    run(db, "versions", "Mozilla", "--json")
    assert [v["date"] for v in json.loads(capsys.readouterr().out)] == [
        f.stem for f in MOZILLA[1:3]
    ]
    assert run(db, "remove", "mozilla", "--yes") == 0
    assert "removed: policy Mozilla and its 2 versions" in capsys.readouterr().out
    assert stored_versions(db) == 0
    run(db, "list", "--json")
    assert json.loads(capsys.readouterr().out) == []


# -- samples --------------------------------------------------------------------------


def test_samples_command_is_idempotent(db: Path, capsys) -> None:
    assert run(db, "samples") == 0
    assert "added 10" in capsys.readouterr().out
    assert run(db, "samples") == 0
    assert "nothing added" in capsys.readouterr().out
    run(db, "list", "--json")
    names = {p["name"]: p["versions"] for p in json.loads(capsys.readouterr().out)}
    assert names == {
        "Jestor": 1, "Jector AI": 1, "Jtek": 1, "netjump": 1, "Jiminny": 1, "Mozilla": 5,
    }


def test_help_texts(capsys) -> None:
    for command in ("add", "list", "versions", "show", "remove", "rename", "check", "samples"):
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        assert len(capsys.readouterr().out) > 150


# -- real processes, default location ----------------------------------------------------


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("policyviewer")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "policyviewer"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=120, cwd=REPO
    )


def test_default_location_under_the_platform_data_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "POLICYVIEWER_DB"}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    result = cli("add", str(SEED_FILES[0]), env=env)
    assert result.returncode == 0, result.stderr
    expected = tmp_path / "xdg" / "policyviewer" / "library.sqlite"
    assert expected.is_file()
    assert stored_versions(expected) == 1
    env["POLICYVIEWER_DB"] = str(tmp_path / "env.sqlite")
    assert cli("add", str(SEED_FILES[1]), env=env).returncode == 0
    assert stored_versions(tmp_path / "env.sqlite") == 1
    assert stored_versions(expected) == 1


def test_real_process_bad_input_has_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, POLICYVIEWER_DB=str(tmp_path / "lib.sqlite"))
    binary = tmp_path / "blob.docx"
    binary.write_bytes(bytes(range(256)) * 40)
    for args in (["add", str(binary)], ["show", "nope"], ["remove", "nope"],
                 ["add", str(SEED_FILES[0]), "--date", "2024-02-30"]):
        result = cli(*args, env=env)
        assert result.returncode == 1, args
        one_error_line(result.stderr)
    assert stored_versions(tmp_path / "lib.sqlite") == 0


def test_add_to_a_library_that_cannot_be_changed_fails_once(db: Path, capsys) -> None:
    run(db, "add", str(SEED_FILES[0]))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("PRAGMA user_version = 99")  # as if written by a newer PolicyViewer
    conn.close()
    capsys.readouterr()
    assert run(db, "add", *map(str, SEED_FILES[1:])) == 1
    assert "newer PolicyViewer" in one_error_line(capsys.readouterr().err)
    assert stored_versions(db) == 1
    assert run(db, "list", "--json") == 0  # reading still works
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_rename(db: Path, capsys) -> None:
    run(db, "add", str(SEED_FILES[0]), str(SEED_FILES[1]))
    capsys.readouterr()
    assert run(db, "rename", SEED_FILES[0].stem, "Acme Inc") == 0
    assert "-> Acme Inc" in capsys.readouterr().out
    assert run(db, "rename", "acme inc", SEED_FILES[1].stem.upper()) == 1
    assert "already exists" in one_error_line(capsys.readouterr().err)
    run(db, "list", "--json")
    names = sorted(p["name"] for p in json.loads(capsys.readouterr().out))
    assert names == sorted(["Acme Inc", SEED_FILES[1].stem])


def test_html_and_docx_keep_their_structure_through_the_library(
    db: Path, tmp_path: Path, capsys
) -> None:
    docx = pytest.importorskip("docx")
    html = tmp_path / "acme.html"
    html.write_text(
        "<html><head><style>p{color:red}</style><script>var tracking = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><h1>Acme Privacy</h1><p>We collect email.</p>"
        "<h2>Sharing</h2><p>We never sell data.</p></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_heading("Acme Privacy", level=1)
    document.add_paragraph("We collect email and phone.")
    document.add_heading("Sharing", level=2)
    document.add_paragraph("We never sell data.")
    document.save(tmp_path / "acme.docx")
    assert run(db, "add", str(html), str(tmp_path / "acme.docx"), "--policy", "Acme") == 0
    capsys.readouterr()
    run(db, "versions", "Acme", "--json")
    assert [v["format"] for v in json.loads(capsys.readouterr().out)] == ["html", "docx"]
    assert run(db, "show", "Acme@1") == 0
    shown = capsys.readouterr().out
    assert "We never sell data." in shown and "tracking" not in shown and "color" not in shown
    with Library.open(db) as lib:
        for v in lib.versions("Acme"):
            d = lib.document(v)
            headings = [(d.text[h.start : h.end], h.level) for h in d.headings]
            assert headings == [("Acme Privacy", 1), ("Sharing", 2)]


def test_check_verifies_every_text(db: Path, capsys) -> None:
    run(db, "samples")
    capsys.readouterr()
    assert run(db, "check") == 0
    out = capsys.readouterr().out
    assert out.startswith("ok:") and "6 policies, 10 versions" in out
    conn = sqlite3.connect(db)
    with conn:
        sha = conn.execute("SELECT sha256 FROM texts LIMIT 1").fetchone()[0]
        conn.execute("UPDATE texts SET text = ? WHERE sha256 = ?", (b"garbage", sha))
    conn.close()
    assert run(db, "check") == 1
    err = capsys.readouterr().err
    assert f"text {sha[:12]} cannot be decompressed" in err


def test_add_expands_wildcards_the_shell_left_alone(db: Path, capsys) -> None:
    pattern = str(MOZILLA[0].parent / "2023-*.md")
    assert run(db, "add", pattern, "--policy", "Mozilla") == 0
    assert capsys.readouterr().out.count("added:") == 2
    assert run(db, "add", str(MOZILLA[0].parent / "1999-*.md")) == 1
    assert "no such file" in one_error_line(capsys.readouterr().err)
