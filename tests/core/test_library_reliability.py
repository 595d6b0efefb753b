"""Fault injection for the library: damaged files, newer schemas, read-only places,
a full disk, concurrent writers in separate processes, and kill -9 mid-import."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from policyviewer.core.errors import LibraryError
from policyviewer.core.library import Library
from policyviewer.core.model import Document

REPO = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def make_library(path: Path, versions: int = 60) -> None:
    with Library.open(path) as lib:
        for i in range(versions):
            words = " ".join(f"w{i}x{j}" for j in range(400))
            lib.add_version(f"Policy {i % 4}", Document(words, "text"), date="2024-01-01")


# -- damaged and foreign files ------------------------------------------------------


def test_random_bytes_are_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(random.Random(1).randbytes(20_000))
    before = digest(path)
    with pytest.raises(LibraryError, match="not an SQLite database") as err:
        Library.open(path)
    assert "--db" in str(err.value)  # a way forward
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite"]


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.97])
def test_truncated_library_is_refused_and_left_byte_identical(tmp_path: Path, keep: float) -> None:
    good = tmp_path / "good.sqlite"
    make_library(good)
    path = tmp_path / "library.sqlite"
    data = good.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    before = digest(path)
    with pytest.raises(LibraryError, match="damaged") as err:
        Library.open(path)
    assert "\n" not in str(err.value)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_overwritten_pages_are_detected_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    make_library(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = random.Random(2).randbytes(2 * page)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(LibraryError, match="damaged"):
        Library.open(path)
    assert digest(path) == before


def test_damaged_text_fails_its_checksum_on_read(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with Library.open(path) as lib:
        lib.add_version("P", Document("original words", "text"))
    conn = sqlite3.connect(path)
    import zlib

    with conn:
        conn.execute("UPDATE texts SET text = ?", (zlib.compress(b"tampered words"),))
    conn.close()
    with Library.open(path) as lib:
        with pytest.raises(LibraryError, match="checksum"):
            lib.document(lib.version("P"))
        assert [p for p in lib.verify() if "fails its checksum" in p]


def test_another_programs_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    before = digest(path)
    with pytest.raises(LibraryError, match="not a PolicyViewer library"):
        Library.open(path)
    assert digest(path) == before


def test_newer_schema_opens_read_only_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    make_library(path, versions=4)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('policyviewer', '999_from_the_future', '2030-01-01')"
        )
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = digest(path)
    with Library.open(path) as lib:
        assert lib.read_only
        assert sum(p.versions for p in lib.policies()) == 4  # reading still works
        with pytest.raises(LibraryError, match="newer PolicyViewer"):
            lib.add_version("New", Document("text", "text"))
        with pytest.raises(LibraryError, match="newer PolicyViewer"):
            lib.remove_policy("Policy 0")
    assert digest(path) == before


# -- read-only places ----------------------------------------------------------------

_READ_ONLY_CHECK = """
import json, sys
from policyviewer.core.errors import LibraryError
from policyviewer.core.library import Library
from policyviewer.core.model import Document
out = {}
try:
    lib = Library.open(sys.argv[1])
    out["read_only"] = lib.read_only
    out["versions"] = sum(p.versions for p in lib.policies())
    out["text"] = lib.document(lib.version("Policy 1")).text[:6]
    try:
        lib.add_version("New", Document("new words", "text"))
        out["write"] = "ok"
    except LibraryError as exc:
        out["write"] = str(exc)
except LibraryError as exc:
    out["open"] = str(exc)
print(json.dumps(out))
"""


def _run_unprivileged(code: str, *args: str):
    """Run ``code`` in a child that obeys permission bits (root drops its override)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permission bits cannot bite")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    if prefix and result.returncode != 0 and result.stderr.startswith("setpriv:"):
        pytest.skip(f"cannot drop root's permission override here: {result.stderr.strip()}")
    return result


@pytest.fixture
def restore_permissions(tmp_path: Path):
    yield
    for p in [tmp_path, *tmp_path.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)


