"""Import Open Terms Archive histories: a versions git repository or a dataset folder.

- A versions repository is a git repository where ``<Service>/<Terms type>.md``
  holds each document and each commit that touched it is a version, dated with
  the commit date (read with ``git log`` and ``git cat-file`` in a subprocess).
- A dataset folder holds ``<Service>/<Terms type>/<timestamp>.md`` files, each a
  version dated by its file name (``2023-02-20T10-14-18Z.md``).

Each document becomes the policy "<Service> <Terms type>". A version whose text
equals the one before it after ``fold_noise`` (a technical re-extraction) adds
nothing. Every source read (``<repo>/<file>@<commit>`` or the file path) is
remembered, so importing the same repository again only reads what is new.
Nothing here touches the network: only local files and the local ``git``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import ImportFailed, LibraryError, NotFound, PolicyViewerError
from policyviewer.core.importers import load_bytes
from policyviewer.core.library import tracking
from policyviewer.core.library.store import Library
from policyviewer.core.model import Document
from policyviewer.core.normalize import fold_noise

SUFFIXES = (".md", ".pdf", ".html", ".txt")
_TIMESTAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})"
    r"(?:[T ](\d{2})[-:](\d{2})(?:[-:](\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?"
)
# (documents done, documents in all, what happened to the last one)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class OtaVersion:
    source: str  # remembered so a second import skips it
    when: str  # ISO timestamp of the commit or file name
    commit: str | None = None
    path: Path | None = None  # dataset file


@dataclass(frozen=True)
class OtaDocument:
    service: str
    terms_type: str
    file: str  # path inside the repository / dataset, with "/"
    versions: tuple[OtaVersion, ...] = ()

    @property
    def policy_name(self) -> str:
        return f"{self.service} {self.terms_type}"


@dataclass
class DocumentImport:
    """What importing one document's history did."""

    policy: str
    added: int = 0
    noise: int = 0  # versions that only re-extracted the same text
    known: int = 0  # sources already imported before
    earlier: int = 0  # back to the exact text of an earlier version (stored once)
    failed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.added} added"]
        if self.noise:
            parts.append(f"{self.noise} unchanged (same text after noise folding)")
        if self.earlier:
            parts.append(f"{self.earlier} back to an earlier version's text")
        if self.known:
            parts.append(f"{self.known} already imported")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return f"{self.policy}: " + ", ".join(parts)


