"""Open Terms Archive import: small versions repositories and dataset folders built in tmp."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policyviewer.cli import main
from policyviewer.core import ota
from policyviewer.core.errors import NotFound, PolicyViewerError
from policyviewer.core.library import Library

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

V1 = """# Acme Privacy Policy

Last updated: January 5, 2023

## Information we collect

We collect your name and email address when you create an account.
We also collect device information such as the IP address.

## Sharing

We never sell your personal data.
"""
# The same text re-extracted: lines re-wrapped, trailing spaces, other bullets/blank lines.
V1_REEXTRACTED = V1.replace(
    "We collect your name and email address when you create an account.\nWe also",
    "We collect your name and email address when you\ncreate an account. We also",
).replace("Sharing\n\n", "Sharing   \n\n\n")
V2 = V1.replace("We never sell your personal data.", "We may sell your personal data to partners.")
V3 = V2 + "\n## Children\n\nThe service is not meant for children under 13.\n"
TERMS = "# Acme Terms of Service\n\n## Use\n\nYou must be 18 or older to use Acme.\n"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "OTA", "GIT_AUTHOR_EMAIL": "ota@example.org",
           "GIT_COMMITTER_NAME": "OTA", "GIT_COMMITTER_EMAIL": "ota@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def commit(repo: Path, files: dict[str, str | None], date: str, message: str = "Record") -> str:
    for name, content in files.items():
        path = repo / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def versions_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "versions"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, {"README.md": "# Versions\n", "Acme/Privacy Policy.md": V1,
                  "Acme/Terms of Service.md": TERMS}, "2023-01-05T10:00:00Z")
    commit(repo, {"Acme/Privacy Policy.md": V1_REEXTRACTED}, "2023-02-01T10:00:00Z",
           "Technical upgrade")
    # 23:30 at UTC-05:00 is the next day in UTC.
    commit(repo, {"Acme/Privacy Policy.md": V2}, "2023-03-01T23:30:00-05:00")
    commit(repo, {"Beta Corp/Privacy Policy.md": V1.replace("Acme", "Beta")},
           "2023-03-05T08:00:00Z")
    return repo


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_each_document_becomes_a_policy_and_noise_commits_add_nothing(
    versions_repo, db_path, capsys
) -> None:
    assert run(db_path, "import-ota", str(versions_repo)) == 0
    captured = capsys.readouterr()
    assert f"[0/3] git repository {versions_repo}: 5 recorded versions" in captured.err
    assert "[1/3] Acme Privacy Policy: 2 added, 1 unchanged" in captured.err
    assert "imported 3 documents" in captured.out
    assert "4 versions added, 1 unchanged after noise folding" in captured.out
    with Library.open(db_path) as lib:
        assert [p.name for p in lib.policies()] == [
            "Acme Privacy Policy", "Acme Terms of Service", "Beta Corp Privacy Policy",
        ]
        history = lib.versions("Acme Privacy Policy")
        assert [v.date for v in history] == ["2023-01-05", "2023-03-02"]
        assert "We may sell your personal data" in lib.document(history[1]).text
        assert history[0].source.endswith("/Acme/Privacy Policy.md@" + git(
            versions_repo, "rev-list", "--max-parents=0", "HEAD").strip())
        headings = [(lib.document(history[0]).text[h.start:h.end]) for h in
                    lib.document(history[0]).headings]
        assert headings == ["Acme Privacy Policy", "Information we collect", "Sharing"]


def test_a_second_import_reads_only_what_is_new(versions_repo, db_path, monkeypatch) -> None:
    with Library.open(db_path) as lib:
        ota.import_ota(lib, versions_repo)
        # Nothing new: no file content is read at all, not even the noise-only commit.
        def no_reading(*args):
            raise AssertionError("a known commit was read again")

        monkeypatch.setattr(ota._BlobReader, "read", no_reading)
        again = ota.import_ota(lib, versions_repo)
        assert [(r.added, r.noise, r.known) for r in again] == [(0, 0, 3), (0, 0, 1), (0, 0, 1)]
        monkeypatch.undo()
        commit(versions_repo, {"Acme/Privacy Policy.md": V3}, "2024-06-01T12:00:00Z")
        third = ota.import_ota(lib, versions_repo)
        assert [r.added for r in third] == [1, 0, 0]
        assert [v.date for v in lib.versions("Acme Privacy Policy")] == [
            "2023-01-05", "2023-03-02", "2024-06-01",
        ]


def test_service_and_type_filters(versions_repo, db_path, capsys) -> None:
    assert run(db_path, "import-ota", str(versions_repo), "--service", "acme",
               "--type", "terms of service", "--json") == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["policy"] == "Acme Terms of Service" and result["added"] == 1
    with Library.open(db_path) as lib:
        assert [p.name for p in lib.policies()] == ["Acme Terms of Service"]
    assert run(db_path, "import-ota", str(versions_repo), "--service", "Nobody") == 1
    assert "no Open Terms Archive documents matching" in capsys.readouterr().err


def test_a_deleted_and_restored_document_keeps_its_history(versions_repo, db_path) -> None:
    commit(versions_repo, {"Acme/Privacy Policy.md": None}, "2024-01-01T00:00:00Z")
    commit(versions_repo, {"Acme/Privacy Policy.md": V3}, "2024-02-01T00:00:00Z")
    commit(versions_repo, {"Acme/Privacy Policy.md": V2}, "2024-03-01T00:00:00Z", "Flip back")
    with Library.open(db_path) as lib:
        (acme, *_rest) = ota.import_ota(lib, versions_repo, service="Acme", terms_type=None)
        assert acme.failed == [] and (acme.added, acme.noise, acme.earlier) == (3, 1, 1)
        assert "1 back to an earlier version's text" in acme.describe()


def test_dataset_folder_versions_are_dated_from_their_file_names(tmp_path, db_path, capsys) -> None:
    root = tmp_path / "dataset"
    folder = root / "Acme" / "Privacy Policy"
    folder.mkdir(parents=True)
    (folder / "2023-01-05T10-00-00Z.md").write_text(V1)
    (folder / "2023-02-01T10-00-00Z.md").write_text(V1_REEXTRACTED)
    (folder / "2023-03-02T04-30-00Z.md").write_text(V2)
    (folder / "notes.txt").write_text("not a version")
    (root / "README.md").write_text("# Dataset\n")
    assert run(db_path, "import-ota", str(root)) == 0
    assert "imported 1 document from" in capsys.readouterr().out
    with Library.open(db_path) as lib:
        history = lib.versions("Acme Privacy Policy")
        assert [v.date for v in history] == ["2023-01-05", "2023-03-02"]
        assert history[1].source == str((folder / "2023-03-02T04-30-00Z.md").resolve())
    assert run(db_path, "import-ota", str(root)) == 0
    assert "0 versions added" in capsys.readouterr().out
    # Pointing at the folder the dataset archive was unpacked into works too.
    assert run(db_path, "import-ota", str(tmp_path)) == 0
    assert "0 versions added, 0 unchanged after noise folding, 3 already imported" in (
        capsys.readouterr().out
    )


def test_timestamps_and_dates() -> None:
    assert ota.timestamp_of("2023-02-20T10-14-18Z.md") == "2023-02-20T10:14:18+00:00"
    assert ota.timestamp_of("2023-02-20.md") == "2023-02-20"
    assert ota.timestamp_of("notes.md") is None
    assert ota.utc_date("2023-03-01T23:30:00-05:00") == "2023-03-02"
    assert ota.utc_date("2023-03-01") == "2023-03-01"


def test_bad_paths_are_clear_errors(tmp_path, db_path, capsys) -> None:
    with pytest.raises(PolicyViewerError, match="no such folder"):
        ota.find_documents(tmp_path / "missing")
    (tmp_path / "file.md").write_text("# x\n")
    with pytest.raises(PolicyViewerError, match="is a file"):
        ota.find_documents(tmp_path / "file.md")
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotFound, match="no Open Terms Archive documents found"):
        ota.find_documents(tmp_path / "empty")
    assert run(db_path, "import-ota", str(tmp_path / "missing")) == 1
    assert "no such folder" in capsys.readouterr().err