@pytest.mark.parametrize("file_mode, folder_mode", [(0o444, 0o755), (0o644, 0o555)])
def test_read_only_file_or_folder_allows_reading_and_refuses_writing(
    tmp_path: Path, restore_permissions: None, file_mode: int, folder_mode: int
) -> None:
    folder = tmp_path / "lib"
    path = folder / "library.sqlite"
    make_library(path, versions=8)
    path.chmod(file_mode)
    folder.chmod(folder_mode)
    before = digest(path)
    result = _run_unprivileged(_READ_ONLY_CHECK, str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["read_only"] is True
    assert out["versions"] == 8
    assert out["text"] == "w5x0 w"  # the latest of Policy 1 (versions 1, 5: same date)
    assert "read-only" in out["write"]
    assert digest(path) == before


def test_unreadable_file_is_reported_and_left_alone(
    tmp_path: Path, restore_permissions: None
) -> None:
    path = tmp_path / "library.sqlite"
    make_library(path, versions=2)
    before = digest(path)
    path.chmod(0o000)
    result = _run_unprivileged(_READ_ONLY_CHECK, str(path))
    message = json.loads(result.stdout)["open"]
    assert "cannot read the library file" in message and "--db" in message
    path.chmod(0o644)
    assert digest(path) == before


def test_no_library_can_be_created_in_a_read_only_folder(
    tmp_path: Path, restore_permissions: None
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    folder.chmod(0o555)
    result = _run_unprivileged(_READ_ONLY_CHECK, str(folder / "new.sqlite"))
    out = json.loads(result.stdout)
    assert "cannot create a library here" in out["open"]
    assert not (folder / "new.sqlite").exists()
    result = _run_unprivileged(_READ_ONLY_CHECK, str(folder / "sub" / "new.sqlite"))
    assert "cannot be created" in json.loads(result.stdout)["open"]


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(LibraryError, match="cannot be created"):
        Library.open(blocker / "sub" / "library.sqlite")
    with pytest.raises(LibraryError, match="is a folder"):
        Library.open(tmp_path)


def test_full_disk_rolls_back_and_library_stays_usable(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    make_library(path, versions=3)
    with Library.open(path) as lib:
        pages = lib.db.execute("PRAGMA page_count").fetchone()[0]
        lib.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now "full"
        incompressible = random.Random(3).randbytes(300_000).hex()
        with pytest.raises(LibraryError, match="disk is full"):
            lib.add_version("Big", Document(incompressible, "text"))
        assert [p.name for p in lib.policies()] == ["Policy 0", "Policy 1", "Policy 2"]
        lib.db.execute(f"PRAGMA max_page_count = {pages * 1000}")
        assert lib.add_version("Big", Document(incompressible, "text")).created
    assert integrity(path) == "ok"


# -- concurrent writers ----------------------------------------------------------------

_WRITER = """
import os, sys, time
from policyviewer.core.library import Library
from policyviewer.core.model import Document
db, worker, go = sys.argv[1], sys.argv[2], sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.001)
lib = Library.open(db)  # both processes may create the schema at the same moment
for i in range(50):
    text = f"worker {worker} version {i}\\n\\n" + " ".join(f"t{i}w{j}" for j in range(3000))
    r = lib.add_version("Shared", Document(text, "text"), date=f"2024-01-{i % 28 + 1:02d}")
    assert r.created
    lib.add_version(f"Own {worker}", Document(text, "text"))
lib.close()
print("done")
"""


def test_two_processes_write_the_same_library_at_once(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(_WRITER), str(path), name, str(go)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("A", "B")
    ]
    time.sleep(0.5)
    go.write_text("go")
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and out.strip() == "done"
    assert integrity(path) == "ok"
    with Library.open(path) as lib:
        shared = lib.versions("Shared")
        assert len(shared) == 100
        assert [v.date for v in shared] == sorted(v.date for v in shared)
        assert lib.get_policy("Own A").versions == 50
        assert lib.get_policy("Own B").versions == 50
        texts = {lib.document(v).text.split("\n")[0] for v in shared}
        assert texts == {f"worker {w} version {i}" for w in "AB" for i in range(50)}


# -- kill -9 in the middle of a bulk import ------------------------------------------------


def _write_policy_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    files = []
    for i in range(count):
        f = folder / f"policy-{i:03d}.txt"
        body = "\n\n".join(
            f"Section {s}. We keep record {i}-{s} for "
            + " ".join(f"w{i}s{s}k{k}" for k in range(60))
            for s in range(40)
        )
        f.write_text(body, encoding="utf-8")
        files.append(f)
    return files


def _import_until_killed(db: Path, files: list[Path], kill_after: int) -> int:
    """Run `policyviewer add` over all files; SIGKILL it after ``kill_after`` commits."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "add", *map(str, files),
         "--policy", "Bulk"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    reported = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("added:"):
            reported += 1
        if reported >= kill_after:
            time.sleep(random.Random(kill_after).random() * 0.05)  # land mid-transaction
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    return reported


def test_kill_9_mid_import_leaves_whole_versions_and_the_import_can_be_rerun(
    tmp_path: Path,
) -> None:
    files = _write_policy_files(tmp_path / "files", 120)
    db = tmp_path / "library.sqlite"
    for kill_after in (3, 17, 41):
        reported = _import_until_killed(db, files, kill_after)
        assert integrity(db) == "ok"
        with Library.open(db) as lib:
            versions = lib.versions("Bulk")
            assert len(versions) >= reported  # every reported version survived
            stored = {lib.document(v).text for v in versions}  # each one checksummed
            assert stored <= {f.read_text(encoding="utf-8") for f in files}
            assert len(stored) == len(versions)  # no half or duplicate versions
            assert lib.verify() == []
    rerun = subprocess.run(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "add", *map(str, files),
         "--policy", "Bulk"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "unchanged:" in rerun.stdout
    assert integrity(db) == "ok"
    with Library.open(db) as lib:
        assert len(lib.versions("Bulk")) == len(files)


_STALL_INSIDE_TRANSACTION = """
import sys, time
from policyviewer.core.library import Library
from policyviewer.core.model import Document
lib = Library.open(sys.argv[1])
lib.add_version("P", Document("committed before the kill", "text"))

def stall(sql):
    if sql.startswith("INSERT INTO versions"):
        print("inside", flush=True)  # the text row is written, the version row next
        time.sleep(60)

lib.db.conn.set_trace_callback(stall)
lib.add_version("P", Document("never committed " * 1000, "text"))
"""


def test_kill_9_inside_a_transaction_leaves_nothing_of_it(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_STALL_INSIDE_TRANSACTION), str(db)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside", proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert integrity(db) == "ok"
    with Library.open(db) as lib:
        assert [lib.document(v).text for v in lib.versions("P")] == ["committed before the kill"]
        assert lib.db.execute("SELECT count(*) FROM texts").fetchone()[0] == 1  # no orphan
        assert lib.add_version("P", Document("never committed " * 1000, "text")).created
        assert len(lib.versions("P")) == 2


_OPENER = """
import os, sys, time
from policyviewer.core.library import Library
db, go = sys.argv[1], sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.0005)
Library.open(db).close()
print("ok")
"""


def test_processes_creating_the_same_new_library_at_once_all_succeed(tmp_path: Path) -> None:
    # SQLite answers "database is locked" at once (no busy handler) when two connections
    # switch a new file to WAL together; the library must wait, not fail.
    for round_ in range(15):
        path = tmp_path / f"new{round_}.sqlite"
        go = tmp_path / f"go{round_}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", textwrap.dedent(_OPENER), str(path), str(go)],
                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for _ in range(3)
        ]
        time.sleep(0.5)
        go.write_text("go")
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert out.strip() == "ok"
        assert integrity(path) == "ok"