def utc_date(timestamp: str) -> str:
    """``YYYY-MM-DD`` (UTC) of an ISO timestamp; a bare date is returned as is."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp[:10]
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(timezone.utc).date().isoformat()


def timestamp_of(file_name: str) -> str | None:
    """The ISO timestamp in a dataset file name (``2023-02-20T10-14-18Z.md``), or None."""
    m = _TIMESTAMP.match(file_name)
    if not m:
        return None
    day, hh, mm, ss, zone = m.groups()
    if hh is None:
        return day
    zone = "+00:00" if zone in (None, "Z") else zone
    return f"{day}T{hh}:{mm}:{ss or '00'}{zone}"


def _wanted(service: str, terms_type: str, want_service: str | None, want_type: str | None) -> bool:
    def same(a: str, b: str | None) -> bool:
        return b is None or " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

    return same(service, want_service) and same(terms_type, want_type)


# -- git versions repository -------------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise PolicyViewerError(
            "git is needed to read an Open Terms Archive repository, and it is not installed",
            hint="install git, or import an Open Terms Archive dataset folder instead",
        )
    done = subprocess.run(
        [git, "-C", str(root), "-c", "core.quotepath=off", *args],
        capture_output=True, check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImportFailed(
            f"git {args[0]} failed: {message[-1] if message else done.returncode}",
            path=str(root),
        )
    return done.stdout.decode("utf-8", "replace")


def git_root(path: Path) -> Path | None:
    """The top of the git work tree ``path`` is in, or None if it is not in one."""
    if shutil.which("git") is None or not path.is_dir():
        return None
    done = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel"],
        capture_output=True, text=True, check=False,
    )
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def git_documents(
    root: Path, service: str | None = None, terms_type: str | None = None
) -> list[OtaDocument]:
    """Each ``<Service>/<Terms type>.<ext>`` file in the history, its commits oldest first."""
    # With --service, git itself skips the other services' commits.
    paths = ["--", f":(icase){service}/*"] if service else []
    log = _git(
        root, "log", "--reverse", "--no-renames", "--format=%x00%H%x09%cI", "--name-only", *paths
    )
    history: dict[str, list[OtaVersion]] = {}
    commit, when = "", ""
    for line in log.split("\n"):
        if line.startswith("\x00"):
            commit, _, when = line[1:].partition("\t")
            continue
        parts = PurePosixPath(line).parts
        if len(parts) != 2 or PurePosixPath(line).suffix.lower() not in SUFFIXES:
            continue
        if not _wanted(parts[0], PurePosixPath(parts[1]).stem, service, terms_type):
            continue
        source = f"{root}/{line}@{commit}"
        history.setdefault(line, []).append(OtaVersion(source, when, commit=commit))
    return [
        OtaDocument(PurePosixPath(f).parts[0], PurePosixPath(f).stem, f, tuple(v))
        for f, v in sorted(history.items(), key=lambda kv: kv[0].casefold())
    ]


class _BlobReader:
    """One ``git cat-file --batch`` process reading ``commit:path`` blobs in turn."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )

    def read(self, commit: str, file: str) -> bytes | None:
        """The file's content at ``commit``; None where the commit deleted it."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{commit}:{file}\n".encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            return None  # "<name> missing": the file was deleted by this commit
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)  # the newline after each blob
        return data

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


# -- dataset folder ----------------------------------------------------------------------


def dataset_documents(
    root: Path, service: str | None = None, terms_type: str | None = None
) -> list[OtaDocument]:
    """``<Service>/<Terms type>/<timestamp>.<ext>`` files, oldest first per document."""
    documents = []
    for type_dir in sorted(root.glob("*/*/"), key=lambda p: str(p).casefold()):
        svc, kind = type_dir.parent.name, type_dir.name
        if svc.startswith(".") or not type_dir.is_dir() or not _wanted(svc, kind, service,
                                                                        terms_type):
            continue
        versions = []
        for file in type_dir.iterdir():
            when = timestamp_of(file.name)
            if file.is_file() and file.suffix.lower() in SUFFIXES and when:
                versions.append(OtaVersion(str(file.resolve()), when, path=file))
        if versions:
            versions.sort(key=lambda v: (v.when, v.source))
            documents.append(OtaDocument(svc, kind, f"{svc}/{kind}", tuple(versions)))
    return documents


# -- import ------------------------------------------------------------------------------


def find_documents(
    path: str | Path, service: str | None = None, terms_type: str | None = None
) -> tuple[str, list[OtaDocument], Path]:
    """``("git" | "dataset", documents, root)`` for an OTA repository or dataset folder."""
    where = Path(path).expanduser()
    if not where.exists():
        raise PolicyViewerError("no such folder", path=str(path))
    if not where.is_dir():
        raise PolicyViewerError(
            "is a file; give the folder of an Open Terms Archive repository or dataset",
            path=str(path),
        )
    root = git_root(where)
    if root is not None and root.resolve() == where.resolve():
        kind, documents = "git", git_documents(root, service, terms_type)
    else:
        kind, root = "dataset", where.resolve()
        documents = dataset_documents(root, service, terms_type)
        subfolders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if not documents and len(subfolders) == 1:  # the folder a dataset archive unpacked to
            root = subfolders[0]
            documents = dataset_documents(root, service, terms_type)
    if not documents:
        wanted = " matching the --service/--type given" if service or terms_type else ""
        raise NotFound(
            f"no Open Terms Archive documents{wanted} found",
            path=str(path),
            hint="expected a git repository of <Service>/<Terms type>.md files, or a dataset "
            "folder of <Service>/<Terms type>/<timestamp>.md files",
        )
    return kind, documents, root


def import_ota(
    lib: Library,
    path: str | Path,
    *,
    service: str | None = None,
    terms_type: str | None = None,
    config: Config = DEFAULT_CONFIG,
    progress: Progress | None = None,
) -> list[DocumentImport]:
    """Import every document's history (see the module docstring). One result per document."""
    lib.check_writable()
    kind, documents, root = find_documents(path, service, terms_type)
    if progress is not None:
        versions = sum(len(d.versions) for d in documents)
        what = "git repository" if kind == "git" else "dataset"
        progress(0, len(documents), f"{what} {root}: {versions} recorded versions to look at")
    reader = _BlobReader(root) if kind == "git" else None
    results = []
    try:
        for done, document in enumerate(documents):
            results.append(_import_document(lib, document, reader, config))
            if progress is not None:
                progress(done + 1, len(documents), results[-1].describe())
    finally:
        if reader is not None:
            reader.close()
    return results


def _latest_folded(lib: Library, name: str) -> tuple[int | None, str | None]:
    try:
        policy = lib.get_policy(name)
    except NotFound:
        return None, None
    versions = lib.versions(policy)
    return policy.id, fold_noise(lib.document(versions[-1]).text) if versions else None


def _documents(
    document: OtaDocument, reader: _BlobReader | None, config: Config, result: DocumentImport
) -> Iterator[tuple[OtaVersion, Document | None]]:
    for version in document.versions:
        try:
            if reader is not None:
                data = reader.read(version.commit or "", document.file)
                if data is None:  # deleted in this commit: nothing to import
                    yield version, None
                    continue
            else:
                assert version.path is not None
                data = version.path.read_bytes()
            yield version, load_bytes(data, PurePosixPath(document.file).name, config)
        except (ImportFailed, OSError) as exc:
            result.failed.append(f"{version.source}: {exc}")
            yield version, None


def _import_document(
    lib: Library, document: OtaDocument, reader: _BlobReader | None, config: Config
) -> DocumentImport:
    name = document.policy_name
    result = DocumentImport(name)
    policy_id, last = _latest_folded(lib, name)
    known = tracking.imported_sources(lib, policy_id) if policy_id is not None else set()
    todo = [v for v in document.versions if v.source not in known]
    result.known = len(document.versions) - len(todo)
    seen: list[str] = []
    pending = OtaDocument(document.service, document.terms_type, document.file, tuple(todo))
    for version, doc in _documents(pending, reader, config, result):
        if doc is None:
            continue
        folded = fold_noise(doc.text)
        if folded == last:
            result.noise += 1
            seen.append(version.source)
            continue
        try:
            added = lib.add_version(name, doc, source=version.source, date=utc_date(version.when))
        except LibraryError:
            raise
        except PolicyViewerError as exc:
            result.failed.append(f"{version.source}: {exc}")
            continue
        policy_id = added.policy.id
        last = folded
        if added.created:
            result.added += 1
        else:  # back to an earlier version's exact text: already stored
            result.earlier += 1
            seen.append(version.source)
    if seen and policy_id is not None:
        tracking.remember_sources(lib, policy_id, seen)
    return result
